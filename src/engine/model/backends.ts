/**
 * Service backends of Ingresses and Gateway API routes: whether the Service they name exists and
 * exposes the port they name. One resolution for both, so both say the same thing.
 */
import { closestName } from '../util.js';
import type { ClusterModel } from './cluster.js';
import type { Service, ServiceBackend } from './types.js';

export type BackendProblem =
  /** nearest: a Service of the namespace with a close name; elsewhere: namespaces with a Service of this very name. */
  | { readonly kind: 'noService'; readonly nearest: string | undefined; readonly elsewhere: readonly string[] }
  | { readonly kind: 'noPort'; readonly service: Service };

/** The Service a backend sends to: the one of its name in the backend's namespace, if any. */
export function backendService(model: ClusterModel, backend: Pick<ServiceBackend, 'namespace' | 'service'>): Service | undefined {
  return model.servicesIn(backend.namespace).find((s) => s.name === backend.service);
}

/**
 * What is wrong with a backend, or undefined when it resolves. A port number matches a Service
 * port's `port`, a name its `name`. An ExternalName Service that declares no ports is a DNS alias
 * whose ports are whatever the external host serves, so any port is accepted.
 */
export function backendProblem(model: ClusterModel, backend: ServiceBackend): BackendProblem | undefined {
  const service = backendService(model, backend);
  if (!service) {
    // An operator creates it from a custom resource of the input, or a remote resource the
    // kustomization fetches holds it: either way the input cannot show it.
    if (model.mayBeOperatorService(backend.service, backend.namespace) || model.builtWithRemoteResources(backend.serviceNode.doc)) return undefined;
    const nearest = closestName(backend.service, model.servicesIn(backend.namespace).map((s) => s.name));
    return { kind: 'noService', nearest, elsewhere: model.namespacesWithService(backend.service) };
  }
  const { port } = backend;
  if (port === undefined || (service.type === 'ExternalName' && service.ports.length === 0)) return undefined;
  return service.ports.some((p) => (typeof port === 'number' ? p.port === port : p.name === port)) ? undefined : { kind: 'noPort', service };
}
