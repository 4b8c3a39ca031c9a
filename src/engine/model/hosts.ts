/**
 * Host names that applications will look up, found in the strings they are given (env values,
 * args, commands, ConfigMap data): URLs, `host:port`, and bare values of host-like settings.
 */
import { isHostKey } from './decode.js';
import type { ConfigString } from './types.js';

export interface HostReference {
  /** The host as written. */
  readonly host: string;
  /** Where it sits in the string's value, for pointing at it. */
  readonly index: number;
  readonly length: number;
  readonly source: ConfigString;
}

const url = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^\s/@]*@)?([^\s/:?#'"`,;()[\]{}<>]+)/gi;
const hostPort = /(?<![\w.\-/@:%$])([a-z0-9](?:[a-z0-9-]*[a-z0-9])?):(\d{1,5})(?![\w.:-])/gi;
const dnsLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const flagAssignment = /^--?([A-Za-z][\w-]*)=(.+)$/;

/** A dotless DNS label with a letter in it: what the pod's resolver completes with its namespace. */
export function isShortHostName(host: string): boolean {
  return dnsLabel.test(host) && /[a-z]/i.test(host) && host.toLowerCase() !== 'localhost';
}

function overlaps(found: readonly HostReference[], index: number): boolean {
  return found.some((r) => index >= r.index && index < r.index + r.length);
}

export function hostReferences(source: ConfigString): HostReference[] {
  const { value } = source;
  const found: HostReference[] = [];
  for (const match of value.matchAll(url)) {
    const host = match[1] as string;
    const index = (match.index ?? 0) + match[0].length - host.length;
    found.push({ host, index, length: host.length, source });
  }
  for (const match of value.matchAll(hostPort)) {
    const host = match[1] as string;
    const index = match.index ?? 0;
    if (Number(match[2]) > 65535 || overlaps(found, index)) continue;
    found.push({ host, index, length: host.length, source });
  }
  if (found.length === 0) {
    const trimmed = value.trim();
    if (source.key !== undefined && isHostKey(source.key) && dnsLabel.test(trimmed)) {
      found.push({ host: trimmed, index: value.indexOf(trimmed), length: trimmed.length, source });
    } else {
      const flag = flagAssignment.exec(trimmed);
      if (flag && isHostKey(flag[1] as string) && dnsLabel.test(flag[2] as string)) {
        const host = flag[2] as string;
        found.push({ host, index: value.lastIndexOf(host), length: host.length, source });
      }
    }
  }
  return found.filter((r) => isShortHostName(r.host)).sort((a, b) => a.index - b.index);
}
