/**
 * np-guard netpol-analyzer's golden outputs: `netlint reach --format connlist <case>/manifests`
 * must reproduce every expected.txt byte for byte (../shared/conformance/npguard). An optional
 * layer: the cases are another project's files and stay outside this repository.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformanceCases } from '../helpers/shared.js';

const root = new URL('../../', import.meta.url).pathname;
const found = conformanceCases('npguard');
const cases = found?.dir;
const names = found?.names ?? [];

describe.skipIf(cases === undefined)('np-guard conformance (connlist; optional: ../shared/conformance)', () => {
  it('finds the cases', () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
  });

  it.each(names)('%s', (name) => {
    const run = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'reach', '--format', 'connlist', join(cases!, name, 'manifests')], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(cases!, name, 'expected.txt'), 'utf8'));
  });
});
