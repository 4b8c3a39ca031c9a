/**
 * Host names that applications will look up, found in the strings they are given (env values,
 * args, commands, ConfigMap data): URLs, `host:port`, and bare values of host-like settings.
 */
import { isHostKey } from './decode.js';
import type { ConfigString } from './types.js';

export interface HostReference {
  /** The host as written. */
  readonly host: string;
  /** The port written with it (`backend:8080`, `http://backend.api:8080/x`), if any. */
  readonly port: number | undefined;
  /** Where the host sits in the string's value, for pointing at it. */
  readonly index: number;
  readonly length: number;
  readonly source: ConfigString;
}

const label = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const hostName = `${label}(?:\\.${label})*`;
/** `scheme://[user[:pw]@]host[:port]`, and the further `,host[:port]` of multi-host URLs. */
const url = new RegExp(`\\b[a-z][a-z0-9+.-]*://(?:[^\\s/@]*@)?(\\[[0-9a-f:.]+\\]|${hostName})(?::(\\d{1,5}))?`, 'gi');
/** `host:port` standing alone: not after a path, a scheme, an option value's `=`-less prefix or an address. */
const hostPort = new RegExp(`(?<![\\w.\\-/@:%$\\[])(${hostName}):(\\d{1,5})(?![\\w.:-])`, 'gi');
const bareHost = new RegExp(`^${hostName}$`, 'i');
const dnsLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const flagAssignment = /^--?([A-Za-z][\w-]*)=(.+)$/;

/** A dotless DNS label with a letter in it: what the pod's resolver completes with its namespace. */
export function isShortHostName(host: string): boolean {
  return dnsLabel.test(host) && /[a-z]/i.test(host) && host.toLowerCase() !== 'localhost';
}

/**
 * A name DNS resolves: labels with a letter in the last one (so `10.0.0.1` and `12:30` are not),
 * not localhost, and not a dotted identifier whose last label is code rather than a domain
 * (`java.util.List`, `os.Getenv`: a capital letter or an underscore never ends a host name people write).
 */
function isHostName(host: string, inUrl: boolean): boolean {
  if (host.startsWith('[')) return false;
  const labels = host.split('.');
  const last = labels[labels.length - 1] as string;
  if (!/[a-z]/i.test(last) || host.toLowerCase() === 'localhost' || host.toLowerCase().endsWith('.localhost')) return false;
  // After `scheme://` it is a host whatever its case (DNS ignores case: `Backend.API` is backend.api).
  return inUrl || labels.length === 1 || !/[A-Z]/.test(host);
}

function overlaps(found: readonly HostReference[], index: number): boolean {
  return found.some((r) => index >= r.index && index < r.index + r.length);
}

/** Port text as a port, or undefined when it is none (above 65535). */
function portOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/**
 * THE reference scanner: every host (short or qualified) that the string points an application
 * at, with its port when one is written. URLs (with userinfo, IPv6 literals, JDBC-style
 * `jdbc:postgresql://`, several `host:port` after one scheme), `host:port` lists (`a:1,b:2`), and
 * the bare value of a host-like setting (`REDIS_HOST`, `--backend-url=`). File paths, image names
 * (`nginx:1.27`, `registry/app:7`), times and dotted code identifiers are not hosts.
 */
export function scanHosts(source: ConfigString): HostReference[] {
  const { value } = source;
  const found: HostReference[] = [];
  const add = (host: string, index: number, port: number | undefined) => found.push({ host, port, index, length: host.length, source });
  for (const match of value.matchAll(url)) {
    const host = match[1] as string;
    const index = (match.index ?? 0) + match[0].length - host.length - (match[2] !== undefined ? match[2].length + 1 : 0);
    add(host, index, portOf(match[2]));
  }
  const inUrls = found.length;
  for (const match of value.matchAll(hostPort)) {
    const index = match.index ?? 0;
    const port = portOf(match[2]);
    if (port === undefined || overlaps(found, index)) continue;
    add(match[1] as string, index, port);
  }
  if (found.length === 0) {
    const trimmed = value.trim();
    const flag = flagAssignment.exec(trimmed);
    if (source.key !== undefined && isHostKey(source.key) && bareHost.test(trimmed)) {
      add(trimmed, value.indexOf(trimmed), undefined);
    } else if (flag && isHostKey(flag[1] as string) && bareHost.test(flag[2] as string)) {
      const host = flag[2] as string;
      add(host, value.lastIndexOf(host), undefined);
    }
  }
  return found.filter((r, i) => isHostName(r.host, i < inUrls)).sort((a, b) => a.index - b.index);
}

/** The short names (no dots) among a string's hosts: what the pod's resolver completes with its namespace. */
export function hostReferences(source: ConfigString): HostReference[] {
  return scanHosts(source).filter((r) => isShortHostName(r.host));
}
