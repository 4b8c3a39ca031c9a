/**
 * The peers of `netlint reach --from/--to` as the user writes them (a workload, a Service, an IP
 * address, with an optional port on the destination), resolved to the workloads and the port the
 * analysis answers for. A Service stands for the workloads it selects, and its port (each of its
 * ports, when none is given) for the targetPort on each of them; every such translation is kept
 * as a note for the output.
 */
import type { Protocol } from '../engine/model/ports.js';
import { portsNamed, serviceTargetOn } from '../engine/model/ports.js';
import { formatLabels } from '../engine/model/selectors.js';
import type { Service, ServicePort } from '../engine/model/types.js';
import type { Endpoint, Flow, Reachability } from '../engine/reach/analysis.js';
import { explainFlow, explainFromController, locateExplanation, type Explanation, type ExplanationPositions } from '../engine/reach/explain.js';
import { ConnectionSet } from '../engine/net/connections.js';
import { contains, parseAddress, type IpInterval } from '../engine/net/ip.js';
import { controllerKey, type ControllerPeer, type WorkloadPeer } from '../engine/reach/peers.js';

/** A mistake in the command line: printed as it is, exit 2. */
export class ReachError extends Error {}

export interface PeerSpec {
  readonly label: string;
  readonly endpoint: Endpoint;
  readonly peer: WorkloadPeer | ControllerPeer | undefined;
  readonly address: IpInterval | undefined;
}

export interface AskedPort {
  readonly protocol: Protocol;
  readonly port: number;
}

/** How a Service led to a workload, for the output. */
export interface ServiceRoute {
  readonly service: Service;
  /** The Service port asked for; undefined when no port was given. */
  readonly servicePort: ServicePort | undefined;
}

/** One workload or address a peer stands for, and the port asked on it (undefined: every port). */
export interface Target {
  readonly spec: PeerSpec;
  readonly port: AskedPort | undefined;
  readonly route: ServiceRoute | undefined;
}

/** A resolved `--from` or `--to`: its targets, and sentences saying how a Service was translated. */
export interface Side {
  readonly targets: readonly Target[];
  readonly notes: readonly string[];
  /** Whether the user named a Service (the JSON explanation is then a list, one per workload). */
  readonly viaService: boolean;
}

/** `--to` text split into the peer and the port as written. */
export interface PeerText {
  readonly peer: string;
  readonly port: string | undefined;
  /** undefined when not written: TCP, or the protocol of the named port. */
  readonly protocol: Protocol | undefined;
}

/** Splits `peer:port/proto`; IPv6 addresses need no port or brackets: `[::1]:53/UDP`. */
export function splitPort(text: string): PeerText {
  const bracketed = /^\[([^\]]+)\](?::([^/]+)(?:\/(\w+))?)?$/.exec(text);
  const plain = /^(.*?)(?::([A-Za-z0-9-]+)(?:\/(\w+))?)?$/.exec(text);
  const parts = bracketed ?? (text.split(':').length > 2 && !text.includes('/') ? [text, text, undefined, undefined] : plain);
  if (!parts) throw new ReachError(`cannot read "${text}"`);
  const written = parts[3]?.toUpperCase();
  if (written !== undefined && written !== 'TCP' && written !== 'UDP' && written !== 'SCTP') {
    throw new ReachError(`unknown protocol "${parts[3]}": use TCP, UDP or SCTP`);
  }
  return { peer: parts[1] as string, port: parts[2], protocol: written };
}

/** `--from` names sources only: a port there is a mistake for the destination's port. */
export function rejectSourcePort(text: string): void {
  if (parseAddress(text) || !text.includes(':')) return;
  const { peer, port } = splitPort(text);
  throw new ReachError(
    `--from takes no port ("${text}"): a connection's port is the destination's; write --from ${peer} --to <peer>:${port ?? '<port>'}`,
  );
}

function workloadSpec(peer: WorkloadPeer): PeerSpec {
  return { label: peer.key, endpoint: { type: 'pods', pods: peer.podClass }, peer, address: undefined };
}

/** With --pod-ips, the workload whose pods have this address. */
function podWithAddress(reach: Reachability, address: IpInterval): WorkloadPeer | undefined {
  return reach.peers.find((p) =>
    (p.podClass.ips ?? []).some((ip) => {
      const own = parseAddress(ip);
      return own !== undefined && own.family === address.family && own.start === address.start;
    }),
  );
}

function portNumber(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const number = Number(text);
  if (number < 1 || number > 65535) throw new ReachError(`port ${text} is out of range (1-65535)`);
  return number;
}

function describeContainerPorts(peer: WorkloadPeer): string {
  const ports = peer.podClass.ports;
  const operator = peer.podClass.portsUnknownFrom;
  if (operator) return `the input does not show its ports (its pods are created by ${operator}); give the port by number`;
  if (ports.length === 0) return 'it declares no container ports; give the port by number';
  return `its ports: ${ports.map((p) => (p.name ? `${p.name} (${p.protocol} ${p.port})` : `${p.protocol} ${p.port}`)).join(', ')}`;
}

function describeServicePort(port: ServicePort): string {
  const protocol = port.protocol ?? 'TCP';
  return port.name ? `${port.name} (${protocol} ${port.port})` : `${protocol} ${port.port}`;
}

function describeServicePorts(service: Service): string {
  const ports = service.ports.filter((p) => p.port !== undefined);
  if (ports.length === 0) return 'it declares no ports';
  return `its ports: ${ports.map((p) => `${describeServicePort(p)} → targetPort ${p.targetPort ?? p.port}`).join(', ')}`;
}

/** The port asked on a workload: a number as it is, a name resolved on its containers. */
function portOnWorkload(reach: Reachability, peer: WorkloadPeer, port: string, protocol: Protocol | undefined): AskedPort {
  const number = portNumber(port);
  if (number !== undefined) return { protocol: protocol ?? 'TCP', port: number };
  // Container port names are unique in a pod, so an unwritten protocol is the named port's.
  const [named] = portsNamed(peer.podClass.ports, port, protocol);
  if (named) return { protocol: named.protocol, port: named.port };
  const service = reach.model.services().find((s) => s.namespace === peer.namespace && s.name === peer.name && s.ports.some((p) => p.name === port));
  const hint = service ? `; for the port ${port} of Service ${peer.namespace}/${peer.name}, write svc/${peer.namespace}/${peer.name}:${port}` : '';
  throw new ReachError(`${peer.key} declares no ${protocol ?? 'TCP'} port named "${port}"; ${describeContainerPorts(peer)}${hint}`);
}

function addressSide(reach: Reachability, address: IpInterval, text: string, written: PeerText | undefined, podIps: boolean): Side {
  const pod = podIps ? podWithAddress(reach, address) : undefined;
  const spec: PeerSpec = pod ? workloadSpec(pod) : { label: text, endpoint: { type: 'ip', interval: address }, peer: undefined, address };
  let port: AskedPort | undefined;
  if (written?.port !== undefined) {
    const number = portNumber(written.port);
    if (number === undefined) throw new ReachError(`an address has no named ports: give the port of ${text} by number, not "${written.port}"`);
    port = { protocol: written.protocol ?? 'TCP', port: number };
  }
  return { targets: [{ spec, port, route: undefined }], notes: [], viaService: false };
}

/** The number a Service port's targetPort stands for on a workload (undefined: a name it does not declare). */
function targetOn(servicePort: ServicePort, peer: WorkloadPeer): number | undefined {
  return serviceTargetOn(servicePort, peer.podClass.ports);
}

/**
 * For a number the Service does not expose, the Service ports that forward to it: users often give
 * the container port (targetPort) where the Service port is meant.
 */
function targetPortHint(service: Service, number: number, protocol: Protocol | undefined, peers: readonly WorkloadPeer[]): string {
  const forwarding = service.ports.filter(
    (p) => p.port !== undefined && (protocol === undefined || p.protocol === protocol) && peers.some((peer) => targetOn(p, peer) === number),
  );
  if (forwarding.length === 0) return '';
  const workloads = peers.filter((peer) => forwarding.some((p) => targetOn(p, peer) === number)).map((peer) => `${peer.key}:${number}`);
  const via = forwarding.map((p) => `svc/${service.namespace}/${service.name}:${p.port}`);
  return `${number} is the targetPort of its port ${forwarding.map(describeServicePort).join(', ')}: use ${via.join(' or ')}, or the workload ${workloads.join(' or ')}`;
}

/** The Service port a user named, by number or by the Service port's name. */
function findServicePort(service: Service, port: string, protocol: Protocol | undefined, peers: readonly WorkloadPeer[]): ServicePort {
  const number = portNumber(port);
  const candidates = service.ports.filter(
    (p) => p.port !== undefined && p.protocol !== undefined && (number !== undefined ? p.port === number : p.name === port) && (protocol === undefined || p.protocol === protocol),
  );
  const what = `${protocol ? `${protocol} ` : ''}port ${number !== undefined ? port : `named "${port}"`}`;
  if (candidates.length === 0) {
    const hint = number === undefined ? '' : targetPortHint(service, number, protocol, peers);
    throw new ReachError(`Service ${service.namespace}/${service.name} exposes no ${what}; ${hint || describeServicePorts(service)}`);
  }
  if (candidates.length > 1) {
    throw new ReachError(`Service ${service.namespace}/${service.name} exposes ${what} for ${candidates.map((p) => p.protocol).join(' and ')}; add /TCP, /UDP or /SCTP`);
  }
  return candidates[0] as ServicePort;
}

/** The workload peers whose pods a Service selects; an error saying what to do when there are none. */
function selectedPeers(reach: Reachability, service: Service): WorkloadPeer[] {
  const name = `Service ${service.namespace}/${service.name}`;
  if (!service.selector) {
    throw new ReachError(`${name} has no selector: its endpoints are managed by hand, so the input does not say which pods it reaches; name a workload or an IP address instead`);
  }
  const workloads = new Set(reach.model.workloadsSelectedBy(service));
  const peers = reach.peers.filter((p) => p.workloads.some((w) => workloads.has(w)));
  if (peers.length === 0) {
    throw new ReachError(`${name} selects no workload of the input (selector ${formatLabels(service.selector)}); add the workload it is meant for to the input, or fix the selector (\`netlint\` reports it as selector-no-match)`);
  }
  return peers;
}

/** `the input does not show the ports of mon/k8s[Prometheus] (its pods are created by prometheus-operator)`. */
function portsNotShown(peers: readonly WorkloadPeer[]): string {
  const operators = [...new Set(peers.map((p) => p.podClass.portsUnknownFrom))].join(', ');
  return `the input does not show the ports of ${peers.map((p) => p.key).join(', ')} (${peers.length === 1 ? 'its pods are' : 'their pods are'} created by ${operators})`;
}

/** One Service port on one selected workload: the target it stands for, or a note why there is none. */
function translate(service: Service, servicePort: ServicePort, peer: WorkloadPeer): { target: Target | undefined; note: string } {
  const protocol = servicePort.protocol ?? 'TCP';
  const target = servicePort.targetPort ?? (servicePort.port as number);
  const prefix = `Service ${service.namespace}/${service.name} port ${describeServicePort(servicePort)} → targetPort ${target}`;
  // A named targetPort resolves on each pod; pods without it get nothing from this Service port.
  const number = targetOn(servicePort, peer);
  if (number === undefined) {
    const why = peer.podClass.portsUnknownFrom
      ? `${portsNotShown([peer])}, so netlint cannot tell which port "${target}" is; give it by number: --to ${peer.key}:<port>`
      : `${peer.key} declares no ${protocol} port named "${target}", so the Service sends it nothing on this port`;
    return { target: undefined, note: `${prefix}: ${why}` };
  }
  return {
    target: { spec: workloadSpec(peer), port: { protocol, port: number }, route: { service, servicePort } },
    note: `${prefix}${typeof target === 'number' ? '' : ` (${number})`} on ${peer.key}`,
  };
}

/** Why no selected workload is reached through these Service ports, and what to write instead. */
function noTargetError(service: Service, servicePorts: readonly ServicePort[], peers: readonly WorkloadPeer[]): ReachError {
  const name = `Service ${service.namespace}/${service.name}`;
  if (servicePorts.length === 0) return new ReachError(`${name} declares no ports; name a workload and its port instead`);
  const unknown = peers.filter((p) => p.podClass.portsUnknownFrom);
  const ports = servicePorts.map((p) => `port ${describeServicePort(p)} → targetPort ${p.targetPort ?? p.port}`).join(', ');
  if (unknown.length > 0) {
    return new ReachError(`${name} ${ports}: ${portsNotShown(unknown)}, so netlint cannot tell which port that is; give the container port by number on the workload: --to ${(unknown[0] as WorkloadPeer).key}:<port>`);
  }
  const [only] = servicePorts;
  if (servicePorts.length === 1 && only) {
    return new ReachError(`${name} ${ports}: no workload it selects declares a ${only.protocol ?? 'TCP'} port named "${only.targetPort}"; name a container port "${only.targetPort}", or set targetPort to the port number`);
  }
  const names = [...new Set(servicePorts.map((p) => `"${p.targetPort}"`))].join(', ');
  return new ReachError(`${name} ${ports}: no workload it selects declares a port named ${names}; name container ports so, or set each targetPort to the port number`);
}

/**
 * A Service as the destination stands for its selected workloads on the ports it forwards to:
 * the one written, or every port of the Service when none is. As a source it stands for the
 * workloads on any port.
 */
function serviceSide(reach: Reachability, service: Service, written: PeerText | undefined): Side {
  const peers = selectedPeers(reach, service);
  if (written === undefined) {
    const route = { service, servicePort: undefined };
    return {
      targets: peers.map((p) => ({ spec: workloadSpec(p), port: undefined, route })),
      notes: [`Service ${service.namespace}/${service.name} selects ${peers.map((p) => p.key).join(', ')}`],
      viaService: true,
    };
  }
  const servicePorts = written.port === undefined
    ? service.ports.filter((p) => p.port !== undefined && p.protocol !== undefined)
    : [findServicePort(service, written.port, written.protocol, peers)];
  const translated = servicePorts.flatMap((servicePort) => peers.map((peer) => translate(service, servicePort, peer)));
  const targets = translated.flatMap((t) => (t.target ? [t.target] : []));
  if (targets.length === 0) throw noTargetError(service, servicePorts, peers);
  return { targets, notes: translated.map((t) => t.note), viaService: true };
}

/** `{ingress-controller}`: the source of what Ingresses and Routes expose, never a destination. */
function controllerSide(reach: Reachability, written: PeerText | undefined): Side {
  if (written !== undefined) {
    throw new ReachError(`${controllerKey} only opens connections (to what Ingresses and OpenShift Routes expose): use it with --from`);
  }
  const { controller } = reach;
  const spec: PeerSpec = { label: controller.key, endpoint: { type: 'pods', pods: controller.pods }, peer: controller, address: undefined };
  return { targets: [{ spec, port: undefined, route: undefined }], notes: [], viaService: false };
}

function servicesAt(reach: Reachability, namespace: string, name: string): Service[] {
  return reach.model.servicesNamed(name).filter((s) => s.namespace === namespace);
}

/**
 * Resolves `--from` or `--to`: `namespace/name[Kind]`, `name`, `svc/namespace/name`, `svc/name`,
 * or an IP address; a bare name that is no workload but a Service means the Service. `written`
 * carries the port of `--to` (undefined for `--from`).
 */
export function resolveSide(reach: Reachability, text: string, written: PeerText | undefined, namespace: string, podIps: boolean): Side {
  if (text === controllerKey) return controllerSide(reach, written);
  const address = parseAddress(text);
  if (address) return addressSide(reach, address, text, written, podIps);
  const service = /^svc\/(?:([^/[\]]+)\/)?([^/[\]]+)$/.exec(text);
  if (service) {
    const [, ns = namespace, name = ''] = service;
    const found = servicesAt(reach, ns, name)[0];
    if (!found) {
      const elsewhere = [
        ...reach.model.servicesNamed(name).map((s) => `svc/${s.namespace}/${s.name}`),
        ...reach.peers.filter((p) => p.namespace === ns && p.name === name).map((p) => `the workload ${p.key} (without svc/)`),
      ];
      throw new ReachError(`no Service ${ns}/${name} in the input${elsewhere.length > 0 ? `; did you mean ${elsewhere.join(', ')}?` : ''}`);
    }
    return serviceSide(reach, found, written);
  }
  const match = /^(?:([^/]+)\/)?([^/[\]]+)(?:\[([A-Za-z]+)\])?$/.exec(text);
  if (!match) throw new ReachError(`"${text}" is not a peer: use namespace/name, name, svc/namespace/name, or an IP address`);
  const [, ns = namespace, name = '', kind] = match;
  const found = reach.peers.filter((p) => p.namespace === ns && p.name === name && (!kind || p.kind === kind));
  if (found.length > 1) throw new ReachError(`${ns}/${name} is ambiguous: ${found.map((p) => p.key).join(', ')}; add [Kind]`);
  const peer = found[0];
  if (peer) {
    const port = written?.port === undefined ? undefined : portOnWorkload(reach, peer, written.port, written.protocol);
    return { targets: [{ spec: workloadSpec(peer), port, route: undefined }], notes: [], viaService: false };
  }
  const onlyService = kind ? undefined : servicesAt(reach, ns, name)[0];
  if (onlyService) return serviceSide(reach, onlyService, written);
  const known = [
    ...reach.peers.filter((p) => p.name === name).map((p) => p.key),
    ...reach.model.servicesNamed(name).map((s) => `svc/${s.namespace}/${s.name}`),
  ];
  throw new ReachError(`no workload or Service ${ns}/${name} in the input${known.length > 0 ? `; did you mean ${known.join(', ')}?` : ''}`);
}

/** The targets a flow's endpoint on one side belongs to (several: a Service's ports on one workload). */
function targetsOf(flow: Flow, side: Side, which: 'from' | 'to'): Target[] {
  const peer = flow[which];
  return side.targets.filter(({ spec }) =>
    spec.peer ? peer.key === spec.peer.key : peer.type === 'external' && spec.address !== undefined && contains([peer.interval], spec.address),
  );
}

/** The ports asked on a destination's targets, together; undefined when one of them asks every port. */
function askedPorts(targets: readonly Target[]): ConnectionSet | undefined {
  let asked = ConnectionSet.none;
  for (const { port } of targets) {
    if (!port) return undefined;
    asked = asked.union(ConnectionSet.of(port.protocol, port.port));
  }
  return asked;
}

/**
 * The flows between the two sides, each narrowed to the ports asked on its destination: a flow
 * stays when its connections include one of them, and then shows only those.
 */
export function filterFlows(flows: readonly Flow[], from: Side | undefined, to: Side | undefined): Flow[] {
  const kept: Flow[] = [];
  for (const flow of flows) {
    if (from && targetsOf(flow, from, 'from').length === 0) continue;
    const targets = to ? targetsOf(flow, to, 'to') : [];
    if (to && targets.length === 0) continue;
    const asked = to ? askedPorts(targets) : undefined;
    const connections = asked ? flow.connections.intersect(asked) : flow.connections;
    if (!connections.isEmpty()) kept.push(asked ? { ...flow, connections } : flow);
  }
  return kept;
}

/**
 * The allowed flows `reach` lists: between the sides when given, and touching `namespace` when
 * one is given (a flow with a workload of that namespace at either end).
 */
export function selectFlows(reach: Reachability, from: Side | undefined, to: Side | undefined, namespace: string | undefined): Flow[] {
  const flows = from || to ? filterFlows(reach.flows(), from, to) : reach.flows();
  if (namespace === undefined) return flows;
  return flows.filter((f) => [f.from, f.to].some((p) => p.type === 'workload' && p.namespace === namespace));
}

export interface ExplainedPair {
  readonly from: Target;
  readonly to: Target;
  readonly explanation: Explanation;
  readonly positions: ExplanationPositions;
}

/** One explanation per pair of targets: one pair, unless a side is a Service selecting several workloads. */
export function explainSides(reach: Reachability, from: Side, to: Side): ExplainedPair[] {
  return from.targets.flatMap((source) =>
    to.targets.map((target) => {
      const explanation = source.spec.peer?.type === 'ingress-controller'
        ? explainFromController(reach.model, reach.exposures().find((e) => e.peer.key === target.spec.peer?.key), target.spec.endpoint, target.port)
        : explainFlow(reach.model, source.spec.endpoint, target.spec.endpoint, target.port);
      return { from: source, to: target, explanation, positions: locateExplanation(explanation) };
    }),
  );
}
