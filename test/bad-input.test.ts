/**
 * Hostile and broken input, run as a user runs netlint: each case of test/fixtures/bad-input/
 * (cases.ts says what it must do) is linted by the built CLI beside good.yaml, in a folder of its
 * own. Every case must give its exit code and its findings at their lines (or its read problem
 * on standard error), never a stack trace, within bounded time and memory, and good.yaml must
 * still get its warning.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { badInputCases, type BadInputCase } from './fixtures/bad-input/cases.js';

const root = new URL('..', import.meta.url).pathname;
const corpus = join(root, 'test/fixtures/bad-input');
const cli = join(root, 'dist/cli.cjs');
const peakRss = join(root, 'test/helpers/report-peak-rss.mjs');

/** Generous bounds: a case that hangs or balloons fails; this is not a benchmark. */
const maxSeconds = 60;
const maxHeapMiB = 512;
const maxRssMiB = 1024;

interface JsonResult {
  filePath: string;
  messages: { ruleId: string; messageId: string; line: number; severity: number; message: string }[];
}

const workspace = mkdtempSync(join(tmpdir(), 'netlint-bad-input-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/** A folder holding good.yaml and the case, written or copied there. */
function folderFor(testCase: BadInputCase, index: number): string {
  const dir = mkdtempSync(join(workspace, `${index}-`));
  copyFileSync(join(corpus, 'good.yaml'), join(dir, 'good.yaml'));
  if (testCase.generate) testCase.generate(dir);
  else copyFileSync(join(corpus, testCase.file), join(dir, testCase.file));
  return dir;
}

function runCase(testCase: BadInputCase, index: number) {
  const dir = folderFor(testCase, index);
  const rssFile = join(dir, '.rss');
  const started = Date.now();
  const run = spawnSync(process.execPath, [`--max-old-space-size=${maxHeapMiB}`, '--import', peakRss, cli, '-f', 'json', testCase.file, 'good.yaml'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: maxSeconds * 1000,
    maxBuffer: 64 * 1024 * 1024,
    env: { PATH: process.env.PATH ?? '', NETLINT_TEST_RSS_FILE: rssFile },
  });
  const seconds = (Date.now() - started) / 1000;
  const rssMiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : Number.POSITIVE_INFINITY;
  return { ...run, seconds, rssMiB };
}

const isRoot = process.getuid?.() === 0;

describe('hostile and broken input (test/fixtures/bad-input)', () => {
  it('has at least 30 cases, each file committed or generated', () => {
    expect(badInputCases.length).toBeGreaterThanOrEqual(30);
    for (const testCase of badInputCases.filter((c) => !c.generate)) expect(existsSync(join(corpus, testCase.file)), testCase.file).toBe(true);
    expect(new Set(badInputCases.map((c) => c.file)).size).toBe(badInputCases.length);
  });

  it('standard input that is not UTF-8: yaml-syntax at the line of the first bad byte, exit 1', () => {
    const input = Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n', 'latin1');
    const run = spawnSync(process.execPath, [cli, '-f', 'json', '-'], { cwd: workspace, input, encoding: 'utf8', timeout: maxSeconds * 1000, env: { PATH: process.env.PATH ?? '' } });
    expect(run.status, run.stderr).toBe(1);
    const [result] = JSON.parse(run.stdout) as JsonResult[];
    expect(result?.messages.map((m) => `${m.ruleId}/${m.messageId}@${m.line}`)).toEqual(['yaml-syntax/syntax@4']);
    expect(result?.messages[0]?.message).toContain('byte 0xE9 is not UTF-8');
  });

  badInputCases.forEach((testCase, index) => {
    const skip = testCase.needsNonRoot && isRoot;
    const title = `${testCase.name}: exit ${testCase.exit}${testCase.findings.length > 0 ? `, ${testCase.findings.join(' ')}` : ''}${skip ? ' (skipped: running as root, where chmod 000 denies nothing)' : ''}`;
    it.skipIf(skip)(title, () => {
      const run = runCase(testCase, index);
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.error, `the run did not finish in ${maxSeconds} s`).toBeUndefined();
      expect(output).not.toMatch(/^\s+at .+[:(]/m);
      expect(output).not.toMatch(/\b(TypeError|RangeError|ReferenceError|FATAL ERROR)\b/);
      expect(run.status, run.stderr).toBe(testCase.exit);
      expect(run.rssMiB, 'peak resident memory (MiB)').toBeLessThan(maxRssMiB);

      const results = JSON.parse(run.stdout) as JsonResult[];
      const mine = results.filter((r) => basename(r.filePath) === testCase.file || r.filePath.includes(`/${testCase.file}/`));
      const findings = mine.flatMap((r) => r.messages.map((m) => `${m.ruleId}/${m.messageId}@${m.line}`));
      expect(findings).toEqual(testCase.findings);
      if (testCase.says) {
        const said = testCase.exit === 2 ? run.stderr : (mine[0]?.messages[0]?.message ?? '');
        expect(said).toContain(testCase.says);
      }
      if (testCase.exit === 2) expect(run.stderr).toMatch(new RegExp(`^netlint: ${testCase.file}: `, 'm'));

      const good = results.find((r) => basename(r.filePath) === 'good.yaml');
      expect(good?.messages.map((m) => `${m.ruleId}@${m.line}`)).toEqual(['readiness-probe-missing@15']);
    });
  });
});
