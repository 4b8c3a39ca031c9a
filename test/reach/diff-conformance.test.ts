/**
 * np-guard netpol-analyzer's diff goldens: `netlint diff --format npguard <case>/old <case>/new`
 * must reproduce every expected.txt byte for byte (../shared/conformance/npguard-diff). An
 * optional layer: the cases are another project's files and stay outside this repository.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformanceCases } from '../helpers/shared.js';

const root = new URL('../../', import.meta.url).pathname;
const found = conformanceCases('npguard-diff');
const cases = found?.dir;
const names = found?.names ?? [];

/**
 * Cases that need what `netlint diff` does not model yet. Each must still fail (so the list is
 * dropped as soon as the feature lands) and must contain the kind that explains why.
 */
const pending: Readonly<Record<string, { kind: RegExp; reason: string }>> = {};

function run(name: string) {
  const dir = join(cases!, name);
  const result = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'diff', '--format', 'npguard', join(dir, 'old'), join(dir, 'new')], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ...result, expected: readFileSync(join(dir, 'expected.txt'), 'utf8') };
}

/** Every manifest of a case, old and new, as one text. */
function manifests(name: string): string {
  return ['old', 'new']
    .flatMap((side) => readdirSync(join(cases!, name, side)).map((file) => readFileSync(join(cases!, name, side, file), 'utf8')))
    .join('\n');
}

describe.skipIf(cases === undefined)('np-guard conformance (diff; optional: ../shared/conformance)', () => {
  it('finds the cases, and every pending one exists', () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(pending).filter((name) => !names.includes(name))).toEqual([]);
  });

  it.each(names.filter((name) => !(name in pending)))('%s', (name) => {
    const result = run(name);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(result.expected);
  });

  it.each(Object.entries(pending).map(([name, { kind, reason }]) => [name, reason, kind] as const))('pending: %s (%s)', (name, _reason, kind) => {
    expect(manifests(name)).toMatch(kind);
    const result = run(name);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toBe(result.expected);
  });
});
