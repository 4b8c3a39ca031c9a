/**
 * Peers of the reachability analysis. Workloads are analysed per workload, not per pod: a bare
 * Pod with a controller is shown as its owner (a ReplicaSet's pods as the ReplicaSet), and pods
 * of the same namespace, labels and named ports form one class that policies treat identically.
 */
import { onHostNetwork, portsUnknown, type ClusterModel, type PodGroup } from '../model/cluster.js';
import type { ContainerPort } from '../model/ports.js';
import { LabelIndex, type LabelSelector, type Labels } from '../model/selectors.js';
import type { Workload } from '../model/types.js';
import { compareText, groupBy } from '../util.js';
import { formatInterval, type IpInterval } from '../net/ip.js';

/** Pods that no policy can tell apart: same namespace, labels and declared ports. */
export interface PodClass extends PodGroup {
  readonly id: number;
}

export interface WorkloadPeer {
  readonly type: 'workload';
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  /** `namespace/name[Kind]`: np-guard's spelling, also the sort key. */
  readonly key: string;
  readonly podClass: PodClass;
  /** The objects this peer stands for (a Deployment, or the Pods of one owner). */
  readonly workloads: readonly Workload[];
}

export interface ExternalPeer {
  readonly type: 'external';
  readonly interval: IpInterval;
  /** `first-last[External]`. */
  readonly key: string;
}

/**
 * The ingress controller, as np-guard names it: the source of the traffic Ingresses and OpenShift
 * Routes expose, whose pods the input usually does not show (ClusterModel.ingressControllerPods).
 */
export interface ControllerPeer {
  readonly type: 'ingress-controller';
  readonly key: '{ingress-controller}';
  readonly pods: PodGroup;
}

export type Peer = WorkloadPeer | ExternalPeer | ControllerPeer;

/** A peer a connection can go to: the controller only ever starts connections. */
export type DestinationPeer = WorkloadPeer | ExternalPeer;

export const controllerKey = '{ingress-controller}';

export function controllerPeer(model: ClusterModel): ControllerPeer {
  return { type: 'ingress-controller', key: controllerKey, pods: model.ingressControllerPods() };
}

export function externalPeer(interval: IpInterval): ExternalPeer {
  return { type: 'external', interval, key: `${formatInterval(interval)}[External]` };
}

/** Name and kind a workload is shown as. */
function identity(workload: Workload): { name: string; kind: string } {
  if (workload.kind === 'Pod' && workload.owner && workload.owner.kind !== 'Node') {
    return { name: workload.owner.name, kind: workload.owner.kind ?? 'Pod' };
  }
  return { name: workload.name, kind: workload.kind };
}

function portsSignature(ports: readonly ContainerPort[]): string {
  return ports
    .map((p) => `${p.name ?? ''}/${p.protocol}/${p.port}`)
    .sort()
    .join(',');
}

function labelsSignature(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}


export interface PeerIndex {
  readonly peers: readonly WorkloadPeer[];
  readonly classes: readonly PodClass[];
  readonly classesByNamespace: ReadonlyMap<string, readonly PodClass[]>;
  /** Workload peers by class id. */
  readonly peersByClass: ReadonlyMap<number, readonly WorkloadPeer[]>;
  /**
   * The classes of a namespace a pod selector may select (all of them without one): a superset,
   * in class order, for the caller to match exactly.
   */
  candidates(namespace: string, selector: LabelSelector | undefined): readonly PodClass[];
}

export function buildPeers(model: ClusterModel, options: { podIps?: boolean } = {}): PeerIndex {
  const grouped = new Map<string, { namespace: string; name: string; kind: string; workloads: Workload[] }>();
  for (const workload of model.workloads()) {
    // KubeVirt launcher pods stand for virtual machines, not workloads.
    if (workload.kind === 'Pod' && workload.name.startsWith('virt-launcher-')) continue;
    const { name, kind } = identity(workload);
    const key = `${workload.namespace}/${name}[${kind}]`;
    const entry = grouped.get(key);
    if (entry) entry.workloads.push(workload);
    else grouped.set(key, { namespace: workload.namespace, name, kind, workloads: [workload] });
  }
  const classes = new Map<string, PodClass>();
  const peers: WorkloadPeer[] = [];
  for (const [key, entry] of grouped) {
    const first = entry.workloads[0] as Workload;
    const ports = entry.workloads.flatMap((w) => w.ports);
    // With --pod-ips, pods with different addresses can be told apart by ipBlocks.
    const ips = options.podIps ? [...new Set(entry.workloads.flatMap((w) => w.podIPs))].sort() : [];
    const unknown = portsUnknown(entry.workloads);
    const host = onHostNetwork(entry.workloads);
    const signature = `${entry.namespace}\0${labelsSignature(first.podLabels)}\0${portsSignature(ports)}\0${ips.join(',')}\0${unknown.portsUnknownFrom ?? ''}\0${host.hostNetwork ? 'host' : ''}`;
    let podClass = classes.get(signature);
    if (!podClass) {
      podClass = { id: classes.size, namespace: entry.namespace, labels: first.podLabels, ports, ...unknown, ...host, ...(ips.length > 0 ? { ips } : {}) };
      classes.set(signature, podClass);
    }
    peers.push({ type: 'workload', namespace: entry.namespace, name: entry.name, kind: entry.kind, key, podClass, workloads: entry.workloads });
  }
  peers.sort((a, b) => compareText(a.key, b.key));
  const classesByNamespace = groupBy(classes.values(), (c) => c.namespace);
  const indexes = new Map<string, LabelIndex<PodClass>>();
  const candidates = (namespace: string, selector: LabelSelector | undefined): readonly PodClass[] => {
    const all = classesByNamespace.get(namespace) ?? [];
    if (!selector) return all;
    let index = indexes.get(namespace);
    if (!index) indexes.set(namespace, (index = new LabelIndex(all, (c) => c.labels)));
    return index.candidates(selector);
  };
  return {
    peers,
    classes: [...classes.values()],
    classesByNamespace,
    peersByClass: groupBy(peers, (p) => p.podClass.id),
    candidates,
  };
}
