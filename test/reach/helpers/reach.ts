/**
 * Building a Reachability from inline YAML, finding peers by key, and checking the indexed fast
 * path against the direct evaluation (sideAllows) of each side, and flows() against connections().
 */
import { expect } from 'vitest';
import { ClusterModel } from '../../../src/engine/model/cluster.js';
import { parseFile } from '../../../src/engine/parse.js';
import { Reachability, sideAllows } from '../../../src/engine/reach/analysis.js';
import type { ExternalPeer, WorkloadPeer } from '../../../src/engine/reach/peers.js';
import { defaultSettings, type Settings } from '../../../src/engine/settings.js';
import { createSourceFile } from '../../../src/engine/source.js';

export function modelOf(text: string, settings: Settings = defaultSettings): ClusterModel {
  const parsed = parseFile(createSourceFile('m.yaml', undefined, text));
  expect(parsed.findings).toEqual([]);
  return ClusterModel.fromDocuments(parsed.documents, settings);
}

export function reachOf(text: string, settings: Settings = defaultSettings): Reachability {
  return new Reachability(modelOf(text, settings));
}

type Labels = Record<string, string>;
interface Port {
  containerPort: number;
  name?: string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** A Deployment (JSON is YAML), shown as `namespace/name[Deployment]`. */
export function deployment(namespace: string, name: string, labels: Labels, ports: Port[] = []): string {
  const spec = { template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'x', ports }] } } };
  return `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec: ${JSON.stringify(spec)}
`;
}

export function namespace(name: string, labels: Labels = {}): string {
  return `---
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: ${JSON.stringify(labels)}}
`;
}

export function peer(reach: Reachability, key: string): WorkloadPeer {
  const found = reach.peers.find((p) => p.key === key);
  if (!found) throw new Error(`no peer ${key}; peers: ${reach.peers.map((p) => p.key).join(' ')}`);
  return found;
}

export function source(reach: Reachability, key: string): ExternalPeer {
  const found = reach.externalSources().find((p) => p.key === `${key}[External]`);
  if (!found) throw new Error(`no source ${key}; sources: ${reach.externalSources().map((p) => p.key).join(' ')}`);
  return found;
}

export function destination(reach: Reachability, key: string): ExternalPeer {
  const found = reach.externalDestinations().find((p) => p.key === `${key}[External]`);
  if (!found) throw new Error(`no destination ${key}; destinations: ${reach.externalDestinations().map((p) => p.key).join(' ')}`);
  return found;
}

/** `reach.connections(from, to).toString()` by keys (external keys without `[External]`). */
export function conn(reach: Reachability, from: string, to: string): string {
  const a = reach.peers.some((p) => p.key === from) ? peer(reach, from) : source(reach, from);
  const b = reach.peers.some((p) => p.key === to) ? peer(reach, to) : destination(reach, to);
  return reach.connections(a, b).toString();
}

/** Every flow as `from => to: connections`. */
export function flowLines(reach: Reachability): string[] {
  return reach.flows().map((f) => `${f.from.key} => ${f.to.key}: ${f.connections.toString()}`);
}

/** The matrix of all workload pairs (self pairs included), for cross-checks and snapshots. */
export function matrix(reach: Reachability): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of reach.peers) for (const b of reach.peers) out[`${a.key} => ${b.key}`] = reach.connections(a, b).toString();
  return out;
}

/**
 * The indexed per-class allowances must agree with the direct evaluation of both sides, for every
 * pair of workload peers and every external atom; flows() must list exactly the allowed pairs.
 * Returns how many pairs were compared.
 */
export function crossCheck(reach: Reachability): number {
  const { model } = reach;
  const mismatches: string[] = [];
  let compared = 0;
  for (const a of reach.peers) {
    for (const b of reach.peers) {
      const fast = reach.connections(a, b);
      const direct = sideAllows(model, a.podClass, 'Egress', { type: 'pods', pods: b.podClass })
        .intersect(sideAllows(model, b.podClass, 'Ingress', { type: 'pods', pods: a.podClass }));
      compared++;
      if (!fast.equals(direct) || fast.toString() !== direct.toString()) {
        mismatches.push(`${a.key} => ${b.key}: indexed ${fast.toString()}, direct ${direct.toString()}`);
      }
    }
    for (const ext of reach.externalDestinations()) {
      const fast = reach.connections(a, ext);
      const direct = sideAllows(model, a.podClass, 'Egress', { type: 'ip', interval: ext.interval });
      compared++;
      if (!fast.equals(direct)) mismatches.push(`${a.key} => ${ext.key}: indexed ${fast.toString()}, direct ${direct.toString()}`);
    }
  }
  for (const ext of reach.externalSources()) {
    for (const b of reach.peers) {
      const fast = reach.connections(ext, b);
      const direct = sideAllows(model, b.podClass, 'Ingress', { type: 'ip', interval: ext.interval });
      compared++;
      if (!fast.equals(direct)) mismatches.push(`${ext.key} => ${b.key}: indexed ${fast.toString()}, direct ${direct.toString()}`);
    }
  }
  expect(mismatches).toEqual([]);
  // flows() (which skips work per pod class) lists exactly the non-empty pairs of connections().
  const expected: string[] = [];
  const line = (a: { key: string }, b: { key: string }, c: { toString(): string }) => `${a.key} => ${b.key}: ${c.toString()}`;
  for (const ext of reach.externalSources()) {
    for (const b of reach.peers) {
      const c = reach.connections(ext, b);
      if (!c.isEmpty()) expected.push(line(ext, b, c));
    }
  }
  for (const a of reach.peers) {
    for (const b of reach.peers) {
      const c = reach.connections(a, b);
      if (a.key !== b.key && !c.isEmpty()) expected.push(line(a, b, c));
    }
    for (const ext of reach.externalDestinations()) {
      const c = reach.connections(a, ext);
      if (!c.isEmpty()) expected.push(line(a, ext, c));
    }
  }
  // The ingress controller's flows: what Ingresses and Routes expose, as connections() answers.
  for (const b of reach.peers) {
    const c = reach.connections(reach.controller, b);
    if (!c.isEmpty()) expected.push(line(reach.controller, b, c));
  }
  const byKey = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  expect([...flowLines(reach)].sort(byKey)).toEqual(expected.sort(byKey));
  return compared;
}

/** A deterministic pseudo-random generator, so a failing seed reproduces. */
export function prng(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return {
    int: (n: number) => next() % n,
    pick: <T>(items: readonly T[]): T => items[next() % items.length] as T,
    chance: (p: number) => next() % 1000 < p * 1000,
  };
}
