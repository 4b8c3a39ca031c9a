/**
 * Exposure through the ingress controller: the workloads an Ingress (networking.k8s.io/v1) or an
 * OpenShift Route (route.openshift.io/v1) sends traffic to through a Service, and on which of
 * their ports. The controller proxies HTTP, so only TCP ports are exposed; whether the workload's
 * policies let the controller in is the reachability engine's question, not this one's.
 */
import type { ClusterModel } from '../model/cluster.js';
import { backendService } from '../model/backends.js';
import { serviceTargetOn } from '../model/ports.js';
import type { Ingress, OpenShiftRoute, Service, ServiceBackend, ServicePort, Workload } from '../model/types.js';
import { ConnectionSet } from '../net/connections.js';
import { compareText } from '../util.js';
import type { WorkloadPeer } from './peers.js';

/** One backend of an Ingress or Route that reaches a workload, and the port it reaches it on. */
export interface ExposingBackend {
  readonly object: Ingress | OpenShiftRoute;
  readonly backend: ServiceBackend;
  readonly service: Service;
  readonly servicePort: ServicePort;
  /** The workload's port the Service port forwards to. */
  readonly port: number;
}

/** A workload the ingress controller is sent to, with every TCP port and the backends that expose it. */
export interface Exposure {
  readonly peer: WorkloadPeer;
  readonly ports: ConnectionSet;
  readonly via: readonly ExposingBackend[];
}

/**
 * The Service ports a backend uses on one workload, with the port each forwards to. Without a
 * port, every port of the Service. An Ingress names a Service port by number or name; a Route's
 * `targetPort` names the pods' port by number, or the Service port by name (the endpoints' port
 * names are the Service's). A reference that names no Service port but is written as the
 * targetPort of one is read as that one, as np-guard does: the author wrote the container's
 * port (the lint rule ingress-backend-missing reports such an Ingress).
 */
function portsUsed(object: Ingress | OpenShiftRoute, backend: ServiceBackend, service: Service, peer: WorkloadPeer): { servicePort: ServicePort; port: number }[] {
  const wanted = backend.port;
  const candidates = service.ports.flatMap((servicePort) => {
    const port = servicePort.protocol === 'TCP' ? serviceTargetOn(servicePort, peer.podClass.ports) : undefined;
    return port === undefined ? [] : [{ servicePort, port }];
  });
  if (wanted === undefined) return candidates;
  const named = candidates.filter(({ servicePort, port }) =>
    typeof wanted === 'string' ? servicePort.name === wanted : object.kind === 'Route' ? port === wanted : servicePort.port === wanted,
  );
  return named.length > 0 ? named : candidates.filter(({ servicePort }) => servicePort.targetPort === wanted);
}

/** Every Service backend of the input's Ingresses and OpenShift Routes, with the object it belongs to. */
function backends(model: ClusterModel): { object: Ingress | OpenShiftRoute; backend: ServiceBackend }[] {
  return [...model.ingresses(), ...model.openShiftRoutes()].flatMap((object) => object.backends.map((backend) => ({ object, backend })));
}

/** Every workload an Ingress or Route of the input sends the ingress controller to. */
export function exposedWorkloads(model: ClusterModel): ReadonlySet<Workload> {
  return new Set(backends(model).flatMap(({ backend }) => {
    const service = backendService(model, backend);
    return service ? model.workloadsSelectedBy(service) : [];
  }));
}

/**
 * The workloads the ingress controller is sent to, sorted by peer key. A backend whose Service is
 * missing or has no selector reaches nothing the input shows (lint rules report the first).
 */
export function ingressExposure(model: ClusterModel, peers: readonly WorkloadPeer[]): Exposure[] {
  const peerOf = new Map<Workload, WorkloadPeer>();
  for (const peer of peers) for (const workload of peer.workloads) peerOf.set(workload, peer);
  const found = new Map<WorkloadPeer, ExposingBackend[]>();
  for (const { object, backend } of backends(model)) {
    const service = backendService(model, backend);
    if (!service) continue;
    const reached = new Set(model.workloadsSelectedBy(service).flatMap((w) => peerOf.get(w) ?? []));
    for (const peer of reached) {
      for (const { servicePort, port } of portsUsed(object, backend, service, peer)) {
        const list = found.get(peer) ?? [];
        list.push({ object, backend, service, servicePort, port });
        found.set(peer, list);
      }
    }
  }
  return [...found.entries()]
    .map(([peer, via]) => ({ peer, via, ports: via.reduce((set, v) => set.union(ConnectionSet.of('TCP', v.port)), ConnectionSet.none) }))
    .sort((a, b) => compareText(a.peer.key, b.peer.key));
}
