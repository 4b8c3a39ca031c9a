/**
 * Host names that applications will look up, found in the strings they are given (env values,
 * args, commands, ConfigMap data): URLs, `host:port`, and bare values of host-like settings.
 */
import { parseAddress, type IpInterval } from '../net/ip.js';
import { isHostKey } from './decode.js';
import { emptyList } from '../util.js';
import type { ConfigString } from './types.js';

/**
 * What makes the scanner take a word for a host: a URL's host (`url`), a `host:port` pair
 * (`hostPort`), the bare value of a host-like setting (`setting`, `REDIS_HOST=cache`), or the
 * Service of a DNS SRV name (`srv`, `_grpc._tcp.store`).
 */
export type HostEvidence = 'url' | 'hostPort' | 'setting' | 'srv';

export interface HostReference {
  /** The host as written. */
  readonly host: string;
  readonly via: HostEvidence;
  /** The URL's scheme (lowercase: `http`, `jdbc:postgresql`), when the host is a URL's. */
  readonly scheme: string | undefined;
  /** The port written with it (`backend:8080`, `http://backend.api:8080/x`), if any. */
  readonly port: number | undefined;
  /**
   * For an SRV name (`_grpc._tcp.store.monitoring.svc`), the Service port it asks for: Kubernetes
   * DNS has SRV records for named ports only, `_<port name>._<protocol>.<service>`.
   */
  readonly srv?: { readonly port: string; readonly protocol: 'TCP' | 'UDP' | 'SCTP' };
  /** Where the host sits in the string's value, for pointing at it. */
  readonly index: number;
  readonly length: number;
  readonly source: ConfigString;
}

const label = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const hostName = `${label}(?:\\.${label})*`;
/**
 * `scheme://[user[:pw]@]host[:port]` (the scheme may be `jdbc:postgresql`), gRPC's `dns:///host:port`
 * (a target with no resolver authority), and Oracle's `jdbc:oracle:thin:@//host:port`.
 */
const url = new RegExp(`(?:\\b([a-z][a-z0-9+.-]*(?::[a-z][a-z0-9+.-]*)?)://(?:(?<=\\bdns://)/)?|(?<=:)@//)(?:[^\\s/@]*@)?(\\[[0-9a-f:.]+\\]|${hostName})(?::(\\d{1,5}))?`, 'gi');
/** `host:port` standing alone: not after a path, a scheme, an option value's `=`-less prefix or an address. */
const hostPort = new RegExp(`(?<![\\w.\\-/@:%$\\[])(${hostName}):(\\d{1,5})(?![\\w.:-])`, 'gi');
const digitAfterColon = /:\d/;
/**
 * A DNS SRV name of a Service's named port, as Thanos, Prometheus and Loki take them after
 * `dnssrv+` (`_grpc._tcp.store`). The name must end where the host does: `_ldap._tcp.dc._msdcs.corp`
 * is Active Directory's, not Service dc's.
 */
const srvName = new RegExp(`(?<![\\w.-])(dnssrv(?:noa)?\\+)?_([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\\._(tcp|udp|sctp)\\.(${hostName})(?![\\w-]|\\.[\\w-])`, 'gi');
const bareHost = new RegExp(`^${hostName}$`, 'i');
const dnsLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const flagAssignment = /^--?([A-Za-z][\w-]*)=(.+)$/;
/** Settings that hold container images (`SIDECAR_IMAGE=redis:7`): their `name:tag` is no host. */
const imageKey = /(?:IMAGE|IMAGES)$/i;
/** An `image:` or `image=` right before a `name:tag` in a file a ConfigMap carries. */
const imageBefore = /image["']?\s*[:=]\s*["']?$/i;

/**
 * Every match of a global pattern in a text, as matchAll gives them. String.prototype.matchAll
 * copies the pattern for each text it is given, which cost more than the matching itself on the
 * model's ten thousand strings. All matches are taken before returning, so the pattern's
 * lastIndex is this call's alone.
 */
function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  // Without the g flag exec would find the first match for ever (matchAll throws instead).
  if (!pattern.global) throw new Error(`allMatches: ${pattern} is not global`);
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    found.push(match);
    // An empty match would match there again for ever; matchAll moves on by one.
    if (match[0] === '') pattern.lastIndex++;
  }
  return found;
}

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

function overlaps(found: readonly { readonly index: number; readonly length: number }[], index: number): boolean {
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
export function scanHosts(source: ConfigString): readonly HostReference[] {
  const { value } = source;
  if (source.key !== undefined && imageKey.test(source.key)) return emptyList;
  const found: HostReference[] = [];
  const add = (host: string, index: number, port: number | undefined, via: HostEvidence, scheme?: string, srv?: HostReference['srv']) =>
    found.push(srv ? { host, via, scheme, port, srv, index, length: host.length, source } : { host, via, scheme, port, index, length: host.length, source });
  // Most strings (flags, names, paths) hold neither a URL nor a host:port, and the patterns below,
  // with their look-behinds, cost far more than the plain tests that rule them out: a URL needs a
  // `//`, an SRV name a `._`, a `host:port` a colon before a digit.
  for (const match of value.includes('//') ? allMatches(url, value) : emptyList) {
    const host = match[2] as string;
    const index = (match.index ?? 0) + match[0].length - host.length - (match[3] !== undefined ? match[3].length + 1 : 0);
    add(host, index, portOf(match[3]), 'url', (match[1] ?? 'jdbc:oracle').toLowerCase());
  }
  for (const match of value.includes('._') ? allMatches(srvName, value) : emptyList) {
    const host = match[4] as string;
    // A Service's SRV name: after dnssrv+, or qualified with .svc (not an mDNS `.local` name, nor another domain's).
    if (match[1] === undefined && !/\.svc(?:\.|$)/i.test(host)) continue;
    const srv = { port: (match[2] as string).toLowerCase(), protocol: (match[3] as string).toUpperCase() as 'TCP' | 'UDP' | 'SCTP' };
    add(host, (match.index ?? 0) + match[0].length - host.length, undefined, 'srv', undefined, srv);
  }
  const inUrls = found.length;
  for (const match of digitAfterColon.test(value) ? allMatches(hostPort, value) : emptyList) {
    const index = match.index ?? 0;
    const port = portOf(match[2]);
    // Only the current line can hold `image:` before it; slicing from the start would make long values quadratic.
    if (port === undefined || overlaps(found, index) || imageBefore.test(value.slice(value.lastIndexOf('\n', index) + 1, index))) continue;
    add(match[1] as string, index, port, 'hostPort');
  }
  if (found.length === 0) {
    const trimmed = value.trim();
    const flag = flagAssignment.exec(trimmed);
    if (source.key !== undefined && isHostKey(source.key) && bareHost.test(trimmed)) {
      add(trimmed, value.indexOf(trimmed), undefined, 'setting');
    } else if (flag && isHostKey(flag[1] as string) && bareHost.test(flag[2] as string)) {
      const host = flag[2] as string;
      add(host, value.lastIndexOf(host), undefined, 'setting');
    }
  }
  if (found.length === 0) return emptyList;
  return found.filter((r, i) => isHostName(r.host, i < inUrls)).sort((a, b) => a.index - b.index);
}

/** An IP address written in a string, with where it sits in the string's value. */
export interface AddressReference {
  /** The address as written (without IPv6 brackets). */
  readonly address: string;
  readonly interval: IpInterval;
  readonly index: number;
  readonly length: number;
  readonly source: ConfigString;
}

const ipv4 = /(?<![\w.:-])(\d{1,3}(?:\.\d{1,3}){3})(?![\w-]|\.\d|\/\d)/g;
const ipv6 = /(?<![\w:.-])\[?([0-9a-f]{0,4}:[0-9a-f:]*:[0-9a-f.]*)\]?(?![\w:-]|\/\d)/gi;
const fourNumbers = /\d\.\d+\.\d+\.\d/;
const twoColons = /:[0-9a-f]*:/i;
/** Settings whose addresses are not destinations: what to listen on, what not to proxy. */
const notDestinationKey = /LISTEN|BIND|NO_?PROXY/i;
/** `--listen-address=`, `bind `, `listen ` right before the address on its line. */
const listenBefore = /(?:listen|bind)[\w.-]*["']?\s*[=:\s]\s*["']?(?:[a-z][\w+.-]*:\/\/)?\[?$/i;

/** Addresses that never name another pod: unspecified (0.0.0.0, ::) and loopback. */
function isLocalAddress(interval: IpInterval): boolean {
  if (interval.family === 6) return interval.start === 0n || interval.start === 1n;
  return interval.start === 0n || interval.start >> 24n === 127n;
}

/**
 * The IP addresses (IPv4, and IPv6 bare or in brackets) a string points an application at.
 * CIDRs (`10.244.0.0/16`) are ranges, not addresses; 0.0.0.0, loopback, and addresses to listen
 * on or not to proxy (`--bind-address=`, `listen 10.1.2.3:80;`, `NO_PROXY`) are not destinations.
 */
export function scanAddresses(source: ConfigString): readonly AddressReference[] {
  const { value } = source;
  if (source.key !== undefined && notDestinationKey.test(source.key)) return emptyList;
  // What each pattern needs at least, found without its look-behinds: four dotted numbers, or
  // two colons with only hex digits between them (`::`, `:db8:`). Most strings have neither.
  const patterns = [...(fourNumbers.test(value) ? [ipv4] : []), ...(twoColons.test(value) ? [ipv6] : [])];
  if (patterns.length === 0) return emptyList;
  const found: AddressReference[] = [];
  for (const pattern of patterns) {
    for (const match of allMatches(pattern, value)) {
      const address = match[1] as string;
      const index = (match.index ?? 0) + match[0].indexOf(address);
      const interval = parseAddress(address);
      if (!interval || isLocalAddress(interval) || overlaps(found, index)) continue;
      const line = value.slice(value.lastIndexOf('\n', index) + 1, index);
      if (listenBefore.test(line)) continue;
      found.push({ address, interval, index, length: address.length, source });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** URL schemes whose "host" is a bucket, a file or an image, not a machine to connect to. */
const nonNetworkSchemes = new Set(['file', 's3', 's3a', 's3n', 'gs', 'gcs', 'az', 'abfs', 'abfss', 'wasb', 'wasbs', 'oci', 'docker', 'data', 'mailto']);

/**
 * Whether a host reference is surely a machine the app connects to, strongly enough to report a
 * short name that matches nothing: a network URL's host, a host-like setting's value, or a
 * `host:port` with a port of 80 or more (image tags such as `redis:7` and `node:20` are small).
 */
export function isConfidentHost(reference: HostReference): boolean {
  switch (reference.via) {
    case 'url':
      return !nonNetworkSchemes.has(reference.scheme ?? '');
    case 'setting':
    case 'srv':
      return true;
    case 'hostPort':
      return (reference.port ?? 0) >= 80;
  }
}
