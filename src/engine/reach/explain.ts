/**
 * Why a flow is allowed or denied: for each side, the policies that isolate it, the rules that
 * admit the flow, and, for a denial, the rule that came closest and what it missed, plus any
 * policy that was probably meant for these pods but selects none by one label.
 */
import { labelNamingNamespace, namespaceNameLabel, type ClusterModel, type PodGroup } from '../model/cluster.js';
import { formatLabels, formatSelector, isEmptySelector, ownLabel, perPodValues, selectPods, statefulSetPodName, unmetRequirements } from '../model/selectors.js';
import type { Protocol } from '../model/ports.js';
import type { Direction, NetworkPolicy, PolicyPeer, PolicyRule } from '../model/types.js';
import { tieredVerdict, type AdminDecision } from '../model/admin-policy.js';
import {
  effectiveRules,
  isolatingPolicies,
  matchPeer,
  ruleAdmits,
  rulePorts,
  workloadsSelectedByPolicy,
  type Endpoint,
  type PeerMiss,
} from '../model/policy.js';
import { ConnectionSet } from '../net/connections.js';
import { formatInterval } from '../net/ip.js';
import { positionText } from '../locate.js';
import type { ExposingBackend, Exposure } from './exposure.js';

export interface RuleVerdict {
  readonly policy: NetworkPolicy;
  readonly rule: PolicyRule;
  readonly admitsPeer: boolean;
  /** Ports the rule allows toward the destination (whether or not the peer matches). */
  readonly ports: ConnectionSet;
  /** Why the rule does not allow the flow, in words; undefined when it does. */
  readonly miss: string | undefined;
}

export interface SideExplanation {
  readonly direction: Direction;
  /** NetworkPolicies isolating this side; empty: not isolated (the cluster-wide tiers may still decide). */
  readonly isolatedBy: readonly NetworkPolicy[];
  readonly allowed: ConnectionSet;
  /**
   * Rules of the cluster-wide policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
   * ClusterNetworkPolicy) that decide part of the flow, in the order they apply: the admin tier's
   * (Allow, Deny, or Pass handing the decision down), then, where no NetworkPolicy isolates the
   * pods, the baseline tier's. With a port, only the rule that decides that port.
   */
  readonly adminRules: readonly AdminDecision[];
  /** Rules that allow (part of) the flow. */
  readonly admitting: readonly RuleVerdict[];
  /** For a denied flow on an isolated side: the rule that came closest. */
  readonly closest: RuleVerdict | undefined;
  /** Whether the NetworkPolicies decide (some of) the flow: what the admin tier passed down or left open. */
  readonly networkPoliciesDecide: boolean;
  /** For a denied side: policies that select no workload but would select these pods but for one label. */
  readonly nearlySelecting: readonly NearlySelecting[];
  /**
   * Isolating policies that select only some pods of a StatefulSet (by pod-name or pod-index):
   * reach treats the StatefulSet's pods as one peer, so the others are shown as isolated too.
   */
  readonly selectingSomePods: readonly SelectingSomePods[];
  /**
   * The pods use the node's network and policies isolate them: most network plugins do not
   * enforce NetworkPolicies on such pods, so the verdict for this side may not hold in the cluster.
   */
  readonly hostNetwork: boolean;
}

export interface SelectingSomePods {
  readonly policy: NetworkPolicy;
  /** The pods it selects (`redis-0`), and how many the workload runs. */
  readonly pods: readonly string[];
  readonly of: number;
}

/** A policy of the pods' namespace that selects no workload and misses these pods by one label. */
export interface NearlySelecting {
  readonly policy: NetworkPolicy;
  /** The part of its podSelector the pods fail, e.g. `name=cart`, and the label key it is about. */
  readonly selects: string;
  readonly key: string;
  /** The pods' label of that key, e.g. `name=carts`; undefined when they have none. */
  readonly podsHave: string | undefined;
}

export interface Explanation {
  readonly allowed: boolean;
  readonly connections: ConnectionSet;
  /** The asked port, if any. */
  readonly port: { readonly protocol: Protocol; readonly port: number } | undefined;
  readonly egress: SideExplanation | undefined;
  readonly ingress: SideExplanation | undefined;
  /** From the ingress controller only: what Ingresses and Routes send it to on the destination. */
  readonly exposure?: ExposureExplanation;
}

/** The Ingress and Route backends that send the ingress controller to a destination, and the ports. */
export interface ExposureExplanation {
  readonly backends: readonly ExposingBackend[];
  readonly ports: ConnectionSet;
  /** Where the controller's pods are taken to be (the `ingressController` setting). */
  readonly controller: PodGroup;
}

function describePeerMiss(miss: PeerMiss): string {
  switch (miss.part) {
    case 'address-outside-ipBlock': {
      const except = miss.ipBlock.except.length > 0 ? ` except ${miss.ipBlock.except.join(', ')}` : '';
      return `${formatInterval(miss.address)} is not in ipBlock ${miss.ipBlock.cidr}${except}`;
    }
    case 'selectors-vs-address':
      return 'its selectors match pods, not external addresses';
    case 'ipBlock-vs-pods':
      return `ipBlock ${miss.ipBlock.cidr} matches addresses outside the cluster, not pods`;
    case 'no-selector':
      return 'the peer has no selector';
    case 'namespaceSelector': {
      const named = labelNamingNamespace(miss.selector, (ns) => ns === miss.namespace);
      const advice = named ? `; select it with ${namespaceNameLabel}: ${miss.namespace}` : '';
      return `namespaceSelector ${formatSelector(miss.selector)} does not match namespace ${miss.namespace} (${formatLabels(miss.namespaceLabels)})${advice}`;
    }
    case 'other-namespace':
      return `podSelector without namespaceSelector selects pods of ${miss.policyNamespace} only, not of ${miss.namespace}`;
    case 'podSelector':
      return `podSelector ${formatSelector(miss.selector)} does not match ${formatLabels(miss.labels)}`;
  }
}

function describePeerMisses(model: ClusterModel, policy: NetworkPolicy, peers: readonly PolicyPeer[], other: Endpoint): string {
  return peers
    .flatMap((peer) => {
      const match = matchPeer(model, policy, peer, other);
      return match.matched ? [] : [describePeerMiss(match.miss)];
    })
    .join('; ');
}

function verdict(
  model: ClusterModel,
  policy: NetworkPolicy,
  rule: PolicyRule,
  other: Endpoint,
  destination: PodGroup | undefined,
  port: Explanation['port'],
): RuleVerdict {
  const admitsPeer = ruleAdmits(model, policy, rule, other);
  const ports = rulePorts(rule, destination);
  let miss: string | undefined;
  if (!admitsPeer) {
    miss = describePeerMisses(model, policy, rule.peers ?? [], other);
  } else if (ports.isEmpty()) {
    miss = destination?.portsUnknownFrom
      ? `its ports are named, and the input does not show the destination's ports (its pods are created by ${destination.portsUnknownFrom}), so netlint cannot tell whether they match; in the cluster they resolve on the running pods`
      : 'its ports resolve to nothing on the destination (a named port no container declares)';
  } else if (port && !ports.has(port.protocol, port.port)) {
    miss = `it allows ${ports.toString()} only`;
  }
  return { policy, rule, admitsPeer, ports, miss };
}

function explainSide(
  model: ClusterModel,
  pods: PodGroup,
  direction: Direction,
  other: Endpoint,
  port: Explanation['port'],
): SideExplanation {
  const isolatedBy = isolatingPolicies(model, pods, direction);
  const destination = direction === 'Ingress' ? pods : other.type === 'pods' ? other.pods : undefined;
  const verdicts = isolatedBy.flatMap((policy) =>
    effectiveRules(policy, direction).map((rule) => verdict(model, policy, rule, other, destination, port)),
  );
  const networkPolicyAllowed = verdicts.filter((v) => v.admitsPeer).reduce((set, v) => set.union(v.ports), ConnectionSet.none);
  const tiers = tieredVerdict(model, pods, direction, other, () => (isolatedBy.length === 0 ? undefined : networkPolicyAllowed));
  const allowed = tiers.allowed;
  const concerns = (connections: ConnectionSet) => (port ? connections.has(port.protocol, port.port) : !connections.isEmpty());
  // The NetworkPolicies speak for what the admin tier handed down, where they isolate the pods.
  const networkPoliciesDecide = isolatedBy.length > 0 && concerns(tiers.handedDown);
  const adminRules = [...tiers.admin, ...tiers.baseline].filter((d) => concerns(d.connections));
  const admitting = networkPoliciesDecide
    ? verdicts.filter((v) => v.admitsPeer && !v.ports.intersect(tiers.handedDown).isEmpty() && (!port || v.ports.has(port.protocol, port.port)))
    : [];
  const denied = port ? !allowed.has(port.protocol, port.port) : allowed.isEmpty();
  const deniedByNetworkPolicies = denied && networkPoliciesDecide;
  // The closest rule: it matches the peer but not the port, else it has the port but not the peer.
  const closest = deniedByNetworkPolicies
    ? (verdicts.find((v) => v.admitsPeer) ??
      verdicts.find((v) => !port || v.ports.has(port.protocol, port.port)) ??
      verdicts[0])
    : undefined;
  const nearlySelecting = deniedByNetworkPolicies ? policiesNearlySelecting(model, pods, direction) : [];
  const hostNetwork = pods.hostNetwork === true && isolatedBy.length > 0;
  return {
    direction,
    isolatedBy,
    allowed,
    adminRules,
    admitting,
    closest,
    networkPoliciesDecide,
    nearlySelecting,
    selectingSomePods: selectingSomePods(isolatedBy, pods),
    hostNetwork,
  };
}

/**
 * Policies of the pods' namespace for this direction that select no workload of the input and
 * whose podSelector the pods fail in exactly one part: usually a misspelt label (`name: cart` for
 * pods labelled `name: carts`), and the real reason the flow is denied.
 */
function policiesNearlySelecting(model: ClusterModel, pods: PodGroup, direction: Direction): NearlySelecting[] {
  return model.policiesIn(pods.namespace).flatMap((policy) => {
    if (!policy.policyTypes.includes(direction) || isEmptySelector(policy.podSelector)) return [];
    const unmet = unmetRequirements(policy.podSelector, pods.labels);
    if (unmet.length !== 1 || workloadsSelectedByPolicy(model, policy).length > 0) return [];
    const { key, requirement } = unmet[0] as (typeof unmet)[number];
    const value = ownLabel(pods.labels, key);
    return [{ policy, selects: formatSelector(requirement), key, podsHave: value === undefined ? undefined : `${key}=${value}` }];
  });
}

export function explainFlow(
  model: ClusterModel,
  from: Endpoint,
  to: Endpoint,
  port: Explanation['port'],
): Explanation {
  const egress = from.type === 'pods' ? explainSide(model, from.pods, 'Egress', to, port) : undefined;
  const ingress = to.type === 'pods' ? explainSide(model, to.pods, 'Ingress', from, port) : undefined;
  const connections = (egress?.allowed ?? ConnectionSet.all).intersect(ingress?.allowed ?? ConnectionSet.all);
  const allowed = port ? connections.has(port.protocol, port.port) : !connections.isEmpty();
  return { allowed, connections, port, egress, ingress };
}

/**
 * A flow from the ingress controller: what the policies allow it (explainFlow from its pods),
 * within what the Ingresses and Routes exposing the destination send it; nothing without them.
 */
export function explainFromController(model: ClusterModel, exposure: Exposure | undefined, to: Endpoint, port: Explanation['port']): Explanation {
  const controller = model.ingressControllerPods();
  const policies = explainFlow(model, { type: 'pods', pods: controller }, to, port);
  const ports = exposure?.ports ?? ConnectionSet.none;
  const connections = policies.connections.intersect(ports);
  const allowed = port ? connections.has(port.protocol, port.port) : !connections.isEmpty();
  return { ...policies, allowed, connections, exposure: { backends: exposure?.via ?? [], ports, controller } };
}

/** Something an explanation names, for which a reporter shows where it is written. */
export type Explained = NetworkPolicy | PolicyRule | NearlySelecting | SelectingSomePods | ExposingBackend | AdminDecision;

/**
 * `file:line:column` of everything an explanation names: each policy (at its name), each rule,
 * and each nearly-selecting policy (at its podSelector). Located here, once, so that reporters
 * only format.
 */
export type ExplanationPositions = ReadonlyMap<Explained, string>;

/** The isolating policies whose podSelector picks some ordinals of a StatefulSet, not all its pods. */
function selectingSomePods(policies: readonly NetworkPolicy[], pods: PodGroup): SelectingSomePods[] {
  const names = perPodValues(pods.labels, statefulSetPodName) ?? [];
  return policies.flatMap((policy) => {
    const selection = selectPods(policy.podSelector, pods.labels);
    if (!Array.isArray(selection)) return [];
    return [{ policy, pods: selection.map((i) => names[i] ?? `ordinal ${i}`), of: names.length }];
  });
}


export function locateExplanation(explanation: Explanation): ExplanationPositions {
  const positions = new Map<Explained, string>();
  for (const side of [explanation.egress, explanation.ingress]) {
    if (!side) continue;
    for (const policy of side.isolatedBy) positions.set(policy, positionText(policy.at('metadata', 'name')));
    for (const decision of side.adminRules) positions.set(decision, positionText(decision.rule.node));
    for (const v of [...side.admitting, ...(side.closest ? [side.closest] : [])]) positions.set(v.rule, positionText(v.rule.node));
    for (const near of side.nearlySelecting) positions.set(near, positionText(near.policy.podSelectorNode));
    for (const some of side.selectingSomePods) positions.set(some, positionText(some.policy.podSelectorNode));
  }
  for (const backend of explanation.exposure?.backends ?? []) positions.set(backend, positionText(backend.backend.node));
  return positions;
}
