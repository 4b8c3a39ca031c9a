/**
 * IP address intervals for ipBlocks: `cidr` minus `except`, and the partition of the address
 * space into the coarsest intervals ("atoms") that every referenced block is a union of.
 */
/** An ipBlock as NetworkPolicy spells it: a CIDR and CIDRs cut out of it. */
export interface CidrBlock {
  readonly cidr: string;
  readonly except: readonly string[];
}

export type Family = 4 | 6;

/** An inclusive interval of addresses of one family. */
export interface IpInterval {
  readonly family: Family;
  readonly start: bigint;
  readonly end: bigint;
}

const bits: Record<Family, number> = { 4: 32, 6: 128 };

export function fullRange(family: Family): IpInterval {
  return { family, start: 0n, end: (1n << BigInt(bits[family])) - 1n };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let address = text;
  // An embedded IPv4 tail (::ffff:10.0.0.1) is two groups written in dotted form.
  const v4 = /(?<=:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4) {
    const value = parseIpv4(v4[1] as string);
    if (value === undefined) return undefined;
    address = `${address.slice(0, v4.index)}${(value >> 16n).toString(16)}:${(value & 0xffffn).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = toGroups(halves[0] as string);
  const rest = halves.length === 2 ? toGroups(halves[1] as string) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** A CIDR as an interval (host bits are masked off, as the API server's parser does). */
export function parseCidr(cidr: string): IpInterval | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!match) return undefined;
  const family: Family = (match[1] as string).includes(':') ? 6 : 4;
  const address = family === 4 ? parseIpv4(match[1] as string) : parseIpv6(match[1] as string);
  const prefix = Number(match[2]);
  if (address === undefined || prefix > bits[family]) return undefined;
  const hostBits = BigInt(bits[family] - prefix);
  const start = (address >> hostBits) << hostBits;
  return { family, start, end: start + (1n << hostBits) - 1n };
}

/** A CIDR with its text, as configured ranges are shown in messages. */
export interface NamedRange {
  readonly text: string;
  readonly interval: IpInterval;
}

/** The valid CIDRs of a list, parsed (invalid ones are dropped: the config schema reports them). */
export function parseCidrs(texts: readonly string[]): NamedRange[] {
  return texts.flatMap((text) => {
    const interval = parseCidr(text);
    return interval ? [{ text, interval }] : [];
  });
}

export function parseAddress(text: string): IpInterval | undefined {
  const family: Family = text.includes(':') ? 6 : 4;
  const value = family === 4 ? parseIpv4(text) : parseIpv6(text);
  return value === undefined ? undefined : { family, start: value, end: value };
}

/** Intervals of each ipBlock of the model, computed once: reach asks again per pod class and per atom. */
const intervalsOfBlock = new WeakMap<CidrBlock, readonly IpInterval[]>();

/**
 * Intervals by the ipBlock's text: policies repeat the same blocks (`0.0.0.0/0 except 10.0.0.0/8`),
 * each its own object. Bounded, for a process that lints many inputs.
 */
const intervalsOfText = new Map<string, readonly IpInterval[]>();
const textsRemembered = 4096;

/** `cidr` minus every `except`, as sorted disjoint intervals. Invalid CIDRs yield nothing. */
export function ipBlockIntervals(block: CidrBlock): readonly IpInterval[] {
  // A plain get-or-compute, not util's remembered(): net/ imports nothing outside itself (meta-test).
  let intervals = intervalsOfBlock.get(block);
  if (intervals === undefined) {
    const text = JSON.stringify([block.cidr, ...block.except]);
    intervals = intervalsOfText.get(text);
    if (intervals === undefined) {
      intervals = subtractExceptions(block);
      if (intervalsOfText.size >= textsRemembered) intervalsOfText.clear();
      intervalsOfText.set(text, intervals);
    }
    intervalsOfBlock.set(block, intervals);
  }
  return intervals;
}

function subtractExceptions(block: CidrBlock): IpInterval[] {
  const cidr = parseCidr(block.cidr);
  if (!cidr) return [];
  let remaining: IpInterval[] = [cidr];
  for (const text of block.except) {
    const cut = parseCidr(text);
    if (!cut || cut.family !== cidr.family) continue;
    remaining = remaining.flatMap((interval) => {
      if (cut.end < interval.start || cut.start > interval.end) return [interval];
      const pieces: IpInterval[] = [];
      if (cut.start > interval.start) pieces.push({ family: interval.family, start: interval.start, end: cut.start - 1n });
      if (cut.end < interval.end) pieces.push({ family: interval.family, start: cut.end + 1n, end: interval.end });
      return pieces;
    });
  }
  return remaining;
}

export function contains(intervals: readonly IpInterval[], point: IpInterval): boolean {
  return intervals.some((i) => i.family === point.family && i.start <= point.start && point.end <= i.end);
}

/**
 * The coarsest partition of each family's address space into intervals such that every given
 * interval is a union of them. IPv6 is partitioned only when some interval is IPv6.
 */
export function atoms(referenced: readonly IpInterval[]): IpInterval[] {
  const out: IpInterval[] = [];
  for (const family of [4, 6] as const) {
    const mine = referenced.filter((i) => i.family === family);
    if (family === 6 && mine.length === 0) continue;
    const full = fullRange(family);
    const cuts = new Set<bigint>([full.start, full.end + 1n]);
    for (const i of mine) {
      cuts.add(i.start);
      cuts.add(i.end + 1n);
    }
    const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let k = 0; k + 1 < sorted.length; k++) {
      out.push({ family, start: sorted[k] as bigint, end: (sorted[k + 1] as bigint) - 1n });
    }
  }
  return out;
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.length && j - i > 1) best = { at: i, length: j - i };
    i = j;
  }
  if (best.at === -1) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.length).join(':')}`;
}

export function formatAddress(family: Family, value: bigint): string {
  return family === 4 ? formatIpv4(value) : formatIpv6(value);
}

/** `first-last`, the form np-guard prints: `0.0.0.0-255.255.255.255`. */
export function formatInterval(interval: IpInterval): string {
  return `${formatAddress(interval.family, interval.start)}-${formatAddress(interval.family, interval.end)}`;
}
