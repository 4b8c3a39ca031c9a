/**
 * Sets of connections: for each protocol, a set of port ranges. Immutable, canonical (sorted,
 * merged), so equal sets print the same way.
 */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export const protocols: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

/** An inclusive port range. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

const minPort = 1;
const maxPort = 65535;

/** Whether ranges cover every port (ranges are canonical: merged and sorted). */
function coversAllPorts(ranges: readonly PortRange[]): boolean {
  return ranges.length === 1 && ranges[0]?.from === minPort && ranges[0]?.to === maxPort;
}

export class ConnectionSet {
  /** Computed once: reach asks every set whether it is empty or everything, again and again. */
  private readonly empty: boolean;
  private readonly everything: boolean;

  private constructor(private readonly byProtocol: Readonly<Record<Protocol, readonly PortRange[]>>) {
    this.empty = byProtocol.SCTP.length === 0 && byProtocol.TCP.length === 0 && byProtocol.UDP.length === 0;
    this.everything = coversAllPorts(byProtocol.SCTP) && coversAllPorts(byProtocol.TCP) && coversAllPorts(byProtocol.UDP);
  }

  static readonly none = new ConnectionSet({ SCTP: [], TCP: [], UDP: [] });
  static readonly all = new ConnectionSet({
    SCTP: [{ from: minPort, to: maxPort }],
    TCP: [{ from: minPort, to: maxPort }],
    UDP: [{ from: minPort, to: maxPort }],
  });

  static of(protocol: Protocol, from: number, to: number = from): ConnectionSet {
    const lo = Math.max(minPort, from);
    const hi = Math.min(maxPort, to);
    if (lo > hi) return ConnectionSet.none;
    return new ConnectionSet({ SCTP: [], TCP: [], UDP: [], [protocol]: [{ from: lo, to: hi }] });
  }

  ranges(protocol: Protocol): readonly PortRange[] {
    return this.byProtocol[protocol];
  }

  isEmpty(): boolean {
    return this.empty;
  }

  isAll(): boolean {
    return this.everything;
  }

  has(protocol: Protocol, port: number): boolean {
    return this.byProtocol[protocol].some((r) => r.from <= port && port <= r.to);
  }

  union(other: ConnectionSet): ConnectionSet {
    if (other === this || other.isEmpty() || this.isAll()) return this;
    if (this.isEmpty() || other.isAll()) return other;
    return new ConnectionSet({
      SCTP: merge([...this.byProtocol.SCTP, ...other.byProtocol.SCTP]),
      TCP: merge([...this.byProtocol.TCP, ...other.byProtocol.TCP]),
      UDP: merge([...this.byProtocol.UDP, ...other.byProtocol.UDP]),
    });
  }

  intersect(other: ConnectionSet): ConnectionSet {
    if (this.isAll()) return other;
    if (other.isAll() || this === other) return this;
    if (this.isEmpty() || other.isEmpty()) return ConnectionSet.none;
    const result = new ConnectionSet({
      SCTP: intersectRanges(this.byProtocol.SCTP, other.byProtocol.SCTP),
      TCP: intersectRanges(this.byProtocol.TCP, other.byProtocol.TCP),
      UDP: intersectRanges(this.byProtocol.UDP, other.byProtocol.UDP),
    });
    return result.isEmpty() ? ConnectionSet.none : result;
  }

  /** The connections of this set that are not in `other`. */
  subtract(other: ConnectionSet): ConnectionSet {
    if (other.isEmpty() || this.isEmpty()) return this;
    if (other.isAll()) return ConnectionSet.none;
    const result = new ConnectionSet({
      SCTP: subtractRanges(this.byProtocol.SCTP, other.byProtocol.SCTP),
      TCP: subtractRanges(this.byProtocol.TCP, other.byProtocol.TCP),
      UDP: subtractRanges(this.byProtocol.UDP, other.byProtocol.UDP),
    });
    return result.isEmpty() ? ConnectionSet.none : result;
  }

  equals(other: ConnectionSet): boolean {
    return protocols.every((p) => {
      const a = this.byProtocol[p];
      const b = other.byProtocol[p];
      return a.length === b.length && a.every((r, i) => r.from === b[i]?.from && r.to === b[i]?.to);
    });
  }

  /** np-guard's form: `All Connections`, or `TCP 80,8000-8090,UDP 53` (protocols sorted). */
  toString(): string {
    if (this.isAll()) return 'All Connections';
    if (this.isEmpty()) return 'No Connections';
    return protocols
      .filter((p) => this.byProtocol[p].length > 0)
      .map((p) => `${p} ${this.byProtocol[p].map(formatRange).join(',')}`)
      .join(',');
  }

  /** Ranges per protocol as strings, for JSON: `{ TCP: ['80', '8000-8090'] }`. */
  toJSON(): 'all' | Partial<Record<Protocol, string[]>> {
    if (this.isAll()) return 'all';
    const out: Partial<Record<Protocol, string[]>> = {};
    for (const p of protocols) if (this.byProtocol[p].length > 0) out[p] = this.byProtocol[p].map(formatRange);
    return out;
  }
}

function formatRange(range: PortRange): string {
  return range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
}

function merge(ranges: PortRange[]): PortRange[] {
  if (ranges.length <= 1) return ranges;
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const out: PortRange[] = [];
  let current = sorted[0] as PortRange;
  for (const next of sorted.slice(1)) {
    if (next.from <= current.to + 1) current = { from: current.from, to: Math.max(current.to, next.to) };
    else {
      out.push(current);
      current = next;
    }
  }
  out.push(current);
  return out;
}

/** Ranges of `a` minus ranges of `b`; both sorted and merged. */
function subtractRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  for (const range of a) {
    let from = range.from;
    for (const cut of b) {
      if (cut.to < from || cut.from > range.to) continue;
      if (cut.from > from) out.push({ from, to: cut.from - 1 });
      from = Math.max(from, cut.to + 1);
      if (from > range.to) break;
    }
    if (from <= range.to) out.push({ from, to: range.to });
  }
  return out;
}

function intersectRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as PortRange;
    const y = b[j] as PortRange;
    const from = Math.max(x.from, y.from);
    const to = Math.min(x.to, y.to);
    if (from <= to) out.push({ from, to });
    if (x.to < y.to) i++;
    else j++;
  }
  return out;
}
