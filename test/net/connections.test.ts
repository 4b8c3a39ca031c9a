import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/engine/model/ports.js';
import { ConnectionSet } from '../../src/engine/net/connections.js';

const { all, none } = ConnectionSet;
const of = ConnectionSet.of;

function union(...sets: ConnectionSet[]): ConnectionSet {
  return sets.reduce((a, b) => a.union(b), none);
}

describe('ConnectionSet.of', () => {
  it('makes a single port or an inclusive range', () => {
    expect(of('TCP', 80).toString()).toBe('TCP 80');
    expect(of('UDP', 8000, 8090).toString()).toBe('UDP 8000-8090');
    expect(of('SCTP', 9, 9).ranges('SCTP')).toEqual([{ from: 9, to: 9 }]);
    expect(of('TCP', 80).ranges('UDP')).toEqual([]);
  });

  it('clamps to 1-65535 and is empty for an empty or out-of-range interval', () => {
    expect(of('TCP', 0, 70000).toString()).toBe('TCP 1-65535');
    expect(of('TCP', 0).isEmpty()).toBe(true);
    expect(of('TCP', 70000).isEmpty()).toBe(true);
    expect(of('TCP', 90, 80).isEmpty()).toBe(true);
    expect(of('TCP', 90, 80).toString()).toBe('No Connections');
  });
});

describe('isAll / isEmpty', () => {
  it('knows the constants', () => {
    expect(all.isAll()).toBe(true);
    expect(all.isEmpty()).toBe(false);
    expect(none.isEmpty()).toBe(true);
    expect(none.isAll()).toBe(false);
  });

  it('one protocol in full is not all', () => {
    const tcp = of('TCP', 1, 65535);
    expect(tcp.isAll()).toBe(false);
    expect(tcp.isEmpty()).toBe(false);
    expect(tcp.toString()).toBe('TCP 1-65535');
    expect(tcp.union(of('UDP', 1, 65535)).toString()).toBe('TCP 1-65535,UDP 1-65535');
  });

  it('the union of TCP, UDP and SCTP full ranges, built from pieces, is all', () => {
    const set = union(of('UDP', 1, 65535), of('TCP', 1, 100), of('TCP', 101, 65535), of('SCTP', 1, 30000), of('SCTP', 30001, 65535));
    expect(set.isAll()).toBe(true);
    expect(set.toString()).toBe('All Connections');
    expect(set.toJSON()).toBe('all');
    expect(set.equals(all)).toBe(true);
  });

  it('all minus one port is not all', () => {
    const set = union(of('UDP', 1, 65535), of('TCP', 1, 65535), of('SCTP', 1, 65534));
    expect(set.isAll()).toBe(false);
    expect(set.toString()).toBe('SCTP 1-65534,TCP 1-65535,UDP 1-65535');
  });
});

describe('union', () => {
  it('merges adjacent ranges', () => {
    expect(of('TCP', 8080).union(of('TCP', 8081)).toString()).toBe('TCP 8080-8081');
    expect(of('TCP', 8081).union(of('TCP', 8080)).toString()).toBe('TCP 8080-8081');
    expect(union(of('TCP', 1, 10), of('TCP', 12, 20), of('TCP', 11)).toString()).toBe('TCP 1-20');
  });

  it('merges overlapping and contained ranges', () => {
    expect(of('TCP', 8000, 8090).union(of('TCP', 8050, 9000)).toString()).toBe('TCP 8000-9000');
    expect(of('TCP', 8000, 8090).union(of('TCP', 8010, 8020)).toString()).toBe('TCP 8000-8090');
    expect(of('TCP', 80).union(of('TCP', 80)).toString()).toBe('TCP 80');
  });

  it('keeps disjoint ranges apart, sorted', () => {
    expect(union(of('TCP', 443), of('TCP', 80), of('TCP', 8000, 8090)).toString()).toBe('TCP 80,443,8000-8090');
    expect(of('TCP', 80).union(of('TCP', 82)).toString()).toBe('TCP 80,82');
  });

  it('does not merge across protocols', () => {
    expect(of('TCP', 53).union(of('UDP', 53)).toString()).toBe('TCP 53,UDP 53');
  });

  it('prints protocols in the order SCTP, TCP, UDP whatever the insertion order', () => {
    expect(union(of('UDP', 53), of('TCP', 80), of('SCTP', 9)).toString()).toBe('SCTP 9,TCP 80,UDP 53');
    expect(union(of('TCP', 8000, 8090), of('UDP', 53)).toString()).toBe('TCP 8000-8090,UDP 53');
  });

  it('with none is the identity, with all is all', () => {
    expect(of('TCP', 80).union(none).toString()).toBe('TCP 80');
    expect(none.union(of('TCP', 80)).toString()).toBe('TCP 80');
    expect(of('TCP', 80).union(all).isAll()).toBe(true);
    expect(all.union(of('TCP', 80)).isAll()).toBe(true);
  });

  it('does not mutate its operands', () => {
    const a = of('TCP', 80);
    const b = of('TCP', 81);
    a.union(b);
    expect(a.toString()).toBe('TCP 80');
    expect(b.toString()).toBe('TCP 81');
  });
});

describe('intersect', () => {
  it('intersects ranges per protocol', () => {
    const a = union(of('TCP', 80), of('TCP', 443), of('UDP', 53));
    const b = union(of('TCP', 443), of('TCP', 8080), of('UDP', 1, 100));
    expect(a.intersect(b).toString()).toBe('TCP 443,UDP 53');
    expect(b.intersect(a).toString()).toBe('TCP 443,UDP 53');
  });

  it('cuts overlapping ranges', () => {
    expect(of('TCP', 8000, 8090).intersect(of('TCP', 8050, 9000)).toString()).toBe('TCP 8050-8090');
    expect(union(of('TCP', 1, 10), of('TCP', 20, 30)).intersect(of('TCP', 5, 25)).toString()).toBe('TCP 5-10,20-25');
  });

  it('is empty for disjoint sets and across protocols', () => {
    expect(of('TCP', 80).intersect(of('TCP', 81)).isEmpty()).toBe(true);
    expect(of('TCP', 53).intersect(of('UDP', 53)).toString()).toBe('No Connections');
  });

  it('with all is the identity, with none is none', () => {
    expect(all.intersect(of('UDP', 53)).toString()).toBe('UDP 53');
    expect(of('UDP', 53).intersect(all).toString()).toBe('UDP 53');
    expect(of('UDP', 53).intersect(none).isEmpty()).toBe(true);
    expect(none.intersect(all).isEmpty()).toBe(true);
    expect(all.intersect(all).isAll()).toBe(true);
  });
});

describe('has', () => {
  it('tests membership by protocol and port', () => {
    const set = union(of('TCP', 8000, 8090), of('UDP', 53));
    expect(set.has('TCP', 8000)).toBe(true);
    expect(set.has('TCP', 8090)).toBe(true);
    expect(set.has('TCP', 8091)).toBe(false);
    expect(set.has('TCP', 7999)).toBe(false);
    expect(set.has('UDP', 53)).toBe(true);
    expect(set.has('TCP', 53)).toBe(false);
    expect(set.has('SCTP', 53)).toBe(false);
    expect(all.has('SCTP', 65535)).toBe(true);
    expect(none.has('TCP', 80)).toBe(false);
  });
});

describe('toString / toJSON', () => {
  it('uses np-guard spellings', () => {
    expect(all.toString()).toBe('All Connections');
    expect(none.toString()).toBe('No Connections');
    expect(union(of('TCP', 80), of('TCP', 8000, 8090), of('UDP', 53)).toString()).toBe('TCP 80,8000-8090,UDP 53');
  });

  it('gives ranges per protocol as strings in JSON', () => {
    expect(all.toJSON()).toBe('all');
    expect(none.toJSON()).toEqual({});
    expect(union(of('TCP', 80), of('TCP', 8000, 8090), of('SCTP', 9)).toJSON()).toEqual({ SCTP: ['9'], TCP: ['80', '8000-8090'] });
    expect(JSON.stringify({ c: of('UDP', 53) })).toBe('{"c":{"UDP":["53"]}}');
  });
});

describe('equals', () => {
  it('compares canonical forms', () => {
    expect(of('TCP', 80).union(of('TCP', 81)).equals(of('TCP', 80, 81))).toBe(true);
    expect(of('TCP', 80).equals(of('UDP', 80))).toBe(false);
    expect(of('TCP', 80).equals(of('TCP', 80, 81))).toBe(false);
    expect(none.equals(of('TCP', 5, 1))).toBe(true);
  });
});

describe('against a brute-force model on a small port range', () => {
  // A deterministic PRNG, so a failure reproduces.
  let seed = 12345;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const protocolList: Protocol[] = ['SCTP', 'TCP', 'UDP'];
  const randomSet = (): { set: ConnectionSet; members: Set<string> } => {
    let set = none;
    const members = new Set<string>();
    const count = random(5);
    for (let i = 0; i < count; i++) {
      const protocol = protocolList[random(3)] as Protocol;
      const from = 1 + random(40);
      const to = from + random(8);
      set = set.union(of(protocol, from, to));
      for (let p = from; p <= to; p++) members.add(`${protocol}/${p}`);
    }
    return { set, members };
  };
  const check = (set: ConnectionSet, members: Set<string>) => {
    for (const protocol of protocolList) {
      for (let port = 1; port <= 50; port++) expect(set.has(protocol, port), `${protocol}/${port}`).toBe(members.has(`${protocol}/${port}`));
      const ranges = set.ranges(protocol);
      // Canonical: sorted, disjoint and not adjacent.
      for (let i = 1; i < ranges.length; i++) expect((ranges[i] as { from: number }).from).toBeGreaterThan((ranges[i - 1] as { to: number }).to + 1);
    }
  };

  it('union and intersect agree with set operations', () => {
    for (let round = 0; round < 300; round++) {
      const a = randomSet();
      const b = randomSet();
      check(a.set.union(b.set), new Set([...a.members, ...b.members]));
      check(a.set.intersect(b.set), new Set([...a.members].filter((m) => b.members.has(m))));
      expect(a.set.union(b.set).toString()).toBe(b.set.union(a.set).toString());
      expect(a.set.intersect(b.set).toString()).toBe(b.set.intersect(a.set).toString());
    }
  });
});

describe('ConnectionSet.subtract', () => {
  it('removes ports, splitting ranges', () => {
    const tcp = (from: number, to?: number) => ConnectionSet.of('TCP', from, to);
    expect(tcp(8000, 8090).subtract(tcp(8080)).toString()).toBe('TCP 8000-8079,8081-8090');
    expect(tcp(8080).union(tcp(9090)).subtract(tcp(8080)).toString()).toBe('TCP 9090');
    expect(tcp(80).subtract(ConnectionSet.of('UDP', 80)).toString()).toBe('TCP 80');
    expect(tcp(80).subtract(ConnectionSet.all).isEmpty()).toBe(true);
    expect(ConnectionSet.all.subtract(tcp(1, 65535)).toString()).toBe('SCTP 1-65535,UDP 1-65535');
    expect(tcp(1, 10).subtract(tcp(1, 10).union(tcp(20))).isEmpty()).toBe(true);
  });
});
