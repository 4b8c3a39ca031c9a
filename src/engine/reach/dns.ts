/**
 * Whether pods can reach the cluster DNS: the reachability semantics toward the (usually absent)
 * DNS pods, plus one allowance the strict semantics lacks: an ipBlock for the whole address space
 * whose exceptions leave private ranges alone, which most CNIs apply to pod IPs too.
 */
import type { ClusterModel, PodGroup } from '../model/cluster.js';
import { effectiveRules, ipBlockCoversPods, isolatingPolicies } from '../model/policy.js';
import type { Protocol } from '../model/ports.js';
import { rulePorts, sideAllows } from './analysis.js';

export function dnsAllowed(model: ClusterModel, pods: PodGroup, protocol: Protocol = 'UDP'): boolean {
  const dns = model.dnsPods();
  if (sideAllows(model, pods, 'Egress', { type: 'pods', pods: dns }).has(protocol, 53)) return true;
  return isolatingPolicies(model, pods, 'Egress').some((policy) =>
    effectiveRules(policy, 'Egress').some(
      (rule) =>
        rulePorts(rule, dns).has(protocol, 53) &&
        (rule.peers ?? []).some((peer) => peer.ipBlock !== undefined && ipBlockCoversPods(peer.ipBlock)),
    ),
  );
}
