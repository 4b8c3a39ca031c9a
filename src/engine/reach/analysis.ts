/**
 * Reachability under NetworkPolicy (networking.k8s.io/v1): which connections each peer may open
 * to each other peer.
 *
 * A connection is allowed when the source's egress allows it (or the source is not egress-
 * isolated) and the destination's ingress allows it (or it is not ingress-isolated). Work is done
 * per pod class, not per workload: for each isolated class, each rule of each isolating policy is
 * turned once into an "allowance" indexed by namespace, class and IP atom, so a pair costs a few
 * map look-ups.
 */
import { labelNamingNamespace, namespaceNameLabel, type ClusterModel, type PodGroup } from '../model/cluster.js';
import {
  effectiveRules,
  hasNamedPorts,
  isolatingPolicies,
  peerMatches,
  peerNamespaces,
  policySelects,
  ruleAdmits,
  rulePorts,
  rulesWithIpBlockForPods,
  type Endpoint,
} from '../model/policy.js';
import { compareText, remembered } from '../util.js';
import { matchesSelector, unmetRequirements, type Labels } from '../model/selectors.js';
import { adminRuleMatches, adminRules, adminTiers, networkIntervals, TierDecisionCache, tieredVerdict, underAdminTiers, type AdminDecision } from '../model/admin-policy.js';
import { dnsPort } from '../model/dns.js';
import type { Protocol } from '../model/ports.js';
import type { AdminRule, Direction, NetworkPolicy, PolicyPeer, PolicyRule, Workload } from '../model/types.js';
import { ConnectionSet } from '../net/connections.js';
import { atoms, contains, ipBlockIntervals, type IpInterval } from '../net/ip.js';
import { ingressExposure, type Exposure } from './exposure.js';
import {
  buildPeers,
  controllerPeer,
  externalPeer,
  type ControllerPeer,
  type DestinationPeer,
  type ExternalPeer,
  type Peer,
  type PeerIndex,
  type PodClass,
  type WorkloadPeer,
} from './peers.js';

/** What one side allows, by the other side's namespace, class or IP atom. */
class Allowance {
  all = ConnectionSet.none;
  readonly byNamespace = new Map<string, ConnectionSet>();
  readonly byClass = new Map<number, ConnectionSet>();
  readonly byAtom = new Map<number, ConnectionSet>();

  static add<K>(map: Map<K, ConnectionSet>, key: K, connections: ConnectionSet): void {
    map.set(key, (map.get(key) ?? ConnectionSet.none).union(connections));
  }

  forClass(podClass: PodClass): ConnectionSet {
    return this.all
      .union(this.byNamespace.get(podClass.namespace) ?? ConnectionSet.none)
      .union(this.byClass.get(podClass.id) ?? ConnectionSet.none);
  }

  forAtom(index: number): ConnectionSet {
    return this.all.union(this.byAtom.get(index) ?? ConnectionSet.none);
  }
}

export type { Endpoint };

/**
 * Calls `visit` for each address atom a side's allowance lets connections through, with them:
 * every atom when the side is not isolated or allows something to all; otherwise only the atoms
 * its rules name, without visiting the others (most isolated pods name few of many atoms).
 */
function eachAtom(allowance: Allowance | null, atoms: number, visit: (atom: number, connections: ConnectionSet) => void): void {
  if (allowance && allowance.all.isEmpty()) {
    for (const [atom, connections] of allowance.byAtom) if (!connections.isEmpty()) visit(atom, connections);
    return;
  }
  for (let atom = 0; atom < atoms; atom++) visit(atom, allowance ? allowance.forAtom(atom) : ConnectionSet.all);
}

/**
 * What the NetworkPolicies of one side allow toward (egress) or from (ingress) `other`, computed
 * directly from the policies (no indexes); undefined when none isolates the pods in that direction.
 * With `towardDns` (the DNS check: the DNS pods are not in the input, so rules that warn about
 * blocked lookups must not guess), ipBlocks for the whole address space (with no exception in
 * private ranges) count as covering pod IPs, as most CNIs apply them (the strict semantics never
 * match pods with ipBlocks), and so do peers that may match the DNS pods by labels netlint cannot
 * know (mayMatchDnsPods).
 */
function networkPolicyAllows(model: ClusterModel, pods: PodGroup, direction: Direction, other: Endpoint, towardDns: boolean): ConnectionSet | undefined {
  const policies = isolatingPolicies(model, pods, direction);
  if (policies.length === 0) return undefined;
  const destination = direction === 'Ingress' ? pods : other.type === 'pods' ? other.pods : undefined;
  let allowed = ConnectionSet.none;
  for (const policy of policies) {
    for (const rule of effectiveRules(policy, direction)) {
      if (ruleAdmits(model, policy, rule, other)) allowed = allowed.union(rulePorts(rule, destination));
    }
  }
  if (!towardDns || other.type !== 'pods' || allowed.isAll()) return allowed;
  for (const policy of policies) {
    for (const rule of rulesWithIpBlockForPods(policy, direction, model.settings.podCidrs)) allowed = allowed.union(rulePorts(rule, destination));
    for (const rule of effectiveRules(policy, direction)) {
      if (rule.peers?.some((peer) => mayMatchDnsPods(model, peer, other.pods))) allowed = allowed.union(rulePorts(rule, destination));
    }
  }
  return allowed;
}

/**
 * Labels the addon manager of managed platforms (AKS among them) puts on cluster add-ons such as
 * the DNS pods, beyond the ones the `dns` setting names: policies written for those platforms
 * select the DNS pods by them.
 */
const addonLabels: Labels = { 'kubernetes.io/cluster-service': 'true' };

/**
 * Whether a peer may match the cluster DNS pods, which are not in the input: its podSelector may
 * use the add-on labels platforms put on them, and, when the input does not show their namespace's
 * labels (no Namespace object, nothing in cluster.namespaces), its namespaceSelector may fail only
 * on labels netlint cannot know there, such as `kubernetes.io/cluster-service: "true"`. A label
 * whose value is the namespace's name (`name: kube-system`) is the classic mistake, not an unknown:
 * no platform sets it.
 */
function mayMatchDnsPods(model: ClusterModel, peer: PolicyPeer, pods: PodGroup): boolean {
  const selector = peer.namespaceSelector;
  if (!selector || peer.ipBlock) return false;
  if (peer.podSelector && !matchesSelector(peer.podSelector, { ...addonLabels, ...pods.labels })) return false;
  const labels = model.namespaceLabels(pods.namespace);
  if (matchesSelector(selector, labels)) return true;
  if (model.namespaceLabelsKnown(pods.namespace)) return false;
  const unmet = unmetRequirements(selector, labels);
  return unmet.every(({ key }) => key !== namespaceNameLabel) && labelNamingNamespace(selector, (name) => name === pods.namespace) === undefined;
}

/**
 * One side's verdict computed directly from the policies (no indexes): what `pods` allow toward
 * (egress) or from (ingress) `other`, through the admin tier, the NetworkPolicies and the
 * baseline tier. Used for explanations and checked against the indexed path.
 */
export function sideAllows(model: ClusterModel, pods: PodGroup, direction: Direction, other: Endpoint): ConnectionSet {
  return tieredVerdict(model, pods, direction, other, () => networkPolicyAllows(model, pods, direction, other, false)).allowed;
}

/** Whether pods can reach the cluster DNS over a protocol, and the admin or baseline rule that decides it, if one does. */
export interface DnsVerdict {
  readonly allowed: boolean;
  /** A Deny, an Allow, or a Pass that handed the decision to the NetworkPolicies; undefined when no such rule matches. */
  readonly decidedBy: AdminDecision | undefined;
}

export interface Flow {
  readonly from: Peer;
  readonly to: DestinationPeer;
  readonly connections: ConnectionSet;
}


export class Reachability {
  readonly model: ClusterModel;
  readonly index: PeerIndex;
  /** External address ranges as sources: the partition induced by ingress ipBlocks. */
  readonly sourceAtoms: readonly IpInterval[];
  /** External address ranges as destinations: the partition induced by egress ipBlocks. */
  readonly destinationAtoms: readonly IpInterval[];
  private readonly ingress = new Map<number, Allowance | null>();
  private readonly isolation = { Ingress: new Map<number, readonly NetworkPolicy[]>(), Egress: new Map<number, readonly NetworkPolicy[]>() };
  private readonly covering = { Ingress: new Map<number, readonly PolicyRule[]>(), Egress: new Map<number, readonly PolicyRule[]>() };
  private readonly egress = new Map<number, Allowance | null>();
  private readonly isolatedClasses = new Map<Direction, ReadonlySet<PodClass>>();
  private exposureList: readonly Exposure[] | undefined;
  /** classesAdmitted without `among`, per peer: every class isolated by one policy asks for the same peers. */
  private readonly admitted = new Map<PolicyPeer, readonly PodClass[]>();
  /** Per ipBlock peer, the indexes of the address atoms it holds (of its direction's atoms). */
  private readonly atomsOfBlock = new Map<PolicyPeer, readonly number[]>();
  /** Classes whose pod addresses are known (--pod-ips): the only ones an ipBlock can match. */
  private readonly classesWithIps: readonly PodClass[];
  /** The ingress controller (`{ingress-controller}`), source of what Ingresses and Routes expose. */
  readonly controller: ControllerPeer;
  private readonly adminApplies = { Ingress: new Map<number, boolean>(), Egress: new Map<number, boolean>() };
  private readonly tierDecisions: TierDecisionCache;
  private readonly classesMatchedByRule = new Map<AdminRule, PodClass[]>();

  constructor(model: ClusterModel, options: { podIps?: boolean } = {}) {
    this.model = model;
    this.index = buildPeers(model, options);
    this.controller = controllerPeer(model);
    this.classesWithIps = this.index.classes.filter((c) => c.ips !== undefined);
    this.tierDecisions = new TierDecisionCache(model);
    const blocks = (direction: Direction) => [
      ...model.policies().flatMap((p) => (direction === 'Ingress' ? p.ingress : p.egress))
        .flatMap((rule) => rule.peers ?? [])
        .flatMap((peer) => (peer.ipBlock ? ipBlockIntervals(peer.ipBlock) : [])),
      // The admin and baseline tiers' `networks` cut the address space too.
      ...adminTiers.flatMap((tier) => model.adminPolicies(tier))
        .flatMap((p) => adminRules(p, direction))
        .flatMap((rule) => rule.peers)
        .flatMap((peer) => (peer.type === 'networks' ? networkIntervals(peer) : [])),
    ];
    this.sourceAtoms = atoms(blocks('Ingress'));
    this.destinationAtoms = atoms(blocks('Egress'));
  }

  get peers(): readonly WorkloadPeer[] {
    return this.index.peers;
  }

  externalSources(): ExternalPeer[] {
    return this.sourceAtoms.map(externalPeer);
  }

  externalDestinations(): ExternalPeer[] {
    return this.destinationAtoms.map(externalPeer);
  }

  /**
   * Whether pods can reach the cluster DNS over a protocol, counting an ipBlock for the whole
   * address space as covering pod IPs (see networkPolicyAllows): the DNS pods are usually not in the input.
   */
  dnsAllowed(pods: PodGroup, protocol: Protocol = 'UDP'): boolean {
    return this.dnsVerdict(pods, protocol).allowed;
  }

  /** dnsAllowed, with the admin or baseline rule that decides it (rules use it to point at the culprit). */
  dnsVerdict(pods: PodGroup, protocol: Protocol = 'UDP'): DnsVerdict {
    const dns: Endpoint = { type: 'pods', pods: this.model.dnsPods() };
    const port = dnsPort(this.model, protocol);
    const verdict = tieredVerdict(this.model, pods, 'Egress', dns, () => networkPolicyAllows(this.model, pods, 'Egress', dns, true));
    const decidedBy = [...verdict.admin, ...verdict.baseline].find((d) => d.connections.has(protocol, port));
    return { allowed: verdict.allowed.has(protocol, port), decidedBy };
  }

  /** Whether a class stands for more than one pod (several workloads, or replicas). */
  hasSeveralPods(podClass: PodClass): boolean {
    const workloads = this.peersOfClass(podClass).flatMap((p) => p.workloads);
    return workloads.length > 1 || workloads.some((w) => w.replicas > 1);
  }

  /** Workload peers whose pods belong to a class. */
  peersOfClass(podClass: PodClass): readonly WorkloadPeer[] {
    return this.index.peersByClass.get(podClass.id) ?? [];
  }

  /** The pod classes a policy selects (its own namespace, by podSelector). */
  classesSelectedBy(policy: NetworkPolicy): readonly PodClass[] {
    return this.index.candidates(policy.namespace, policy.podSelector).filter((c) => policySelects(policy, c));
  }

  /**
   * The workloads of the input a rule's ports apply to: the policy's own pods for ingress, the
   * pods its peers match for egress (none for an ipBlock, or for `to` left open).
   */
  destinationWorkloads(policy: NetworkPolicy, rule: PolicyRule): readonly Workload[] {
    const classes = rule.direction === 'Ingress' ? this.classesSelectedBy(policy) : (rule.peers ?? []).flatMap((peer) => this.classesAdmitted(policy, peer));
    return [...new Set(classes.flatMap((c) => this.peersOfClass(c).flatMap((peer) => peer.workloads)))];
  }

  /**
   * The pod classes of the input a peer of a policy matches (ipBlocks match none); with `among`,
   * only those of that set (cheaper than filtering afterwards: most classes are never matched).
   */
  classesAdmitted(policy: NetworkPolicy, peer: PolicyPeer, among?: ReadonlySet<PodClass>): readonly PodClass[] {
    const admitted = () => {
      const namespaces = peerNamespaces(this.model, policy, peer) ?? [];
      return namespaces.flatMap((ns) =>
        this.index.candidates(ns, peer.podSelector).filter(
          (c) => (among === undefined || among.has(c)) && peerMatches(this.model, policy, peer, { type: 'pods', pods: c }),
        ),
      );
    };
    return among === undefined ? remembered(this.admitted, peer, admitted) : admitted();
  }

  /** Whether a peer of a policy matches any pod class of the input (classesAdmitted, stopping at the first). */
  admitsSomeClass(policy: NetworkPolicy, peer: PolicyPeer): boolean {
    const namespaces = peerNamespaces(this.model, policy, peer) ?? [];
    return namespaces.some((ns) => this.index.candidates(ns, peer.podSelector).some((c) => peerMatches(this.model, policy, peer, { type: 'pods', pods: c })));
  }

  /** The pod classes some policy isolates in a direction (computed once per direction). */
  classesIsolatedIn(direction: Direction): ReadonlySet<PodClass> {
    return remembered(this.isolatedClasses, direction, () => new Set(this.index.classes.filter((c) => this.isolatedBy(c, direction).length > 0)));
  }

  /** Adds what a rule allows, by peer, to an allowance. `ports` may depend on the class (egress named ports). */
  private addRule(
    allowance: Allowance,
    policy: NetworkPolicy,
    rule: PolicyRule,
    atomList: readonly IpInterval[],
    ports: ConnectionSet,
    portsFor: ((podClass: PodClass) => ConnectionSet) | undefined,
  ): void {
    const addClass = (c: PodClass) => {
      const set = portsFor ? portsFor(c) : ports;
      if (!set.isEmpty()) Allowance.add(allowance.byClass, c.id, set);
    };
    if (rule.peers === undefined) {
      if (portsFor) {
        this.index.classes.forEach(addClass);
        atomList.forEach((_, i) => Allowance.add(allowance.byAtom, i, ports));
      } else {
        allowance.all = allowance.all.union(ports);
      }
      return;
    }
    for (const peer of rule.peers) {
      if (peer.ipBlock) {
        const block = peer.ipBlock;
        // A peer belongs to one direction, so its atoms are always those of atomList.
        const held = remembered(this.atomsOfBlock, peer, () => {
          const intervals = ipBlockIntervals(block);
          const indexes: number[] = [];
          atomList.forEach((atom, i) => {
            if (contains(intervals, atom)) indexes.push(i);
          });
          return indexes;
        });
        if (!ports.isEmpty()) for (const i of held) Allowance.add(allowance.byAtom, i, ports);
        // With --pod-ips, pods whose addresses the block holds match it too.
        for (const c of this.classesWithIps) if (peerMatches(this.model, policy, peer, { type: 'pods', pods: c })) addClass(c);
      } else if (peer.namespaceSelector && !peer.podSelector && !portsFor) {
        for (const ns of peerNamespaces(this.model, policy, peer) ?? []) Allowance.add(allowance.byNamespace, ns, ports);
      } else {
        this.classesAdmitted(policy, peer).forEach(addClass);
      }
    }
  }

  private ingressOf(podClass: PodClass): Allowance | null {
    let allowance = this.ingress.get(podClass.id);
    if (allowance !== undefined) return allowance;
    const policies = this.isolatedBy(podClass, 'Ingress');
    allowance = policies.length === 0 ? null : new Allowance();
    for (const policy of policies) {
      for (const rule of effectiveRules(policy, 'Ingress')) {
        const ports = rulePorts(rule, podClass);
        if (!ports.isEmpty()) this.addRule(allowance as Allowance, policy, rule, this.sourceAtoms, ports, undefined);
      }
    }
    this.ingress.set(podClass.id, allowance);
    return allowance;
  }

  private egressOf(podClass: PodClass): Allowance | null {
    let allowance = this.egress.get(podClass.id);
    if (allowance !== undefined) return allowance;
    const policies = this.isolatedBy(podClass, 'Egress');
    allowance = policies.length === 0 ? null : new Allowance();
    for (const policy of policies) {
      for (const rule of effectiveRules(policy, 'Egress')) {
        // Named ports resolve on each destination; toward addresses they mean nothing.
        const named = hasNamedPorts(rule);
        const ports = rulePorts(rule, undefined);
        this.addRule(allowance as Allowance, policy, rule, this.destinationAtoms, ports, named ? (c) => rulePorts(rule, c) : undefined);
      }
    }
    this.egress.set(podClass.id, allowance);
    return allowance;
  }

  /** The policies isolating a class in a direction (cached). */
  isolatedBy(podClass: PodClass, direction: Direction): readonly NetworkPolicy[] {
    return remembered(this.isolation[direction], podClass.id, () => isolatingPolicies(this.model, podClass, direction));
  }

  /**
   * What `podClass` allows in `direction` toward (egress) or from (ingress) `other`, from the
   * indexed allowances, counting ipBlocks for the whole address space as covering pods (as
   * the DNS check does). Everything when the class is not isolated in that direction.
   */
  mayAllow(podClass: PodClass, direction: Direction, other: PodClass): ConnectionSet {
    const destination = direction === 'Ingress' ? podClass : other;
    return this.side(podClass, direction, { type: 'pods', pods: other }, (allowance) => {
      let allowed = allowance.forClass(other);
      for (const rule of this.coveringRules(podClass, direction)) allowed = allowed.union(rulePorts(rule, destination));
      return allowed;
    });
  }

  /** Whether an admin or baseline policy applies to a class in a direction (cached). */
  private tiered(podClass: PodClass, direction: Direction): boolean {
    return remembered(this.adminApplies[direction], podClass.id, () => underAdminTiers(this.model, podClass, direction));
  }

  /**
   * One side's verdict: what its NetworkPolicy allowance gives (`fromAllowance`), with the admin
   * and baseline tiers on top where they apply to the class (then per pair, as their rules are
   * ordered and cannot be indexed like NetworkPolicy rules).
   */
  private side(podClass: PodClass, direction: Direction, other: Endpoint, fromAllowance: (allowance: Allowance) => ConnectionSet): ConnectionSet {
    const allowance = direction === 'Ingress' ? this.ingressOf(podClass) : this.egressOf(podClass);
    const networkPolicies = () => (allowance ? fromAllowance(allowance) : undefined);
    if (!this.tiered(podClass, direction)) return networkPolicies() ?? ConnectionSet.all;
    return tieredVerdict(this.model, podClass, direction, other, networkPolicies, (tier) => this.tierDecisions.decide(tier, podClass, direction, other)).allowed;
  }

  /** Rules of the isolating policies with an ipBlock peer for the whole address space (cached). */
  private coveringRules(podClass: PodClass, direction: Direction): readonly PolicyRule[] {
    return remembered(this.covering[direction], podClass.id, () =>
      this.isolatedBy(podClass, direction).flatMap((policy) => rulesWithIpBlockForPods(policy, direction, this.model.settings.podCidrs)),
    );
  }

  /** The workloads Ingresses and OpenShift Routes send the ingress controller to, and on which ports (computed once). */
  exposures(): readonly Exposure[] {
    this.exposureList ??= ingressExposure(this.model, this.index.peers);
    return this.exposureList;
  }

  /**
   * What the policies let the ingress controller open to pods of a class, whatever Ingresses
   * expose: its pods are not in the input, so both sides come straight from the policies.
   */
  fromController(podClass: PodClass): ConnectionSet {
    const controller: Endpoint = { type: 'pods', pods: this.controller.pods };
    const out = sideAllows(this.model, this.controller.pods, 'Egress', { type: 'pods', pods: podClass });
    return out.isEmpty() ? out : out.intersect(sideAllows(this.model, podClass, 'Ingress', controller));
  }

  /** Allowed connections from one peer to another (never between two external ranges). */
  connections(from: Peer, to: DestinationPeer): ConnectionSet {
    if (from.type === 'ingress-controller') {
      if (to.type !== 'workload') return ConnectionSet.none;
      const exposed = this.exposures().find((e) => e.peer.key === to.key);
      return exposed ? exposed.ports.intersect(this.fromController(to.podClass)) : ConnectionSet.none;
    }
    if (from.type === 'external' && to.type === 'external') return ConnectionSet.none;
    if (from.type === 'external') {
      const to_ = to as WorkloadPeer;
      const atom = this.sourceAtoms.indexOf(from.interval);
      if (atom >= 0) return this.fromSourceAtom(atom, to_.podClass);
      return sideAllows(this.model, to_.podClass, 'Ingress', { type: 'ip', interval: from.interval });
    }
    if (to.type === 'external') {
      const atom = this.destinationAtoms.indexOf(to.interval);
      if (atom >= 0) return this.toDestinationAtom(from.podClass, atom);
      return sideAllows(this.model, from.podClass, 'Egress', { type: 'ip', interval: to.interval });
    }
    const out = this.side(from.podClass, 'Egress', { type: 'pods', pods: to.podClass }, (egress) => egress.forClass(to.podClass));
    if (out.isEmpty()) return out;
    return out.intersect(this.side(to.podClass, 'Ingress', { type: 'pods', pods: from.podClass }, (ingress) => ingress.forClass(from.podClass)));
  }

  /** Allowed connections from the source atom with that index to pods of a class. */
  private fromSourceAtom(atom: number, podClass: PodClass): ConnectionSet {
    const interval = this.sourceAtoms[atom] as IpInterval;
    return this.side(podClass, 'Ingress', { type: 'ip', interval }, (ingress) => ingress.forAtom(atom));
  }

  /** Allowed connections from pods of a class to the destination atom with that index. */
  private toDestinationAtom(podClass: PodClass, atom: number): ConnectionSet {
    const interval = this.destinationAtoms[atom] as IpInterval;
    return this.side(podClass, 'Egress', { type: 'ip', interval }, (egress) => egress.forAtom(atom));
  }

  /**
   * Who may receive from whom, inverted from every class's ingress allowance: destinations open
   * to any source, and those that admit a given source namespace or class. Built once per flows().
   */
  private ingressIndex(): { open: PodClass[]; byNamespace: Map<string, Set<PodClass>>; byClass: Map<number, Set<PodClass>> } {
    const open: PodClass[] = [];
    const byNamespace = new Map<string, Set<PodClass>>();
    const byClass = new Map<number, Set<PodClass>>();
    const add = <K>(map: Map<K, Set<PodClass>>, key: K, c: PodClass) => {
      const set = map.get(key);
      if (set) set.add(c);
      else map.set(key, new Set([c]));
    };
    for (const c of this.index.classes) {
      const ingress = this.ingressOf(c);
      if (!ingress || !ingress.all.isEmpty()) {
        open.push(c);
        continue;
      }
      for (const ns of ingress.byNamespace.keys()) add(byNamespace, ns, c);
      for (const id of ingress.byClass.keys()) add(byClass, id, c);
      // Isolated by NetworkPolicies, it also receives what an admin-tier Allow admits past them.
      for (const source of this.adminAllowedSources(c)) add(byClass, source.id, c);
    }
    return { open, byNamespace, byClass };
  }

  /** The pod classes an admin-tier Allow rule applying to a class's ingress matches (the baseline tier never overrides NetworkPolicies). */
  private adminAllowedSources(podClass: PodClass): PodClass[] {
    if (!this.tiered(podClass, 'Ingress')) return [];
    const rules = this.model.adminPoliciesSelecting(podClass, 'Admin', 'Ingress').flatMap((p) => p.ingress.filter((r) => r.action === 'Allow'));
    return rules.flatMap((rule) =>
      remembered(this.classesMatchedByRule, rule, () => this.index.classes.filter((c) => adminRuleMatches(this.model, rule, { type: 'pods', pods: c }))),
    );
  }

  /**
   * Destination classes worth checking from a class: those whose ingress may admit it, narrowed
   * to the classes its egress names when its egress names classes only. Everything else is empty.
   */
  private candidateClasses(podClass: PodClass, inverted: ReturnType<Reachability['ingressIndex']>): Iterable<PodClass> {
    const admitting = new Set<PodClass>([
      ...inverted.open,
      ...(inverted.byNamespace.get(podClass.namespace) ?? []),
      ...(inverted.byClass.get(podClass.id) ?? []),
    ]);
    const egress = this.egressOf(podClass);
    if (!egress || !egress.all.isEmpty() || egress.byNamespace.size > 0 || this.tiered(podClass, 'Egress')) return admitting;
    return [...admitting].filter((c) => egress.byClass.has(c.id));
  }

  /**
   * eachAtom for a class's side: from its allowance, or atom by atom where the admin or baseline
   * tier applies to it (their `networks` may decide any atom).
   */
  private eachAtomOf(podClass: PodClass, direction: Direction, visit: (atom: number, connections: ConnectionSet) => void): void {
    const count = direction === 'Ingress' ? this.sourceAtoms.length : this.destinationAtoms.length;
    if (!this.tiered(podClass, direction)) {
      eachAtom(direction === 'Ingress' ? this.ingressOf(podClass) : this.egressOf(podClass), count, visit);
      return;
    }
    for (let atom = 0; atom < count; atom++) {
      const connections = direction === 'Ingress' ? this.fromSourceAtom(atom, podClass) : this.toDestinationAtom(podClass, atom);
      if (!connections.isEmpty()) visit(atom, connections);
    }
  }

  /** Every allowed flow (self pairs and address-to-address pairs excluded), sorted by source then destination. */
  flows(): Flow[] {
    const flows: Flow[] = [];
    const byClass = this.index.peersByClass;
    const sources = this.externalSources();
    const destinations = this.externalDestinations();
    // Peers of one class behave the same: compute each class once.
    for (const receivers of byClass.values()) {
      this.eachAtomOf((receivers[0] as WorkloadPeer).podClass, 'Ingress', (atom, connections) => {
        const from = sources[atom] as ExternalPeer;
        for (const to of receivers) flows.push({ from, to, connections });
      });
    }
    const inverted = this.ingressIndex();
    for (const members of byClass.values()) {
      const source = members[0] as WorkloadPeer;
      // Peers of one class behave the same: compute each destination class once.
      for (const target of this.candidateClasses(source.podClass, inverted)) {
        const receivers = byClass.get(target.id) ?? [];
        const connections = this.connections(source, receivers[0] as WorkloadPeer);
        if (connections.isEmpty()) continue;
        for (const to of receivers) for (const from of members) if (from.key !== to.key) flows.push({ from, to, connections });
      }
      this.eachAtomOf(source.podClass, 'Egress', (atom, connections) => {
        const to = destinations[atom] as ExternalPeer;
        for (const from of members) flows.push({ from, to, connections });
      });
    }
    for (const exposure of this.exposures()) {
      const connections = exposure.ports.intersect(this.fromController(exposure.peer.podClass));
      if (!connections.isEmpty()) flows.push({ from: this.controller, to: exposure.peer, connections });
    }
    return flows.sort((a, b) => compareText(a.from.key, b.from.key) || compareText(a.to.key, b.to.key));
  }
}
