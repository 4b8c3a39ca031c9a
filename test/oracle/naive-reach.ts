/**
 * A deliberately naive reference evaluator of Kubernetes NetworkPolicy (networking.k8s.io/v1),
 * written straight from the documentation and the API reference, to check netlint's engine
 * against. It shares no code with src/: it reads the plain objects js-yaml gives and answers one
 * question at a time, "may this pod open this connection to that pod (or address)?", by walking
 * every policy, rule, peer and port. No classes of pods, no port intervals, no caching.
 *
 * Scope: Namespaces, Deployments (one pod per Deployment stands for all its replicas) and
 * NetworkPolicies, as the property test generates them. Pods never match ipBlocks: their
 * addresses are not in manifests (netlint's default, without --pod-ips).
 */
import { loadAll } from 'js-yaml';

export type NaiveProtocol = 'TCP' | 'UDP' | 'SCTP';
type Direction = 'Ingress' | 'Egress';
type Plain = Record<string, unknown>;

const namespaceNameLabel = 'kubernetes.io/metadata.name';

export interface NaivePod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Every container's declared ports. */
  readonly ports: readonly { readonly name?: string; readonly containerPort: number; readonly protocol: NaiveProtocol }[];
}

export interface NaiveCluster {
  readonly pods: readonly NaivePod[];
  /** Labels of each namespace, the automatic `kubernetes.io/metadata.name` included. */
  readonly namespaceLabels: (namespace: string) => Readonly<Record<string, string>>;
  readonly policies: readonly Plain[];
}

function record(value: unknown): Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Plain) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value))) out[k] = String(v);
  return out;
}

/** Reads the cluster out of manifest text. */
export function naiveCluster(text: string): NaiveCluster {
  const docs = loadAll(text).map(record);
  const declared = new Map<string, Record<string, string>>();
  const pods: NaivePod[] = [];
  const policies: Plain[] = [];
  for (const doc of docs) {
    const metadata = record(doc.metadata);
    if (doc.kind === 'Namespace') declared.set(String(metadata.name), stringMap(metadata.labels));
    if (doc.kind === 'NetworkPolicy') policies.push(doc);
    if (doc.kind === 'Deployment') {
      const template = record(record(doc.spec).template);
      const ports = list(record(template.spec).containers).flatMap((c) =>
        list(record(c).ports).map((p) => {
          const port = record(p);
          return {
            ...(typeof port.name === 'string' ? { name: port.name } : {}),
            containerPort: Number(port.containerPort),
            protocol: (port.protocol ?? 'TCP') as NaiveProtocol,
          };
        }),
      );
      pods.push({ namespace: String(metadata.namespace), name: String(metadata.name), labels: stringMap(record(template.metadata).labels), ports });
    }
  }
  // The API server sets kubernetes.io/metadata.name on every namespace, whatever the manifest says.
  const namespaceLabels = (namespace: string) => ({ ...(declared.get(namespace) ?? {}), [namespaceNameLabel]: namespace });
  return { pods, namespaceLabels, policies };
}

/**
 * LabelSelector: matchLabels and matchExpressions are ANDed; an empty selector matches everything.
 * In: the label exists with one of the values. NotIn: it does not exist, or has none of the
 * values. Exists / DoesNotExist: the key alone.
 */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const s = record(selector);
  for (const [key, value] of Object.entries(record(s.matchLabels))) {
    if (labels[key] !== String(value)) return false;
  }
  for (const expression of list(s.matchExpressions)) {
    const e = record(expression);
    const key = String(e.key);
    const values = list(e.values).map(String);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const value = labels[key];
    if (e.operator === 'In' && !(has && values.includes(value as string))) return false;
    if (e.operator === 'NotIn' && has && values.includes(value as string)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/**
 * policyTypes, defaulted as the API server does when absent or empty: always Ingress, and Egress
 * when the policy has egress rules.
 */
function policyTypes(policy: Plain): Direction[] {
  const spec = record(policy.spec);
  const written = list(spec.policyTypes);
  if (written.length > 0) return written.filter((t): t is Direction => t === 'Ingress' || t === 'Egress');
  return list(spec.egress).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function policyNamespace(policy: Plain): string {
  return String(record(policy.metadata).namespace);
}

/** A policy selects the pods of its own namespace that its podSelector matches. */
function selects(policy: Plain, pod: NaivePod): boolean {
  return policyNamespace(policy) === pod.namespace && selectorMatches(record(policy.spec).podSelector, pod.labels);
}

// --- addresses --------------------------------------------------------------------------------

/** An address as a number and its width in bits (32 or 128). */
function address(text: string): { value: bigint; bits: number } {
  if (!text.includes(':')) {
    const value = text.split('.').reduce((n, part) => n * 256n + BigInt(Number(part)), 0n);
    return { value, bits: 32 };
  }
  const [head = '', tail = ''] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = text.includes('::') ? [...headGroups, ...new Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups] : headGroups;
  return { value: groups.reduce((n, g) => n * 65536n + BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

function inCidr(ip: string, cidr: string): boolean {
  const [base = '', prefixText = ''] = cidr.split('/');
  const a = address(ip);
  const b = address(base);
  if (a.bits !== b.bits) return false;
  const shift = BigInt(a.bits - Number(prefixText));
  return a.value >> shift === b.value >> shift;
}

// --- one direction ------------------------------------------------------------------------------

/** The other end of a connection: a pod, or an address outside the cluster. */
export type NaiveEnd = { readonly pod: NaivePod } | { readonly ip: string };

/**
 * NetworkPolicyPeer. ipBlock: addresses in cidr and not in an except (pods never). Otherwise
 * namespaceSelector picks namespaces (without it: the policy's own), and podSelector pods in them
 * (without it: all); both in one peer must both match. A peer with no field matches nothing
 * (the API server would reject it).
 */
function peerMatches(cluster: NaiveCluster, policy: Plain, peerValue: unknown, other: NaiveEnd): boolean {
  const peer = record(peerValue);
  if (peer.ipBlock !== undefined) {
    if (!('ip' in other)) return false;
    const block = record(peer.ipBlock);
    return inCidr(other.ip, String(block.cidr)) && !list(block.except).some((e) => inCidr(other.ip, String(e)));
  }
  if (!('pod' in other)) return false;
  if (peer.podSelector === undefined && peer.namespaceSelector === undefined) return false;
  const pod = other.pod;
  const namespaceOk =
    peer.namespaceSelector === undefined ? pod.namespace === policyNamespace(policy) : selectorMatches(peer.namespaceSelector, cluster.namespaceLabels(pod.namespace));
  const podOk = peer.podSelector === undefined || selectorMatches(peer.podSelector, pod.labels);
  return namespaceOk && podOk;
}

/**
 * NetworkPolicyPort: protocol (default TCP) and port must both match. No port: every port of the
 * protocol. A number: that port, or port..endPort. A name: a container port of that name and
 * protocol declared by the destination pod (toward an address, a name matches nothing).
 */
function portEntryMatches(entryValue: unknown, protocol: NaiveProtocol, port: number, destination: NaivePod | undefined): boolean {
  const entry = record(entryValue);
  if ((entry.protocol ?? 'TCP') !== protocol) return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'number') {
    const end = typeof entry.endPort === 'number' ? entry.endPort : entry.port;
    return port >= entry.port && port <= end;
  }
  return destination !== undefined && destination.ports.some((p) => p.name === entry.port && p.protocol === protocol && p.containerPort === port);
}

/**
 * Whether `pod` lets the connection through in one direction: when no policy selecting it lists the
 * direction, it is not isolated and everything passes; otherwise some rule of those policies must
 * admit the other end (no or empty from/to: everyone) on the port (no or empty ports: all).
 */
function directionAllows(
  cluster: NaiveCluster,
  pod: NaivePod,
  direction: Direction,
  other: NaiveEnd,
  protocol: NaiveProtocol,
  port: number,
  destination: NaivePod | undefined,
): boolean {
  const isolating = cluster.policies.filter((p) => selects(p, pod) && policyTypes(p).includes(direction));
  if (isolating.length === 0) return true;
  const rulesKey = direction === 'Ingress' ? 'ingress' : 'egress';
  const peersKey = direction === 'Ingress' ? 'from' : 'to';
  for (const policy of isolating) {
    for (const ruleValue of list(record(policy.spec)[rulesKey])) {
      const rule = record(ruleValue);
      const peers = list(rule[peersKey]);
      const ports = list(rule.ports);
      const peerOk = peers.length === 0 || peers.some((peer) => peerMatches(cluster, policy, peer, other));
      const portOk = ports.length === 0 || ports.some((entry) => portEntryMatches(entry, protocol, port, destination));
      if (peerOk && portOk) return true;
    }
  }
  return false;
}

/** Whether a connection from a pod or address to a pod or address is allowed (address to address: not asked). */
export function naiveAllowed(cluster: NaiveCluster, from: NaiveEnd, to: NaiveEnd, protocol: NaiveProtocol, port: number): boolean {
  const destination = 'pod' in to ? to.pod : undefined;
  const egressOk = !('pod' in from) || directionAllows(cluster, from.pod, 'Egress', to, protocol, port, destination);
  const ingressOk = !('pod' in to) || directionAllows(cluster, to.pod, 'Ingress', from, protocol, port, destination);
  return egressOk && ingressOk;
}
