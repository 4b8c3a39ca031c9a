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
import type { Protocol } from './ports.js';
import { matchesSelector } from './selectors.js';
import type { Direction, IpBlock, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule } from './types.js';

/** Policies that isolate these pods in a direction (empty: the direction is not isolated). */
export function isolatingPolicies(model: ClusterModel, pods: PodGroup, direction: Direction): readonly NetworkPolicy[] {
  return model.policiesSelecting(pods).filter((policy) => policy.policyTypes.includes(direction));
}

/** Rules of a policy that take effect: a direction missing from policyTypes has its rules ignored. */
export function effectiveRules(policy: NetworkPolicy, direction: Direction): readonly PolicyRule[] {
  if (!policy.policyTypes.includes(direction)) return [];
  return direction === 'Ingress' ? policy.ingress : policy.egress;
}

/** Whether a peer of `policy` matches pods (by selectors; ipBlocks never match pods here). */
export function peerSelectsPods(model: ClusterModel, policy: NetworkPolicy, peer: PolicyPeer, pods: PodGroup): boolean {
  if (peer.ipBlock) return false;
  if (!peer.podSelector && !peer.namespaceSelector) return false;
  if (peer.namespaceSelector) {
    if (!matchesSelector(peer.namespaceSelector, model.namespaceLabels(pods.namespace))) return false;
  } else if (pods.namespace !== policy.namespace) {
    return false;
  }
  return peer.podSelector ? matchesSelector(peer.podSelector, pods.labels) : true;
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
  const named = destination?.ports.filter((p) => p.name === entry.port && p.protocol === protocol) ?? [];
  return named.map((p) => ({ protocol, from: p.port, to: p.port }));
}

/** Effective rules with an ipBlock that plausibly covers pod IPs (see ipBlockCoversPods). */
export function rulesWithIpBlockForPods(policy: NetworkPolicy, direction: Direction): readonly PolicyRule[] {
  return effectiveRules(policy, direction).filter((rule) =>
    (rule.peers ?? []).some((peer) => peer.ipBlock !== undefined && ipBlockCoversPods(peer.ipBlock)),
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

/** Parses an IPv4 or IPv6 CIDR into its prefix length, or undefined if it is not one. */
function cidrPrefixLength(cidr: string): number | undefined {
  const match = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!match) return undefined;
  const prefix = Number(match[2]);
  const isV6 = (match[1] as string).includes(':');
  return prefix <= (isV6 ? 128 : 32) ? prefix : undefined;
}

/** Private ranges pod networks are carved from; an `except` touching them may exclude pods. */
const privateRanges = [/^10\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./, /^f[cd]/i];

/**
 * Whether an ipBlock plausibly covers pod IPs. Pod IPs are unknown in manifests, so only an
 * ipBlock of the whole address space whose exceptions avoid private ranges is taken to include
 * them (most CNIs apply ipBlocks to pod IPs too).
 */
export function ipBlockCoversPods(block: IpBlock): boolean {
  if (cidrPrefixLength(block.cidr) !== 0) return false;
  return !block.except.some((cidr) => cidrPrefixLength(cidr) === 0 || privateRanges.some((range) => range.test(cidr)));
}
