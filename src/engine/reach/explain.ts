/**
 * Why a flow is allowed or denied: for each side, the policies that isolate it, the rules that
 * admit the flow, and, for a denial, the rule that came closest and what it missed.
 */
import { labelNamingNamespace, namespaceNameLabel, type ClusterModel, type PodGroup } from '../model/cluster.js';
import { formatLabels, formatSelector, matchesSelector } from '../model/selectors.js';
import type { Protocol } from '../model/ports.js';
import type { Direction, NetworkPolicy, PolicyPeer, PolicyRule } from '../model/types.js';
import { effectiveRules, isolatingPolicies, rulePorts } from '../model/policy.js';
import { ruleAdmits, type Endpoint } from './analysis.js';
import { ConnectionSet } from '../net/connections.js';
import { formatInterval } from '../net/ip.js';

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
  /** Policies isolating this side; empty: not isolated, everything allowed. */
  readonly isolatedBy: readonly NetworkPolicy[];
  readonly allowed: ConnectionSet;
  /** Rules that allow (part of) the flow. */
  readonly admitting: readonly RuleVerdict[];
  /** For a denied flow on an isolated side: the rule that came closest. */
  readonly closest: RuleVerdict | undefined;
}

export interface Explanation {
  readonly allowed: boolean;
  readonly connections: ConnectionSet;
  /** The asked port, if any. */
  readonly port: { readonly protocol: Protocol; readonly port: number } | undefined;
  readonly egress: SideExplanation | undefined;
  readonly ingress: SideExplanation | undefined;
}

function describePeerMiss(model: ClusterModel, policy: NetworkPolicy, peer: PolicyPeer, other: Endpoint): string {
  if (other.type === 'ip') {
    if (!peer.ipBlock) return 'its selectors match pods, not external addresses';
    return `${formatInterval(other.interval)} is not in ipBlock ${peer.ipBlock.cidr}${peer.ipBlock.except.length > 0 ? ` except ${peer.ipBlock.except.join(', ')}` : ''}`;
  }
  const pods = other.pods;
  if (peer.ipBlock) return `ipBlock ${peer.ipBlock.cidr} matches addresses outside the cluster, not pods`;
  if (!peer.podSelector && !peer.namespaceSelector) return 'the peer has no selector';
  if (peer.namespaceSelector && !matchesSelector(peer.namespaceSelector, model.namespaceLabels(pods.namespace))) {
    const named = labelNamingNamespace(peer.namespaceSelector, (ns) => ns === pods.namespace);
    const advice = named ? `; select it with ${namespaceNameLabel}: ${pods.namespace}` : '';
    return `namespaceSelector ${formatSelector(peer.namespaceSelector)} does not match namespace ${pods.namespace} (${formatLabels(model.namespaceLabels(pods.namespace))})${advice}`;
  }
  if (!peer.namespaceSelector && pods.namespace !== policy.namespace) {
    return `podSelector without namespaceSelector selects pods of ${policy.namespace} only, not of ${pods.namespace}`;
  }
  if (peer.podSelector && !matchesSelector(peer.podSelector, pods.labels)) {
    return `podSelector ${formatSelector(peer.podSelector)} does not match ${formatLabels(pods.labels)}`;
  }
  return 'no peer matches';
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
    const peers = rule.peers ?? [];
    miss = peers.map((peer) => describePeerMiss(model, policy, peer, other)).join('; ');
  } else if (ports.isEmpty()) {
    miss = 'its ports resolve to nothing on the destination (a named port no container declares)';
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
  const admitting = verdicts.filter((v) => v.admitsPeer && !v.ports.isEmpty() && (!port || v.ports.has(port.protocol, port.port)));
  const allowed = isolatedBy.length === 0
    ? ConnectionSet.all
    : verdicts.filter((v) => v.admitsPeer).reduce((set, v) => set.union(v.ports), ConnectionSet.none);
  const denied = isolatedBy.length > 0 && (port ? !allowed.has(port.protocol, port.port) : allowed.isEmpty());
  // The closest rule: it matches the peer but not the port, else it has the port but not the peer.
  const closest = denied
    ? (verdicts.find((v) => v.admitsPeer) ??
      verdicts.find((v) => !port || v.ports.has(port.protocol, port.port)) ??
      verdicts[0])
    : undefined;
  return { direction, isolatedBy, allowed, admitting, closest };
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

