/** The comparison itself: address ranges aligned between two sides that cut the outside differently. */
import { describe, expect, it } from 'vitest';
import type { Flow } from '../../src/engine/reach/analysis.js';
import { diffReachability } from '../../src/engine/reach/diff.js';
import { externalPeer, type WorkloadPeer } from '../../src/engine/reach/peers.js';
import { ConnectionSet } from '../../src/engine/net/connections.js';
import { parseCidr } from '../../src/engine/net/ip.js';

const web = { type: 'workload', namespace: 'shop', name: 'web', kind: 'Deployment', key: 'shop/web[Deployment]' } as WorkloadPeer;
const range = (first: string, last: string) => externalPeer({ family: 4, start: parseCidr(`${first}/32`)!.start, end: parseCidr(`${last}/32`)!.start });
const tcp = (port: number) => ConnectionSet.of('TCP', port);

function lines(before: Flow[], after: Flow[]): string[] {
  return diffReachability({ flows: before, workloads: [web] }, { flows: after, workloads: [web] }).changes.map(
    (c) => `${c.kind} ${c.from.key} ${c.before.toString()} -> ${c.after.toString()}`,
  );
}

describe('diffReachability', () => {
  it('cuts both sides where either cuts, and joins neighbours with the same before and after', () => {
    // Before: the whole space on TCP 53. After: 10.0.0.0/8 on TCP 53 and 53/UDP elsewhere.
    const before: Flow[] = [{ from: range('0.0.0.0', '255.255.255.255'), to: web, connections: tcp(53) }];
    const after: Flow[] = [
      { from: range('0.0.0.0', '9.255.255.255'), to: web, connections: ConnectionSet.of('UDP', 53) },
      { from: range('10.0.0.0', '10.255.255.255'), to: web, connections: tcp(53) },
      { from: range('11.0.0.0', '255.255.255.255'), to: web, connections: ConnectionSet.of('UDP', 53) },
    ];
    expect(lines(before, after)).toEqual([
      'changed 0.0.0.0-9.255.255.255[External] TCP 53 -> UDP 53',
      'changed 11.0.0.0-255.255.255.255[External] TCP 53 -> UDP 53',
    ]);
  });

  it('leaves out addresses neither side connects with, and reports a range only one side allows', () => {
    const before: Flow[] = [{ from: web, to: range('10.0.0.0', '10.255.255.255'), connections: tcp(443) }];
    const after: Flow[] = [
      { from: web, to: range('10.0.0.0', '10.8.255.255'), connections: tcp(443) },
      { from: web, to: range('10.10.0.0', '10.255.255.255'), connections: tcp(443) },
      { from: web, to: range('192.168.0.0', '192.168.255.255'), connections: tcp(443) },
    ];
    expect(lines(before, after)).toEqual([
      'removed shop/web[Deployment] TCP 443 -> No Connections',
      'added shop/web[Deployment] No Connections -> TCP 443',
    ]);
    const changes = diffReachability({ flows: before, workloads: [web] }, { flows: after, workloads: [web] }).changes;
    expect(changes.map((c) => c.to.key)).toEqual(['10.9.0.0-10.9.255.255[External]', '192.168.0.0-192.168.255.255[External]']);
  });
});
