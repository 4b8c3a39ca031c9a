/** The progress line's decisions: whether to show one at all, when to draw, and erasing it. Time is a fake clock. */
import { describe, expect, it } from 'vitest';
import { showsProgress, terminalProgress } from '../../src/engine/progress.js';

describe('showsProgress', () => {
  it('shows on a terminal outside CI', () => {
    expect(showsProgress(true, {})).toBe(true);
    expect(showsProgress(true, { CI: 'false' })).toBe(true);
    expect(showsProgress(true, { CI: '' })).toBe(true);
  });
  it('never shows when stderr is not a terminal', () => {
    expect(showsProgress(false, {})).toBe(false);
  });
  it('never shows in CI', () => {
    expect(showsProgress(true, { CI: 'true' })).toBe(false);
    expect(showsProgress(true, { CI: '1' })).toBe(false);
    expect(showsProgress(true, { CI: 'woodpecker' })).toBe(false);
  });
});

function fakeRun() {
  let time = 0;
  const written: string[] = [];
  const progress = terminalProgress((text) => written.push(text), { now: () => time });
  return { progress, written, advance: (ms: number) => (time += ms) };
}

describe('terminalProgress', () => {
  it('draws nothing, and erases nothing, in a run shorter than two seconds', () => {
    const { progress, written, advance } = fakeRun();
    progress.step('parsing', { files: 1, documents: 3 });
    advance(1999);
    progress.step('running rules');
    progress.done();
    expect(written).toEqual([]);
  });
  it('draws files, documents and phase once the run is long, then erases the line', () => {
    const { progress, written, advance } = fakeRun();
    progress.step('parsing', { files: 1, documents: 5 });
    advance(2500);
    progress.step('parsing', { files: 1200, documents: 6000 });
    progress.done();
    expect(written).toEqual(['\r\x1b[2Knetlint: parsing · 1,200 files read · 6,000 documents', '\r\x1b[2K']);
  });
  it('redraws at most every tenth of a second and keeps the counts across phases', () => {
    const { progress, written, advance } = fakeRun();
    advance(3000);
    progress.step('parsing', { files: 10, documents: 20 });
    advance(50);
    progress.step('parsing', { files: 11, documents: 22 });
    advance(60);
    progress.step('running rules');
    expect(written).toEqual(['\r\x1b[2Knetlint: parsing · 10 files read · 20 documents', '\r\x1b[2Knetlint: running rules · 11 files read · 22 documents']);
  });
});
