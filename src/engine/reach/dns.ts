/**
 * Whether pods can reach the cluster DNS, under the reachability semantics toward the (usually
 * absent) DNS pods, counting an ipBlock for the whole address space as covering pod IPs.
 */
import type { ClusterModel, PodGroup } from '../model/cluster.js';
import type { Protocol } from '../model/ports.js';
import { sideMayAllow } from './analysis.js';

/** The standard DNS port, for a protocol the settings list no DNS port for. */
const standardDnsPort = 53;

/** The port the cluster DNS serves over a protocol: the first of `cluster.dns.ports` (53 by default). */
export function dnsPort(model: ClusterModel, protocol: Protocol): number {
  return model.settings.dns.ports.find((p) => p.protocol === protocol)?.port ?? standardDnsPort;
}

/** `UDP 53`, as messages name the DNS port of a protocol. */
export function describeDnsPort(model: ClusterModel, protocol: Protocol): string {
  return `${protocol} ${dnsPort(model, protocol)}`;
}

export function dnsAllowed(model: ClusterModel, pods: PodGroup, protocol: Protocol = 'UDP'): boolean {
  return sideMayAllow(model, pods, 'Egress', { type: 'pods', pods: model.dnsPods() }).has(protocol, dnsPort(model, protocol));
}
