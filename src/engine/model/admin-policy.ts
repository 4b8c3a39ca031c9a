/**
 * Semantics of the cluster-wide policies (policy.networking.k8s.io): AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy (v1alpha1) and ClusterNetworkPolicy (v1alpha2, tiers Admin and
 * Baseline), implemented once for reachability, explanations and rules.
 *
 * For one connection and one direction (the source's egress, the destination's ingress):
 * - the Admin tier's policies that select the pod, lowest priority first, each one's rules in
 *   order: the first rule that matches decides. Allow (Accept) admits the connection and skips the
 *   NetworkPolicies; Deny drops it; Pass hands it down to the NetworkPolicy layer, as does no match;
 * - then the NetworkPolicies, where they isolate the pod in that direction: they decide what was
 *   handed down, as usual;
 * - otherwise the Baseline tier, in the same way (a Deny drops, anything else admits);
 * - what no tier decides is allowed.
 * Rules are read as written: an admin policy isolates nothing by itself, and a policy without
 * rules for a direction does not take part in it. Where a rule names ports, only those ports are
 * decided by it; the rest go on to the next rule.
 *
 * Choices shared with np-guard (the reference analyser): `networks` match addresses outside the
 * cluster only (never pods), `nodes` and `domainNames` peers match nothing (the manifests say
 * nothing about node addresses or resolved names), and admin policies of equal priority are
 * taken in input order (the API leaves their order undefined: admin-priority-conflict warns).
 */
import type { ClusterModel, PodGroup } from './cluster.js';
import { ConnectionSet } from '../net/connections.js';
import { contains, ipBlockIntervals, type IpInterval } from '../net/ip.js';
import { portsNamed, type Protocol } from './ports.js';
import { formatSelector, isEmptySelector, matchesSelector } from './selectors.js';
import type { Endpoint } from './policy.js';
import type { AdminPeer, AdminPodSelection, AdminPolicy, AdminPort, AdminRule, AdminTier, Direction } from './types.js';

export const adminTiers: readonly AdminTier[] = ['Admin', 'Baseline'];

/** The rules of a policy for a direction. */
export function adminRules(policy: AdminPolicy, direction: Direction): readonly AdminRule[] {
  return direction === 'Ingress' ? policy.ingress : policy.egress;
}

/** Whether a subject or selector peer selects these pods (by their namespace's labels, and their own). */
export function selectionMatches(model: ClusterModel, selection: AdminPodSelection, pods: Pick<PodGroup, 'namespace' | 'labels'>): boolean {
  if (!matchesSelector(selection.namespaceSelector, model.namespaceLabels(pods.namespace))) return false;
  return selection.type === 'namespaces' || matchesSelector(selection.podSelector, pods.labels);
}

/**
 * Whether a cluster-wide policy applies to these pods: its subject selects them (and, with a
 * direction, it has rules for that direction: without any, it does not take part).
 */
export function adminPolicySelects(model: ClusterModel, policy: AdminPolicy, pods: Pick<PodGroup, 'namespace' | 'labels'>, direction?: Direction): boolean {
  if (!policy.subject) return false;
  if (direction !== undefined && adminRules(policy, direction).length === 0) return false;
  return selectionMatches(model, policy.subject, pods);
}

/** Orders a tier's policies: lower priority first, then input order (a stable sort). */
export function byPrecedence(policies: readonly AdminPolicy[]): AdminPolicy[] {
  return [...policies].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
}

/** The address ranges of a `networks` peer. */
export function networkIntervals(peer: Extract<AdminPeer, { type: 'networks' }>): readonly IpInterval[] {
  return peer.networks.flatMap((block) => ipBlockIntervals(block));
}

/** THE peer matching of cluster-wide policies: selector peers match pods, `networks` addresses. */
export function adminPeerMatches(model: ClusterModel, peer: AdminPeer, endpoint: Endpoint): boolean {
  switch (peer.type) {
    case 'namespaces':
    case 'pods':
      return endpoint.type === 'pods' && selectionMatches(model, peer, endpoint.pods);
    case 'networks':
      return endpoint.type === 'ip' && contains(networkIntervals(peer), endpoint.interval);
    case 'unanalysable':
      return false;
  }
}

/** Whether any peer of a rule matches the other side. */
export function adminRuleMatches(model: ClusterModel, rule: AdminRule, other: Endpoint): boolean {
  return rule.peers.some((peer) => adminPeerMatches(model, peer, other));
}

/** The ports one port condition stands for; a name resolves on the destination pods (any protocol). */
export function adminPortConnections(port: AdminPort, destination: PodGroup | undefined): ConnectionSet {
  if (port.type === 'range') return ConnectionSet.of(port.protocol, port.from, port.to);
  let set = ConnectionSet.none;
  for (const declared of portsNamed(destination?.ports ?? [], port.name)) set = set.union(ConnectionSet.of(declared.protocol, declared.port));
  return set;
}

/** The connections a rule is about toward a destination (all without ports; names resolve on its pods). */
export function adminRulePorts(rule: AdminRule, destination: PodGroup | undefined): ConnectionSet {
  if (rule.ports === undefined) return ConnectionSet.all;
  return rule.ports.reduce((set, port) => set.union(adminPortConnections(port, destination)), ConnectionSet.none);
}

/** A rule that decided part of a connection, and which part. */
export interface AdminDecision {
  readonly policy: AdminPolicy;
  readonly rule: AdminRule;
  readonly connections: ConnectionSet;
}

/** The destination of a side's connections: the pods themselves for ingress, the other side for egress. */
function destinationOf(pods: PodGroup, direction: Direction, other: Endpoint): PodGroup | undefined {
  return direction === 'Ingress' ? pods : other.type === 'pods' ? other.pods : undefined;
}

/**
 * The rules of a tier that decide a side's connections with the other side, in precedence order,
 * each with the connections it decides (those no earlier rule decided).
 */
export function tierDecisions(model: ClusterModel, tier: AdminTier, pods: PodGroup, direction: Direction, other: Endpoint): AdminDecision[] {
  const decisions: AdminDecision[] = [];
  const destination = destinationOf(pods, direction, other);
  let undecided = ConnectionSet.all;
  for (const policy of model.adminPoliciesSelecting(pods, tier, direction)) {
    for (const rule of adminRules(policy, direction)) {
      if (!adminRuleMatches(model, rule, other)) continue;
      const connections = adminRulePorts(rule, destination).intersect(undecided);
      if (connections.isEmpty()) continue;
      decisions.push({ policy, rule, connections });
      undecided = undecided.subtract(connections);
      if (undecided.isEmpty()) return decisions;
    }
  }
  return decisions;
}

/** The union of the connections decisions with one of these actions decide. */
export function decidedBy(decisions: readonly AdminDecision[], actions: readonly AdminRule['action'][]): ConnectionSet {
  return decisions.reduce((set, d) => (actions.includes(d.rule.action) ? set.union(d.connections) : set), ConnectionSet.none);
}

/** One side's verdict through all tiers, with what each tier decided (for explanations). */
export interface TieredVerdict {
  readonly allowed: ConnectionSet;
  readonly admin: readonly AdminDecision[];
  /** What the Admin tier left to the lower layers (passed or not matched). */
  readonly handedDown: ConnectionSet;
  /** What the NetworkPolicies allow, when they isolate the pods (then the Baseline tier is not asked). */
  readonly networkPolicies: ConnectionSet | undefined;
  readonly baseline: readonly AdminDecision[];
}

/**
 * THE layering of one side: Admin tier, then NetworkPolicies (`networkPolicyAllows`: what they
 * allow, or undefined when they do not isolate the pods in this direction), then Baseline tier.
 */
export function tieredVerdict(
  model: ClusterModel,
  pods: PodGroup,
  direction: Direction,
  other: Endpoint,
  networkPolicyAllows: () => ConnectionSet | undefined,
  decide: (tier: AdminTier) => readonly AdminDecision[] = (tier) => tierDecisions(model, tier, pods, direction, other),
): TieredVerdict {
  const admin = decide('Admin');
  const adminAllowed = decidedBy(admin, ['Allow']);
  const handedDown = ConnectionSet.all.subtract(decidedBy(admin, ['Allow', 'Deny']));
  if (handedDown.isEmpty()) return { allowed: adminAllowed, admin, handedDown, networkPolicies: undefined, baseline: [] };
  const networkPolicies = networkPolicyAllows();
  if (networkPolicies !== undefined) {
    return { allowed: adminAllowed.union(handedDown.intersect(networkPolicies)), admin, handedDown, networkPolicies, baseline: [] };
  }
  const baseline = decide('Baseline');
  const allowed = adminAllowed.union(handedDown.subtract(decidedBy(baseline, ['Deny'])));
  return { allowed, admin, handedDown, networkPolicies, baseline };
}

/** A pod group's declared ports, as named ports resolve on them. */
function portsKey(pods: PodGroup): string {
  return pods.ports.map((p) => `${p.name ?? ''}/${p.protocol}/${p.port}`).sort().join(',');
}

/**
 * tierDecisions for many pairs at once, as reach asks them: the decisions for pods and the other
 * end depend only on which policies apply to the pods (and their ports, where ingress rules name
 * ports) and on which rules match the other end (and its ports, where egress rules name ports).
 * Pairs that agree on both share one evaluation, so a policy over the whole cluster costs about
 * the number of distinct views, not the square of the pod classes.
 */
export class TierDecisionCache {
  private readonly rules: Readonly<Record<Direction, readonly AdminRule[]>>;
  private readonly namedPorts: Readonly<Record<Direction, boolean>>;
  private readonly subjectKeys = { Ingress: new WeakMap<PodGroup, string>(), Egress: new WeakMap<PodGroup, string>() };
  private readonly otherKeys = { Ingress: new WeakMap<object, string>(), Egress: new WeakMap<object, string>() };
  private readonly decisions = new Map<string, readonly AdminDecision[]>();

  constructor(private readonly model: ClusterModel) {
    const policies = adminTiers.flatMap((tier) => model.adminPolicies(tier));
    const rulesFor = (direction: Direction) => policies.flatMap((p) => adminRules(p, direction));
    this.rules = { Ingress: rulesFor('Ingress'), Egress: rulesFor('Egress') };
    const named = (direction: Direction) => this.rules[direction].some((r) => r.ports?.some((p) => p.type === 'named'));
    this.namedPorts = { Ingress: named('Ingress'), Egress: named('Egress') };
  }

  /** The decisions of a tier for pods (kept: a pod class) and the other end (kept: a class or an atom). */
  decide(tier: AdminTier, pods: PodGroup, direction: Direction, other: Endpoint): readonly AdminDecision[] {
    const key = `${tier}\0${direction}\0${this.subjectKey(pods, direction)}\0${this.otherKey(other, direction)}`;
    let decisions = this.decisions.get(key);
    if (decisions === undefined) {
      decisions = tierDecisions(this.model, tier, pods, direction, other);
      this.decisions.set(key, decisions);
    }
    return decisions;
  }

  /** Which policies apply to the pods (by object identity, in order), and their ports where rules name ports. */
  subjectKey(pods: PodGroup, direction: Direction): string {
    let key = this.subjectKeys[direction].get(pods);
    if (key === undefined) {
      const policies = adminTiers.flatMap((tier) => this.model.adminPoliciesSelecting(pods, tier, direction));
      const ids = policies.map((p) => this.model.adminPolicies(p.tier).indexOf(p)).join(',');
      key = `${policies.map((p) => p.tier[0]).join('')}:${ids}${this.namedPorts[direction] && direction === 'Ingress' ? `:${portsKey(pods)}` : ''}`;
      this.subjectKeys[direction].set(pods, key);
    }
    return key;
  }

  /** Which rules of the direction match the other end, and its ports where rules name ports. */
  otherKey(other: Endpoint, direction: Direction): string {
    const identity = other.type === 'pods' ? other.pods : other.interval;
    let key = this.otherKeys[direction].get(identity);
    if (key === undefined) {
      const bits = this.rules[direction].map((rule) => (adminRuleMatches(this.model, rule, other) ? '1' : '0')).join('');
      const ports = this.namedPorts[direction] && direction === 'Egress' && other.type === 'pods' ? `:${portsKey(other.pods)}` : '';
      key = `${other.type}:${bits}${ports}`;
      this.otherKeys[direction].set(identity, key);
    }
    return key;
  }
}

/**
 * Whether an admin-tier Allow (Accept) rule that applies to the pods' ingress names this port: it
 * admits its sources past the NetworkPolicies. Rules that warn about unreachable pods take that as
 * reachable, whatever the rule's peers (they may match pods the input does not show).
 */
export function adminAllowsIngressOn(model: ClusterModel, pods: PodGroup, protocol: Protocol, port: number): boolean {
  return model.adminPoliciesSelecting(pods, 'Admin', 'Ingress').some((policy) =>
    policy.ingress.some((rule) => rule.action === 'Allow' && adminRulePorts(rule, pods).has(protocol, port)),
  );
}

/** Whether some Admin or Baseline policy applies to these pods in a direction (else only NetworkPolicies count). */
export function underAdminTiers(model: ClusterModel, pods: PodGroup, direction: Direction): boolean {
  return adminTiers.some((tier) => model.adminPoliciesSelecting(pods, tier, direction).length > 0);
}

/** A subject or selector peer for messages: `namespaces team=a`, `pods in namespaces team=a with app=api`. */
export function describeSelection(selection: AdminPodSelection): string {
  const namespaces = isEmptySelector(selection.namespaceSelector) ? 'all namespaces' : `namespaces ${formatSelector(selection.namespaceSelector)}`;
  if (selection.type === 'namespaces') return namespaces;
  const pods = isEmptySelector(selection.podSelector) ? 'all pods' : `pods ${formatSelector(selection.podSelector)}`;
  return `${pods} in ${namespaces}`;
}

/** A peer for messages. */
export function describeAdminPeer(peer: AdminPeer): string {
  switch (peer.type) {
    case 'namespaces':
    case 'pods':
      return describeSelection(peer);
    case 'networks':
      return `networks ${peer.networks.map((n) => n.cidr).join(', ')}`;
    case 'unanalysable':
      return peer.field;
  }
}

/** A rule for messages: `egress rule "deny-all" (Deny)`, or by index when it has no name. */
export function describeAdminRule(rule: AdminRule): string {
  const name = rule.name ? ` "${rule.name}"` : ` ${rule.index + 1}`;
  return `${rule.direction.toLowerCase()} rule${name} (${rule.writtenAction})`;
}

/** A `nodes` or `domainNames` peer, with its policy and rule: what netlint cannot judge offline. */
export interface UnanalysablePeer {
  readonly policy: AdminPolicy;
  readonly rule: AdminRule;
  readonly field: 'nodes' | 'domainNames';
}

/** Every `nodes` and `domainNames` peer of the cluster-wide policies, in precedence order. */
export function unanalysablePeers(model: ClusterModel): UnanalysablePeer[] {
  return adminTiers.flatMap((tier) =>
    model.adminPolicies(tier).flatMap((policy) =>
      [...policy.ingress, ...policy.egress].flatMap((rule) =>
        rule.peers.flatMap((peer) => (peer.type === 'unanalysable' ? [{ policy, rule, field: peer.field }] : [])),
      ),
    ),
  );
}
