/**
 * Ports and protocols: container ports, Service port resolution (targetPort) and the checks
 * NetworkPolicy port rules need. One place, shared by rules and the reachability engine.
 */
import type { NodeRef } from '../finding.js';

import type { Protocol } from '../net/connections.js';

export { protocols, type Protocol } from '../net/connections.js';

export function parseProtocol(value: unknown): Protocol | undefined {
  if (value === undefined || value === null) return 'TCP';
  return value === 'TCP' || value === 'UDP' || value === 'SCTP' ? value : undefined;
}

export interface ContainerPort {
  readonly name: string | undefined;
  readonly port: number;
  readonly protocol: Protocol;
  readonly container: string;
  /** Where it is declared; absent for ports netlint assumes (the cluster DNS pods). */
  readonly node?: NodeRef;
}

/** A port named by number or name, as Service targetPort and NetworkPolicy ports allow. */
export type PortReference = number | string;

/**
 * The container port a reference resolves to on one workload, following the endpoints
 * controller: a name matches a declared port of that name and protocol; a number matches itself
 * whether or not it is declared (containerPort is informational), so it only resolves to a
 * declaration when one exists.
 */
export function findDeclaredPort(
  ports: readonly ContainerPort[],
  reference: PortReference,
  protocol: Protocol,
): ContainerPort | undefined {
  if (typeof reference === 'string') return portsNamed(ports, reference, protocol)[0];
  return ports.find((p) => p.port === reference && p.protocol === protocol);
}

/**
 * The declared ports a port name stands for: those of that name and protocol (any protocol when
 * none is given). Names are unique within a pod, so there are several only when a group holds
 * several workloads.
 */
export function portsNamed(ports: readonly ContainerPort[], name: string, protocol?: Protocol): readonly ContainerPort[] {
  return ports.filter((p) => p.name === name && (protocol === undefined || p.protocol === protocol));
}

/**
 * Whether declared ports include one a NetworkPolicy port entry admits: the name it gives, or a
 * number in its range (`port` to `endPort`), with its protocol.
 */
export function admitsDeclaredPort(ports: readonly ContainerPort[], entry: { readonly port: PortReference; readonly endPort?: number | undefined; readonly protocol: Protocol }): boolean {
  const { port, protocol } = entry;
  if (typeof port === 'string') return portsNamed(ports, port, protocol).length > 0;
  const last = entry.endPort ?? port;
  return ports.some((p) => p.protocol === protocol && p.port >= port && p.port <= last);
}

/**
 * Whether a port's name says it serves metrics (`metrics`, `http-metrics`, `prometheus`): a port
 * scrapers read, which apps often serve without declaring it, and no client sends requests to.
 */
export function isMetricsPortName(name: string | undefined): boolean {
  return name !== undefined && /(?:^|-)(?:metrics|prom|prometheus)(?:-|$)/i.test(name);
}

/** A container or Service port as messages show it: `http (8080)`, `53/UDP`; a Service port without a number shows `?`. */
export interface DescribablePort {
  readonly name: string | undefined;
  readonly port: number | undefined;
  readonly protocol: Protocol | undefined;
}

export function describePort(port: DescribablePort): string {
  const value = port.port ?? '?';
  const number = (port.protocol ?? 'TCP') === 'TCP' ? `${value}` : `${value}/${port.protocol}`;
  return port.name ? `${port.name} (${number})` : number;
}

export function describePorts(ports: readonly DescribablePort[]): string {
  return ports.length === 0 ? 'no ports' : ports.map(describePort).join(', ');
}

/** Kubernetes IntOrString: a quoted number is a *name*, which is why `"8080"` never resolves. */
export function parsePortReference(value: unknown): PortReference | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

/** The number a Service targetPort means on a workload: itself, or the declared port of that name. */
export function resolveTargetPort(ports: readonly ContainerPort[], target: PortReference | undefined, protocol: Protocol): number | undefined {
  if (target === undefined) return undefined;
  if (typeof target === 'number') return target;
  return portsNamed(ports, target, protocol)[0]?.port;
}

/**
 * The number a Service port forwards to on pods with these ports: its targetPort resolved, or its
 * port where the targetPort is unreadable (undefined: a name the pods do not declare).
 */
export function serviceTargetOn(servicePort: { readonly port: number | undefined; readonly targetPort: PortReference | undefined; readonly protocol: Protocol | undefined }, ports: readonly ContainerPort[]): number | undefined {
  return resolveTargetPort(ports, servicePort.targetPort ?? servicePort.port, servicePort.protocol ?? 'TCP');
}
