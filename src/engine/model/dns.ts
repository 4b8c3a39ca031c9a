/** The cluster DNS as the settings describe it: which port it serves over each protocol. */
import type { ClusterModel } from './cluster.js';
import type { Protocol } from './ports.js';

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
