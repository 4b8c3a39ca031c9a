/**
 * The project's own fixture for what only ClusterNetworkPolicy (v1alpha2) has
 * (fixtures/cluster-network-policy): `netlint reach --format connlist` must print expected.txt,
 * worked out by hand from the API reference, and the order of Baseline-tier policies must matter.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const fixture = join(root, 'test/reach/fixtures/cluster-network-policy');

function connlist(file: string) {
  return spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'reach', '--format', 'connlist', file], { encoding: 'utf8' });
}

describe('ClusterNetworkPolicy (v1alpha2) fixture', () => {
  it('prints the expected connlist, with a note on the domainNames peer it cannot judge', () => {
    const run = connlist(join(fixture, 'manifests.yaml'));
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(fixture, 'expected.txt'), 'utf8'));
    expect(run.stderr).toBe(
      'netlint reach: note: node addresses and domain names are not in manifests, so nodes and domainNames peers are taken to match nothing (as np-guard does): ClusterNetworkPolicy shop-egress egress rule 3 (Accept) (domainNames)\n',
    );
  });

  it('Baseline-tier policies apply by priority: with the deny first, ops loses data', () => {
    const text = readFileSync(join(fixture, 'manifests.yaml'), 'utf8');
    const swapped = text.replace('priority: 1\n', 'priority: 3\n');
    expect(swapped).not.toBe(text);
    const dir = mkdtempSync(join(tmpdir(), 'netlint-cnp-'));
    try {
      writeFileSync(join(dir, 'm.yaml'), swapped);
      const lines = connlist(join(dir, 'm.yaml')).stdout.split('\n');
      expect(lines).not.toContain('ops/probe[Deployment] => data/db[Deployment] : All Connections');
      expect(lines.filter((l) => l.includes('=> data/db'))).toEqual([
        '0.0.0.0-255.255.255.255[External] => data/db[Deployment] : All Connections',
        'shop/web[Deployment] => data/db[Deployment] : TCP 5000-6000',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
