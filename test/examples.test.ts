/**
 * examples/ is the tour of netlint: `netlint examples/` must show every rule that runs by default
 * at least once, so a rule without an example there fails here (add one to examples/).
 */
import { describe, expect, it } from 'vitest';
import { onByDefault } from '../src/engine/message.js';
import { lint } from '../src/index.js';
import { allRuleMeta } from '../src/registry.js';

const root = new URL('..', import.meta.url).pathname;

describe('netlint examples/', () => {
  const report = lint(['examples/'], { cwd: root });
  const shown = new Set(report.files.flatMap((f) => f.messages.map((m) => m.ruleId)));

  it.each(allRuleMeta.filter(onByDefault).map((meta) => meta.id))('shows a finding of %s', (id) => {
    expect(shown.has(id), `no example in examples/ makes ${id} report`).toBe(true);
  });

  it('shows no finding of a rule that is off by default', () => {
    const off = allRuleMeta.filter((meta) => !onByDefault(meta)).map((meta) => meta.id);
    expect(off.length).toBeGreaterThan(0);
    expect([...shown].filter((id) => off.includes(id))).toEqual([]);
  });
});
