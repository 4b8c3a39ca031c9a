/**
 * np-guard netpol-analyzer's golden outputs: `netlint reach --format connlist <case>/manifests`
 * must reproduce every expected.txt byte for byte (../shared/conformance/npguard, and
 * npguard-ingress for the {ingress-controller} peer). An optional
 * layer: the cases are another project's files and stay outside this repository.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformanceCases } from '../helpers/shared.js';

const root = new URL('../../', import.meta.url).pathname;

/** Case sets whose expected.txt is the connlist of `<case>/manifests`, and how many cases each has at least. */
const sets = [
  { set: 'npguard', minimum: 15, what: 'NetworkPolicies' },
  { set: 'npguard-ingress', minimum: 3, what: 'exposure through Ingress and OpenShift Route' },
];

for (const { set, minimum, what } of sets) {
  const found = conformanceCases(set);
  const cases = found?.dir;
  const names = found?.names ?? [];

  describe.skipIf(cases === undefined)(`np-guard conformance (connlist, ${what}; optional: ../shared/conformance/${set})`, () => {
    it('finds the cases', () => {
      expect(names.length).toBeGreaterThanOrEqual(minimum);
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
}
