/**
 * Whether pods can reach the cluster DNS, under the reachability semantics toward the (usually
 * absent) DNS pods, counting an ipBlock for the whole address space as covering pod IPs.
 */
import type { ClusterModel, PodGroup } from '../model/cluster.js';
import type { Protocol } from '../model/ports.js';
import { sideMayAllow } from './analysis.js';

export function dnsAllowed(model: ClusterModel, pods: PodGroup, protocol: Protocol = 'UDP'): boolean {
  return sideMayAllow(model, pods, 'Egress', { type: 'pods', pods: model.dnsPods() }).has(protocol, 53);
}
