import { describe, expect, it } from 'vitest';
import { atoms, contains, formatAddress, formatInterval, fullRange, ipBlockIntervals, parseAddress, parseCidr, type IpInterval } from '../../src/engine/net/ip.js';

/** Dotted IPv4 to a number, computed here independently of the code under test. */
function v4(text: string): bigint {
  return text.split('.').reduce((acc, part) => acc * 256n + BigInt(part), 0n);
}

function i4(start: string, end: string): IpInterval {
  return { family: 4, start: v4(start), end: v4(end) };
}

function block(cidr: string, ...except: string[]) {
  return { cidr, except };
}

const show = (intervals: readonly IpInterval[]) => intervals.map(formatInterval);

describe('parseCidr', () => {
  it('parses IPv4 CIDRs into inclusive intervals', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual(i4('10.0.0.0', '10.255.255.255'));
    expect(parseCidr('192.168.1.7/32')).toEqual(i4('192.168.1.7', '192.168.1.7'));
    expect(parseCidr('0.0.0.0/0')).toEqual(i4('0.0.0.0', '255.255.255.255'));
    expect(parseCidr('172.16.0.0/12')).toEqual(i4('172.16.0.0', '172.31.255.255'));
  });

  it('masks host bits off, as the API server parser does', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual(i4('10.0.0.0', '10.255.255.255'));
    expect(parseCidr('192.168.1.77/24')).toEqual(i4('192.168.1.0', '192.168.1.255'));
    expect(parseCidr('255.255.255.255/0')).toEqual(i4('0.0.0.0', '255.255.255.255'));
    expect(parseCidr('2001:db8::ff/64')).toEqual({ family: 6, start: 0x20010db8_0000_0000_0000_0000_0000_0000n, end: 0x20010db8_0000_0000_ffff_ffff_ffff_ffffn });
  });

  it('parses IPv6 forms: full, compressed, leading and trailing ::, the unspecified address', () => {
    expect(parseCidr('::/0')).toEqual({ family: 6, start: 0n, end: (1n << 128n) - 1n });
    expect(parseCidr('::/128')).toEqual({ family: 6, start: 0n, end: 0n });
    expect(parseCidr('::1/128')).toEqual({ family: 6, start: 1n, end: 1n });
    expect(parseCidr('fd00::/8')).toEqual({ family: 6, start: 0xfdn << 120n, end: (0xfen << 120n) - 1n });
    expect(parseCidr('2001:0db8:0000:0000:0000:0000:0000:0001/128')).toEqual({ family: 6, start: 0x20010db8000000000000000000000001n, end: 0x20010db8000000000000000000000001n });
    expect(parseCidr('2001:DB8::1/128')?.start).toBe(0x20010db8000000000000000000000001n);
    expect(parseCidr('1:2:3:4:5:6:7::/128')?.start).toBe(0x00010002000300040005000600070000n);
    expect(parseCidr('::2:3:4:5:6:7:8/128')?.start).toBe(0x00000002000300040005000600070008n);
    expect(parseCidr('1:2:3:4:5:6:7:8/128')?.start).toBe(0x00010002000300040005000600070008n);
  });

  it('parses an embedded IPv4 tail', () => {
    expect(parseCidr('::ffff:10.0.0.1/128')).toEqual({ family: 6, start: 0xffff0a000001n, end: 0xffff0a000001n });
    expect(parseCidr('::ffff:0.0.0.0/96')).toEqual({ family: 6, start: 0xffff00000000n, end: 0xffffffffffffn });
    expect(parseCidr('64:ff9b::192.0.2.33/128')?.start).toBe(0x0064ff9b0000000000000000c0000221n);
    expect(parseCidr('1:2:3:4:5:6:1.2.3.4/128')?.start).toBe(0x00010002000300040005000601020304n);
  });

  it('returns undefined for invalid IPv4 inputs', () => {
    for (const text of ['', '10.0.0.0', '10.0.0.0/', '/8', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/8/8', '256.0.0.0/8', '1.2.3/8', '1.2.3.4.5/8', '1.2.3.a/8', 'abc/8', '10.0.0.0/1234']) {
      expect(parseCidr(text), text).toBeUndefined();
    }
  });

  it('returns undefined for invalid IPv6 inputs', () => {
    for (const text of [
      '::/129',
      '1::2::3/64',
      ':::/64',
      '1:2:3:4:5:6:7:8:9/128',
      '1:2:3:4:5:6:7/128',
      '1:2:3:4:5:6:7:8::/128',
      '1:2:3:4::5:6:7:8/128',
      '12345::/16',
      'g::/16',
      ':1:2:3:4:5:6:7/128',
      'fe80::1%eth0/64',
      '::ffff:10.0.0.256/128',
      '::ffff:1.2.3/128',
      '1:2:3:4:5:6:7:1.2.3.4/128',
      '::1.2.3.4:5/128',
    ]) {
      expect(parseCidr(text), text).toBeUndefined();
    }
  });

  it('returns undefined for an embedded IPv4 tail glued to hex digits', () => {
    // `a10.0.0.1` is neither a hex group nor a dotted quad; Go's net.ParseCIDR (the API server) rejects it.
    expect(parseCidr('::ffff:a10.0.0.1/128')).toBeUndefined();
    expect(parseCidr('::ab0.0.0.1/128')).toBeUndefined();
  });
});

describe('parseAddress', () => {
  it('parses a single address of either family', () => {
    expect(parseAddress('10.0.0.1')).toEqual(i4('10.0.0.1', '10.0.0.1'));
    expect(parseAddress('::1')).toEqual({ family: 6, start: 1n, end: 1n });
    expect(parseAddress('10.0.0.1/32')).toBeUndefined();
    expect(parseAddress('300.0.0.1')).toBeUndefined();
  });
});

describe('ipBlockIntervals', () => {
  it('is the cidr when nothing is excepted', () => {
    expect(show(ipBlockIntervals(block('10.0.0.0/8')))).toEqual(['10.0.0.0-10.255.255.255']);
  });

  it('splits the cidr around an except in the middle', () => {
    expect(show(ipBlockIntervals(block('0.0.0.0/0', '10.0.0.0/8')))).toEqual(['0.0.0.0-9.255.255.255', '11.0.0.0-255.255.255.255']);
    expect(show(ipBlockIntervals(block('192.168.0.0/16', '192.168.1.0/24')))).toEqual(['192.168.0.0-192.168.0.255', '192.168.2.0-192.168.255.255']);
  });

  it('cuts at the edges and with several excepts', () => {
    expect(show(ipBlockIntervals(block('10.0.0.0/8', '10.0.0.0/9')))).toEqual(['10.128.0.0-10.255.255.255']);
    expect(show(ipBlockIntervals(block('10.0.0.0/8', '10.128.0.0/9')))).toEqual(['10.0.0.0-10.127.255.255']);
    // Single addresses left at either edge.
    expect(show(ipBlockIntervals(block('10.0.0.0/8', '10.0.0.1/32')))).toEqual(['10.0.0.0-10.0.0.0', '10.0.0.2-10.255.255.255']);
    expect(show(ipBlockIntervals(block('10.0.0.0/30', '10.0.0.1/32', '10.0.0.2/32')))).toEqual(['10.0.0.0-10.0.0.0', '10.0.0.3-10.0.0.3']);
    expect(show(ipBlockIntervals(block('0.0.0.0/0', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16')))).toEqual([
      '0.0.0.0-9.255.255.255',
      '11.0.0.0-172.15.255.255',
      '172.32.0.0-192.167.255.255',
      '192.169.0.0-255.255.255.255',
    ]);
    // Overlapping excepts.
    expect(show(ipBlockIntervals(block('10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24')))).toEqual(['10.0.0.0-10.0.255.255', '10.2.0.0-10.255.255.255']);
  });

  it('is empty when the except covers the cidr, or the cidr is invalid', () => {
    expect(ipBlockIntervals(block('10.0.0.0/8', '10.0.0.0/8'))).toEqual([]);
    expect(ipBlockIntervals(block('10.0.0.0/8', '0.0.0.0/0'))).toEqual([]);
    expect(ipBlockIntervals(block('10.0.0.0/40'))).toEqual([]);
    expect(ipBlockIntervals(block('not-a-cidr'))).toEqual([]);
  });

  it('ignores excepts of the other family and invalid excepts', () => {
    expect(show(ipBlockIntervals(block('10.0.0.0/8', 'fd00::/8', 'bogus')))).toEqual(['10.0.0.0-10.255.255.255']);
  });

  it('works for IPv6', () => {
    expect(show(ipBlockIntervals(block('::/0', 'fd00::/8')))).toEqual([
      '::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      'fe00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
  });
});

describe('contains', () => {
  it('holds when one interval covers the point, of the same family', () => {
    const blocks = ipBlockIntervals(block('0.0.0.0/0', '10.0.0.0/8'));
    expect(contains(blocks, i4('1.0.0.0', '9.255.255.255'))).toBe(true);
    expect(contains(blocks, i4('10.0.0.1', '10.0.0.1'))).toBe(false);
    // Straddling the hole is not contained.
    expect(contains(blocks, i4('9.0.0.0', '11.0.0.0'))).toBe(false);
    expect(contains(blocks, { family: 6, start: 0n, end: 0n })).toBe(false);
  });
});

describe('atoms', () => {
  it('is the whole IPv4 space when nothing is referenced; IPv6 appears only when referenced', () => {
    expect(show(atoms([]))).toEqual(['0.0.0.0-255.255.255.255']);
    expect(atoms([])).toEqual([fullRange(4)]);
    expect(show(atoms(ipBlockIntervals(block('fd00::/8'))))).toEqual([
      '0.0.0.0-255.255.255.255',
      '::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      'fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      'fe00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
  });

  it('partitions the space so that every block is a union of atoms', () => {
    const referenced = [...ipBlockIntervals(block('0.0.0.0/0', '10.0.0.0/8'))];
    expect(show(atoms(referenced))).toEqual(['0.0.0.0-9.255.255.255', '10.0.0.0-10.255.255.255', '11.0.0.0-255.255.255.255']);
  });

  it('is the coarsest partition for overlapping blocks', () => {
    const referenced = [...ipBlockIntervals(block('10.0.0.0/8')), ...ipBlockIntervals(block('10.1.0.0/16')), ...ipBlockIntervals(block('10.0.0.0/8'))];
    const result = atoms(referenced);
    expect(show(result)).toEqual([
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.0.255.255',
      '10.1.0.0-10.1.255.255',
      '10.2.0.0-10.255.255.255',
      '11.0.0.0-255.255.255.255',
    ]);
    // Contiguous and covering.
    for (let i = 1; i < result.length; i++) expect(result[i]?.start).toBe((result[i - 1]?.end as bigint) + 1n);
  });

  it('does not cut at the ends of the space', () => {
    expect(show(atoms([i4('0.0.0.0', '127.255.255.255')]))).toEqual(['0.0.0.0-127.255.255.255', '128.0.0.0-255.255.255.255']);
    expect(show(atoms([fullRange(4)]))).toEqual(['0.0.0.0-255.255.255.255']);
  });
});

describe('formatInterval / formatAddress', () => {
  it('prints IPv4 dotted, first-last', () => {
    expect(formatInterval(i4('0.0.0.0', '9.255.255.255'))).toBe('0.0.0.0-9.255.255.255');
    expect(formatInterval(fullRange(4))).toBe('0.0.0.0-255.255.255.255');
    expect(formatAddress(4, v4('192.168.0.1'))).toBe('192.168.0.1');
  });

  it('prints IPv6 compressed per RFC 5952', () => {
    const cases: [bigint, string][] = [
      [0n, '::'],
      [1n, '::1'],
      [0x00010000000000000000000000000000n, '1::'],
      [0x20010db8000000000000000000000001n, '2001:db8::1'],
      // A single zero group is not compressed (4.2.2).
      [0x20010db8000000010001000100010001n, '2001:db8:0:1:1:1:1:1'],
      // The longest run is compressed (4.2.3).
      [0x20010000000000010000000000000001n, '2001:0:0:1::1'],
      // Equal runs: the first one (4.2.3).
      [0x20010db8000000000001000000000001n, '2001:db8::1:0:0:1'],
      // Lowercase, leading zeros suppressed (4.1, 4.3).
      [0x20010db800ab00cd00ef000a000b000cn, '2001:db8:ab:cd:ef:a:b:c'],
      [(1n << 128n) - 1n, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
      [0xfe800000000000000000000000000000n, 'fe80::'],
    ];
    for (const [value, text] of cases) expect(formatAddress(6, value), text).toBe(text);
    expect(formatInterval(fullRange(6))).toBe('::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  });

  it('round-trips parse and format', () => {
    for (const text of ['2001:db8::1', '::', '::1', 'fe80::', '2001:0:0:1::1', '10.1.2.3']) {
      const parsed = parseAddress(text) as IpInterval;
      expect(formatAddress(parsed.family, parsed.start)).toBe(text);
    }
  });
});
