/**
 * netlint's reachability engine against the naive reference evaluator (naive-reach.ts), on
 * thousands of small random clusters: for every pair of workloads, every protocol and every probe
 * port, and between workloads and a few addresses outside the cluster, both must give the same
 * verdict. A failing case shrinks to a minimal cluster and the message prints its manifest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reach } from '../../src/api.js';
import { parseAddress } from '../../src/engine/net/ip.js';
import { Reachability } from '../../src/engine/reach/analysis.js';
import { externalPeer, type WorkloadPeer } from '../../src/engine/reach/peers.js';
import { clusterArb, clusterYaml, probeAddresses } from './clusters.js';
import { naiveAllowed, naiveCluster, selectorMatches, type NaiveEnd, type NaiveProtocol } from './naive-reach.js';

const protocols: readonly NaiveProtocol[] = ['TCP', 'UDP', 'SCTP'];

/** A fixed seed keeps CI deterministic; NETLINT_FC_SEED=<n> explores other cases locally. */
const fixedSeed = Number(process.env.NETLINT_FC_SEED ?? 20261201);

/** Declared ports, policy ports and both sides of every endPort boundary, plus a few others. */
function probePorts(text: string): number[] {
  const ports = new Set<number>([1, 22, 443, 65535]);
  for (const match of text.matchAll(/(?:containerPort|port|endPort): (\d+)/g)) {
    const n = Number(match[1]);
    for (const p of [n - 1, n, n + 1]) if (p >= 1 && p <= 65535) ports.add(p);
  }
  return [...ports].sort((a, b) => a - b);
}

/** How many verdicts were compared, so that the property cannot pass by comparing nothing. */
const verdicts = { cases: 0, allowed: 0, denied: 0 };

/** Every disagreement between netlint and the reference on one manifest, as lines. */
function disagreements(text: string): string[] {
  const report = reach({ files: [{ path: 'cluster.yaml', text }] }, { config: false, cwd: '/' });
  expect(report.inputFindings).toEqual([]);
  const analysis = new Reachability(report.model);
  const cluster = naiveCluster(text);
  const peerOf = new Map<string, WorkloadPeer>(analysis.peers.map((p) => [p.key, p]));
  const ends = cluster.pods.map((pod) => {
    const key = `${pod.namespace}/${pod.name}[Deployment]`;
    const peer = peerOf.get(key);
    if (!peer) throw new Error(`netlint has no peer ${key}`);
    return { key, end: { pod } as NaiveEnd, peer };
  });
  const ports = probePorts(text);
  const found: string[] = [];
  verdicts.cases++;
  const compare = (label: string, connections: { has(protocol: NaiveProtocol, port: number): boolean }, from: NaiveEnd, to: NaiveEnd) => {
    for (const protocol of protocols) {
      for (const port of ports) {
        const engine = connections.has(protocol, port);
        const naive = naiveAllowed(cluster, from, to, protocol, port);
        if (naive) verdicts.allowed++;
        else verdicts.denied++;
        if (engine !== naive) found.push(`${label} ${port}/${protocol}: netlint ${engine ? 'allows' : 'denies'}, reference ${naive ? 'allows' : 'denies'}`);
      }
    }
  };
  for (const a of ends) for (const b of ends) compare(`${a.key} -> ${b.key}`, analysis.connections(a.peer, b.peer), a.end, b.end);
  for (const ip of probeAddresses) {
    const external = externalPeer(parseAddress(ip)!);
    for (const a of ends) {
      compare(`${a.key} -> ${ip}`, analysis.connections(a.peer, external), a.end, { ip });
      compare(`${ip} -> ${a.key}`, analysis.connections(external, a.peer), { ip }, a.end);
    }
  }
  return found;
}

describe('the naive reference evaluator itself', () => {
  it('matches label selectors as the API reference says', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'db' } }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'web'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'team', operator: 'In', values: ['x'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['x'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels)).toBe(false);
  });

  it('decides a hand-written cluster as the documentation does', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: x}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec: {template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c, ports: [{name: sql, containerPort: 5432}]}]}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: sql}]
  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
    ports: [{port: 5000, endPort: 5002, protocol: UDP}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}]}]
`;
    const cluster = naiveCluster(text);
    const [web, db] = cluster.pods.map((pod) => ({ pod }) as NaiveEnd);
    expect(naiveAllowed(cluster, web!, db!, 'TCP', 5432)).toBe(true);
    expect(naiveAllowed(cluster, web!, db!, 'UDP', 5432)).toBe(false);
    expect(naiveAllowed(cluster, web!, db!, 'TCP', 8080)).toBe(false);
    // web-egress has egress rules and no policyTypes: Ingress and Egress, so web's ingress is shut.
    expect(naiveAllowed(cluster, db!, web!, 'TCP', 8080)).toBe(false);
    // web's egress is isolated (egress rules, no policyTypes): addresses are not in its namespace.
    expect(naiveAllowed(cluster, web!, { ip: '8.8.8.8' }, 'TCP', 443)).toBe(false);
    expect(naiveAllowed(cluster, db!, { ip: '8.8.8.8' }, 'TCP', 443)).toBe(true);
    expect(naiveAllowed(cluster, { ip: '10.2.0.1' }, db!, 'UDP', 5002)).toBe(true);
    expect(naiveAllowed(cluster, { ip: '10.2.0.1' }, db!, 'UDP', 5003)).toBe(false);
    expect(naiveAllowed(cluster, { ip: '10.1.0.1' }, db!, 'UDP', 5001)).toBe(false);
    expect(naiveAllowed(cluster, { ip: '10.2.0.1' }, web!, 'SCTP', 1)).toBe(false);
    // The same cluster, through netlint: nothing to disagree on.
    expect(disagreements(text)).toEqual([]);
  });
});

describe('netlint reach agrees with the naive reference evaluator', () => {
  it('on every flow of random small clusters', () => {
    fc.assert(
      fc.property(clusterArb, (generated) => {
        const text = clusterYaml(generated);
        const found = disagreements(text);
        if (found.length > 0) throw new Error(`${found.slice(0, 10).join('\n')}\n--- manifest ---\n${text}`);
      }),
      { numRuns: 1000, seed: fixedSeed },
    );
    // Both verdicts must be common: a generator that isolates nothing (or everything) tests little.
    const total = verdicts.allowed + verdicts.denied;
    expect(verdicts.cases).toBeGreaterThanOrEqual(1000);
    expect(verdicts.allowed / total).toBeGreaterThan(0.1);
    expect(verdicts.denied / total).toBeGreaterThan(0.1);
  }, 120_000);
});
