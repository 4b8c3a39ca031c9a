/** `netlint diff` names the cluster-wide Allow rules that open a connection, before the NetworkPolicy rules. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'netlint-diff-admin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const apps = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: db, namespace: shop }
spec:
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db, image: postgres, ports: [{ name: pg, containerPort: 5432 }] }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-deny-all, namespace: shop }
spec:
  podSelector: { matchLabels: { app: db } }
  policyTypes: [Ingress]
`;

const admin = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: { name: web-to-db }
spec:
  tier: Admin
  priority: 5
  subject:
    pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: db } } }
  ingress:
    - action: Accept
      from:
        - pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: web } } }
      protocols:
        - destinationNamedPort: pg
`;

mkdirSync(join(dir, 'old'));
mkdirSync(join(dir, 'new'));
writeFileSync(join(dir, 'old', 'apps.yaml'), apps);
writeFileSync(join(dir, 'new', 'apps.yaml'), apps);
writeFileSync(join(dir, 'new', 'admin.yaml'), admin);

function diff(...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'diff', 'old', 'new', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
}

describe('netlint diff with cluster-wide policies', () => {
  it('text: the Accept rule that opens the connection past the NetworkPolicies is named', () => {
    const run = diff();
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      '  + shop/web[Deployment] -> shop/db[Deployment]  TCP 5432\n      admitted by ClusterNetworkPolicy web-to-db ingress rule 1 (new/admin.yaml:10:7)\n',
    );
  });

  it('json: the policy by kind and name, as the schema allows', () => {
    const report = JSON.parse(diff('-f', 'json').stdout) as { changes: { admittedBy?: unknown[] }[] };
    const schema = JSON.parse(readFileSync(join(root, 'schemas/netlint-diff.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: true }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.changes.flatMap((c) => c.admittedBy ?? [])).toEqual([
      { policy: { kind: 'ClusterNetworkPolicy', name: 'web-to-db' }, direction: 'ingress', rule: 1, at: 'new/admin.yaml:10:7' },
    ]);
  });
});
