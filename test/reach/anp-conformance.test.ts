/**
 * np-guard netpol-analyzer's golden outputs for AdminNetworkPolicy and BaselineAdminNetworkPolicy
 * (../shared/conformance/npguard-anp): `netlint reach --format connlist <case>/manifests` must
 * reproduce every expected.txt byte for byte, and so must the same case with its policies
 * translated to ClusterNetworkPolicy (v1alpha2) on the fly. An optional layer: the cases are
 * another project's files and stay outside this repository.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { conformanceCases } from '../helpers/shared.js';
import { translateStream } from './helpers/cluster-network-policy.js';

const root = new URL('../../', import.meta.url).pathname;
const found = conformanceCases('npguard-anp');
const cases = found?.dir;
const names = found?.names ?? [];

function connlist(dir: string) {
  return spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'reach', '--format', 'connlist', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const expected = (name: string) => readFileSync(join(cases!, name, 'expected.txt'), 'utf8');

describe.skipIf(cases === undefined)('np-guard conformance, admin policies (connlist; optional: ../shared/conformance)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'netlint-cnp-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('finds the cases', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
  });

  it.each(names)('v1alpha1: %s', (name) => {
    const run = connlist(join(cases!, name, 'manifests'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(expected(name));
  });

  it.each(names)('as ClusterNetworkPolicy (v1alpha2): %s', (name) => {
    const source = join(cases!, name, 'manifests');
    const target = join(scratch, name);
    mkdirSync(target);
    let translatedFiles = 0;
    for (const file of readdirSync(source)) {
      const { policies, rest } = translateStream(readFileSync(join(source, file), 'utf8'));
      writeFileSync(join(target, file), rest);
      if (policies === undefined) continue;
      translatedFiles++;
      writeFileSync(join(target, `v1alpha2-${file}`), policies);
    }
    // Every case has admin policies, so every case is really checked in the v1alpha2 form.
    expect(translatedFiles).toBeGreaterThan(0);
    expect(readdirSync(target).map((f) => readFileSync(join(target, f), 'utf8')).join('\n')).not.toMatch(/kind: (Baseline)?AdminNetworkPolicy/);
    // The translation is valid v1alpha2, as netlint's schema of ClusterNetworkPolicy reads it.
    const lint = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), target, '--only', 'schema-violation', '--format', 'json'], { encoding: 'utf8' });
    const files = JSON.parse(lint.stdout) as { filePath: string; messages: { message: string }[] }[];
    expect(files.filter((f) => f.filePath.includes('v1alpha2-')).flatMap((f) => f.messages.map((m) => m.message))).toEqual([]);
    const run = connlist(target);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(expected(name));
  });
});
