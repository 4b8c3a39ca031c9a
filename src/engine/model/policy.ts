/**
 * NetworkPolicy semantics (networking.k8s.io/v1), implemented once for rules and reachability.
 *
 * - A pod is isolated in a direction when a policy of its namespace selects it and lists that
 *   direction in its (defaulted) policyTypes. Policies are additive: any rule of any selecting
 *   policy may allow a connection.
 * - A peer with only podSelector means pods of the policy's namespace; only namespaceSelector
 *   means all pods of matching namespaces; both in one peer are ANDed; peers are ORed.
 * - Absent or empty `from`/`to` or `ports` means everything.
 */
import type { ClusterModel, PodGroup } from './cluster.js';
import { ConnectionSet } from '../net/connections.js';
import { contains, fullRange, ipBlockIntervals, parseAddress, parseCidr, type IpInterval } from '../net/ip.js';
import { portsNamed, type Protocol } from './ports.js';
import { formatSelector, matchesSelector, type LabelSelector, type Labels } from './selectors.js';
import type { Direction, IpBlock, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule, Workload } from './types.js';

/** Where a connection ends or starts: pods of a class, or an address range outside the cluster. */
export type Endpoint = { readonly type: 'pods'; readonly pods: PodGroup } | { readonly type: 'ip'; readonly interval: IpInterval };

/** Whether a policy's podSelector selects these pods (policies apply in their own namespace only). */
export function policySelects(policy: NetworkPolicy, pods: Pick<PodGroup, 'namespace' | 'labels'>): boolean {
  return pods.namespace === policy.namespace && matchesSelector(policy.podSelector, pods.labels);
}

/** The workloads of the input whose pods a policy selects (by policySelects; answered once per model). */
export function workloadsSelectedByPolicy(model: ClusterModel, policy: NetworkPolicy): readonly Workload[] {
  return model.workloadsSelectedByPolicy(policy);
}

/** Policies that isolate these pods in a direction (empty: the direction is not isolated). */
export function isolatingPolicies(model: ClusterModel, pods: PodGroup, direction: Direction): readonly NetworkPolicy[] {
  return model.policiesSelecting(pods).filter((policy) => policy.policyTypes.includes(direction));
}

/** Rules of a policy that take effect: a direction missing from policyTypes has its rules ignored. */
export function effectiveRules(policy: NetworkPolicy, direction: Direction): readonly PolicyRule[] {
  if (!policy.policyTypes.includes(direction)) return [];
  return direction === 'Ingress' ? policy.ingress : policy.egress;
}

/** A policy's effective rules of both directions, ingress first. */
export function allEffectiveRules(policy: NetworkPolicy): readonly PolicyRule[] {
  return [...effectiveRules(policy, 'Ingress'), ...effectiveRules(policy, 'Egress')];
}

/**
 * The namespaces whose pods a selector peer looks at: those its namespaceSelector matches, or the
 * policy's own without one. undefined for an ipBlock peer or a peer with no selector at all.
 */
export function peerNamespaces(model: ClusterModel, policy: NetworkPolicy, peer: PolicyPeer): readonly string[] | undefined {
  if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) return undefined;
  return peer.namespaceSelector ? model.namespacesMatching(peer.namespaceSelector).map((n) => n.name) : [policy.namespace];
}

/**
 * Whether a selector peer looks in a namespace whose workloads the input does not show, or names
 * namespaces installed apart from the input: pods there may match it, so netlint cannot say that
 * it matches nothing.
 */
export function peerMayMatchUnseenPods(model: ClusterModel, policy: NetworkPolicy, peer: PolicyPeer): boolean {
  if (peer.namespaceSelector && model.namesNamespacesOutsideInput(peer.namespaceSelector)) return true;
  return (peerNamespaces(model, policy, peer) ?? []).some((ns) => model.mayHoldUnseenPods(ns));
}

/**
 * A peer for messages: `podSelector app=api`, `namespaceSelector team=a and podSelector app=api`,
 * `ipBlock 0.0.0.0/0 except 10.0.0.0/8`.
 */
export function describePeer(peer: Pick<PolicyPeer, 'podSelector' | 'namespaceSelector' | 'ipBlock'>): string {
  if (peer.ipBlock) return `ipBlock ${peer.ipBlock.cidr}${peer.ipBlock.except.length > 0 ? ` except ${peer.ipBlock.except.join(', ')}` : ''}`;
  const parts: string[] = [];
  if (peer.namespaceSelector) parts.push(`namespaceSelector ${formatSelector(peer.namespaceSelector)}`);
  if (peer.podSelector) parts.push(`podSelector ${formatSelector(peer.podSelector)}`);
  return parts.join(' and ');
}

/** Which part of a peer failed to match an endpoint, with what a message needs to say why. */
export type PeerMiss =
  /** An ipBlock peer against pods whose addresses are unknown (or not in it). */
  | { readonly part: 'ipBlock-vs-pods'; readonly ipBlock: IpBlock }
  /** A selector peer against an address outside the cluster. */
  | { readonly part: 'selectors-vs-address' }
  | { readonly part: 'address-outside-ipBlock'; readonly ipBlock: IpBlock; readonly address: IpInterval }
  | { readonly part: 'no-selector' }
  | { readonly part: 'namespaceSelector'; readonly selector: LabelSelector; readonly namespace: string; readonly namespaceLabels: Labels }
  /** A podSelector without namespaceSelector, against pods of another namespace than the policy's. */
  | { readonly part: 'other-namespace'; readonly policyNamespace: string; readonly namespace: string }
  | { readonly part: 'podSelector'; readonly selector: LabelSelector; readonly labels: Labels };

export type PeerMatch = { readonly matched: true } | { readonly matched: false; readonly miss: PeerMiss };

const matched: PeerMatch = { matched: true };

/** Whether an ipBlock contains one of the pods' known addresses (only with --pod-ips). */
function ipBlockHoldsPods(block: IpBlock, pods: PodGroup): boolean {
  if (!pods.ips || pods.ips.length === 0) return false;
  const intervals = ipBlockIntervals(block);
  return pods.ips.some((ip) => {
    const address = parseAddress(ip);
    return address !== undefined && contains(intervals, address);
  });
}

/**
 * THE peer matching function: which part of a peer of a policy's rule misses an endpoint, or
 * undefined when the peer matches it. Pods match by selectors (or, when their addresses are known
 * through --pod-ips, by ipBlock); addresses outside the cluster match by ipBlock only. It returns
 * a name and allocates nothing, as reach asks it for every pod class of every peer.
 */
function missedPart(model: ClusterModel, policy: NetworkPolicy, peer: PolicyPeer, endpoint: Endpoint): PeerMiss['part'] | undefined {
  if (endpoint.type === 'ip') {
    if (!peer.ipBlock) return 'selectors-vs-address';
    return contains(ipBlockIntervals(peer.ipBlock), endpoint.interval) ? undefined : 'address-outside-ipBlock';
  }
  const pods = endpoint.pods;
  if (peer.ipBlock) return ipBlockHoldsPods(peer.ipBlock, pods) ? undefined : 'ipBlock-vs-pods';
  if (!peer.podSelector && !peer.namespaceSelector) return 'no-selector';
  if (peer.namespaceSelector) {
    if (!matchesSelector(peer.namespaceSelector, model.namespaceLabels(pods.namespace))) return 'namespaceSelector';
  } else if (pods.namespace !== policy.namespace) {
    return 'other-namespace';
  }
  if (peer.podSelector && !matchesSelector(peer.podSelector, pods.labels)) return 'podSelector';
  return undefined;
}

/** What a message needs to say about a part of a peer that missed an endpoint. */
function describeMiss(part: PeerMiss['part'], model: ClusterModel, policy: NetworkPolicy, peer: PolicyPeer, endpoint: Endpoint): PeerMiss {
  const ipBlock = peer.ipBlock as IpBlock;
  switch (part) {
    case 'selectors-vs-address':
    case 'no-selector':
      return { part };
    case 'address-outside-ipBlock':
      return { part, ipBlock, address: (endpoint as Extract<Endpoint, { type: 'ip' }>).interval };
    case 'ipBlock-vs-pods':
      return { part, ipBlock };
  }
  const pods = (endpoint as Extract<Endpoint, { type: 'pods' }>).pods;
  switch (part) {
    case 'namespaceSelector':
      return { part, selector: peer.namespaceSelector as LabelSelector, namespace: pods.namespace, namespaceLabels: model.namespaceLabels(pods.namespace) };
    case 'other-namespace':
      return { part, policyNamespace: policy.namespace, namespace: pods.namespace };
    case 'podSelector':
      return { part, selector: peer.podSelector as LabelSelector, labels: pods.labels };
  }
}

/** Whether a peer matches an endpoint, and if not, which part missed and why (for explanations). */
export function matchPeer(model: ClusterModel, policy: NetworkPolicy, peer: PolicyPeer, endpoint: Endpoint): PeerMatch {
  const part = missedPart(model, policy, peer, endpoint);
  return part === undefined ? matched : { matched: false, miss: describeMiss(part, model, policy, peer, endpoint) };
}

/** matchPeer's verdict alone. */
export function peerMatches(model: ClusterModel, policy: NetworkPolicy, peer: PolicyPeer, endpoint: Endpoint): boolean {
  return missedPart(model, policy, peer, endpoint) === undefined;
}

/** Whether a rule's `from`/`to` admits an endpoint: no peers admit everything, else any peer. */
export function ruleAdmits(model: ClusterModel, policy: NetworkPolicy, rule: PolicyRule, endpoint: Endpoint): boolean {
  return rule.peers === undefined || rule.peers.some((peer) => peerMatches(model, policy, peer, endpoint));
}

/** The port ranges a policy port stands for on a destination (none for an unresolved name). */
export function resolvePolicyPort(
  entry: PolicyPort,
  destination: PodGroup | undefined,
): { protocol: Protocol; from: number; to: number }[] {
  const protocol = entry.protocol;
  if (!protocol) return [];
  if (entry.port === undefined) return [{ protocol, from: 1, to: 65535 }];
  if (typeof entry.port === 'number') return [{ protocol, from: entry.port, to: Math.max(entry.port, entry.endPort ?? entry.port) }];
  // A named port means the destination pod's container port of that name and protocol.
  return portsNamed(destination?.ports ?? [], entry.port, protocol).map((p) => ({ protocol, from: p.port, to: p.port }));
}

/** Effective rules with an ipBlock that plausibly covers pod IPs (see ipBlockCoversPods). */
export function rulesWithIpBlockForPods(policy: NetworkPolicy, direction: Direction, podCidrs: readonly string[]): readonly PolicyRule[] {
  return effectiveRules(policy, direction).filter((rule) =>
    (rule.peers ?? []).some((peer) => peer.ipBlock !== undefined && ipBlockCoversPods(peer.ipBlock, podCidrs)),
  );
}

/** Whether a rule names ports, so that what it allows depends on the destination's pods. */
export function hasNamedPorts(rule: PolicyRule): boolean {
  return rule.ports?.some((p) => typeof p.port === 'string') ?? false;
}

/** The ports a rule allows toward a destination; named ports resolve on the destination's pods. */
export function rulePorts(rule: PolicyRule, destination: PodGroup | undefined): ConnectionSet {
  if (rule.ports === undefined) return ConnectionSet.all;
  let set = ConnectionSet.none;
  for (const entry of rule.ports) {
    for (const range of resolvePolicyPort(entry, destination)) set = set.union(ConnectionSet.of(range.protocol, range.from, range.to));
  }
  return set;
}

/** The pod ranges (settings.podCidrs) as intervals with their text, parsed once per settings object. */
const parsedPodRanges = new WeakMap<readonly string[], readonly { readonly cidr: string; readonly interval: IpInterval }[]>();

function podRanges(podCidrs: readonly string[]): readonly { readonly cidr: string; readonly interval: IpInterval }[] {
  let ranges = parsedPodRanges.get(podCidrs);
  if (!ranges) {
    ranges = podCidrs.flatMap((cidr) => {
      const interval = parseCidr(cidr);
      return interval ? [{ cidr, interval }] : [];
    });
    parsedPodRanges.set(podCidrs, ranges);
  }
  return ranges;
}

/**
 * Whether an ipBlock plausibly covers pod IPs, and if not, why. Pod IPs are unknown in manifests,
 * so only an ipBlock of the whole address space whose exceptions leave every pod range of its
 * family whole (settings.podCidrs: by default the private ranges pod networks are carved from) is
 * taken to include them (most CNIs apply ipBlocks to pod IPs too).
 */
export type IpBlockPodCoverage =
  | { readonly covers: true }
  /** The cidr is not the whole address space (or cannot be read). */
  | { readonly covers: false; readonly reason: 'partial-cidr' }
  /**
   * Exceptions cut into pod ranges: each with the range it cuts into, or none for an exception
   * that cannot be read (it may exclude anything).
   */
  | { readonly covers: false; readonly reason: 'except'; readonly cuts: readonly ExceptCut[] };

/** An exception of an ipBlock and the pod range it cuts into (undefined: it cannot be read). */
export interface ExceptCut {
  readonly except: string;
  readonly podRange: string | undefined;
  /** Whether the exception removes all of the range, not a part. */
  readonly whole: boolean;
}

/** Whether an ipBlock is taken to cover pod IPs (see IpBlockPodCoverage), with the reason when not. */
export function ipBlockPodCoverage(block: IpBlock, podCidrs: readonly string[]): IpBlockPodCoverage {
  const cidr = parseCidr(block.cidr);
  const whole = cidr && fullRange(cidr.family);
  if (!cidr || !whole || cidr.start !== whole.start || cidr.end !== whole.end) return { covers: false, reason: 'partial-cidr' };
  const cuts = block.except.flatMap((text): ExceptCut[] => {
    const cut = parseCidr(text);
    if (!cut) return [{ except: text, podRange: undefined, whole: false }];
    return podRanges(podCidrs)
      .filter(({ interval }) => interval.family === cut.family && cut.family === cidr.family && cut.start <= interval.end && interval.start <= cut.end)
      .map(({ cidr: podRange, interval }) => ({ except: text, podRange, whole: cut.start <= interval.start && interval.end <= cut.end }));
  });
  return cuts.length === 0 ? { covers: true } : { covers: false, reason: 'except', cuts };
}

/** ipBlockPodCoverage's verdict alone. */
export function ipBlockCoversPods(block: IpBlock, podCidrs: readonly string[]): boolean {
  return ipBlockPodCoverage(block, podCidrs).covers;
}
