import { describe, expect, it } from 'vitest';
import { flowFormatters, flowJson, jsonFormatter, type FlowFormatter } from '../../src/reporters/reach/flows.js';
import type { Flow } from '../../src/engine/reach/analysis.js';
import { ConnectionSet } from '../../src/engine/net/connections.js';
import { parseCidr, type IpInterval } from '../../src/engine/net/ip.js';
import type { ExternalPeer, WorkloadPeer } from '../../src/engine/reach/peers.js';

/** Flows between address ranges only: enough for the JSON printer, which reads peers and connections. */
function flows(count: number): Flow[] {
  const peer = (i: number): ExternalPeer => ({ type: 'external', key: `r${i}`, interval: parseCidr(`10.${(i >> 8) & 255}.${i & 255}.0/24`) as IpInterval });
  // Workload peers with names JSON must escape, and peers and sets shared between flows, as in a real listing.
  const workload = (i: number) => ({ type: 'workload', namespace: 'ns"1', name: `app-${i % 7}\u2028\\`, kind: 'Deployment', key: `w${i % 7}` }) as unknown as WorkloadPeer;
  const shared = ConnectionSet.of('UDP', 53).union(ConnectionSet.of('TCP', 8000, 8090));
  return Array.from({ length: count }, (_, i) => ({
    from: i % 3 ? peer(i) : workload(i),
    to: i % 5 ? workload(i + 1) : peer(i + 1),
    connections: i % 2 ? ConnectionSet.all : i % 3 ? shared : ConnectionSet.of('TCP', 80 + i),
  }));
}

/** What a formatter prints, its text and UTF-8 chunks joined. */
function printedBy(format: FlowFormatter, list: readonly Flow[]): string {
  const decoder = new TextDecoder();
  return [...format(list)].map((piece) => (typeof piece === 'string' ? piece : decoder.decode(piece))).join('');
}

describe('reach --format json printed in chunks', () => {
  // The printer assembles the flows into UTF-8 chunks: the bytes must be those of the whole array at once.
  for (const count of [0, 1, 2, 999, 1000, 1001, 2000, 2501]) {
    it(`${count} flows print as JSON.stringify of the whole list`, () => {
      const list = flows(count);
      expect(printedBy(flowFormatters.json as FlowFormatter, list)).toBe(`${JSON.stringify(list.map(flowJson), null, 2)}\n`);
    });
  }

  // Chunks smaller than one flow, and sizes around one or a few flows: every boundary case of the assembly.
  for (const chunkBytes of [1, 64, 150, 151, 300, 4096]) {
    it(`chunks of ${chunkBytes} bytes print the same bytes`, () => {
      const list = flows(257);
      const pieces = [...jsonFormatter(chunkBytes)(list)];
      expect(pieces.filter((p) => typeof p !== 'string').length).toBeGreaterThan(chunkBytes <= 300 ? 10 : 1);
      expect(printedBy(jsonFormatter(chunkBytes), list)).toBe(`${JSON.stringify(list.map(flowJson), null, 2)}\n`);
    });
  }
});
