/** `netlint --fix` and `--fix-dry-run` on the command line: what is written, printed and refused. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { runNetlint } from './helpers/run.js';

const fixture = new URL('./fixtures/dns-tcp-missing/fix/block-item.yaml', import.meta.url).pathname;
const original = readFileSync(fixture, 'utf8');
const fixed = readFileSync(fixture.replace('.yaml', '.fixed.yaml'), 'utf8');

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'netlint-fix-'));
  writeFileSync(join(dir, 'policy.yaml'), original);
  return dir;
}

describe('netlint --fix', () => {
  it('writes the fixed text in place and reports only what remains', () => {
    const cwd = workspace();
    const run = runNetlint(['--no-config', '--fix', 'policy.yaml'], { cwd });
    expect(readFileSync(join(cwd, 'policy.yaml'), 'utf8')).toBe(fixed);
    expect(run.stdout).not.toContain('dns-tcp-missing');
    expect(run.code).toBe(0);
  });

  it('keeps a byte-order mark', () => {
    const cwd = workspace();
    writeFileSync(join(cwd, 'policy.yaml'), `\ufeff${original}`);
    runNetlint(['--no-config', '--fix', 'policy.yaml'], { cwd });
    expect(readFileSync(join(cwd, 'policy.yaml'), 'utf8')).toBe(`\ufeff${fixed}`);
  });

  it('refuses standard input with exit 2, pointing at --fix-dry-run', () => {
    const run = runNetlint(['--no-config', '--fix', '-'], { cwd: workspace(), stdin: original });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--fix cannot write standard input back; use --fix-dry-run');
    expect(run.stdout).toBe('');
  });

  it('refuses --fix with --fix-dry-run', () => {
    const run = runNetlint(['--no-config', '--fix', '--fix-dry-run', 'policy.yaml'], { cwd: workspace() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('exclude each other');
  });
});

describe('netlint --fix-dry-run', () => {
  it('prints a unified diff on stdout, writes nothing, and reports the finding it would fix on stderr', () => {
    const cwd = workspace();
    const run = runNetlint(['--no-config', '--fix-dry-run', 'policy.yaml'], { cwd });
    expect(readFileSync(join(cwd, 'policy.yaml'), 'utf8')).toBe(original);
    expect(run.stdout).toMatch(/^--- a\/policy\.yaml\n\+\+\+ b\/policy\.yaml\n@@ /);
    // The patch turns the original into exactly what --fix writes.
    expect(applyPatch(original, run.stdout)).toBe(fixed);
    // What remains after the fixes: here nothing of the rule.
    expect(run.stderr).not.toContain('dns-tcp-missing');
    expect(run.code).toBe(0);
  });

  it('diffs standard input under its name', () => {
    const run = runNetlint(['--no-config', '--fix-dry-run', '--stdin-filename', 'k8s/dns.yaml', '-'], { cwd: workspace(), stdin: original });
    expect(run.stdout).toMatch(/^--- a\/k8s\/dns\.yaml\n\+\+\+ b\/k8s\/dns\.yaml\n/);
  });

  it('prints nothing on stdout when there is nothing to fix', () => {
    const cwd = workspace();
    writeFileSync(join(cwd, 'policy.yaml'), fixed);
    const run = runNetlint(['--no-config', '--fix-dry-run', 'policy.yaml'], { cwd });
    expect(run.stdout).toBe('');
  });
});
