/**
 * What a host name in an application's configuration names in the cluster: one resolution, shared
 * by the rules about references (unknown-service-reference, reference-port-mismatch), so they
 * agree on which Service `backend`, `backend.api` or `backend.api.svc.cluster.local` is.
 */
import { parseAddress, type IpInterval } from '../net/ip.js';
import { closestName } from '../util.js';
import type { ClusterModel } from './cluster.js';
import { resolveTargetPort } from './ports.js';
import type { ConfigMap, Service, ServicePort, Workload } from './types.js';

/** How the name was written: a short name the resolver completes with the consumer's namespace, or qualified. */
export type ReferenceForm = 'short' | 'qualified';

export type ServiceReference =
  | { readonly kind: 'service'; readonly form: ReferenceForm; readonly service: Service }
  /**
   * No Service of that name in the namespace the name resolves in. nearest: the namespace's Service
   * with the closest name; elsewhere: namespaces that do have a Service of that name.
   */
  | {
      readonly kind: 'missing';
      readonly form: ReferenceForm;
      readonly name: string;
      readonly namespace: string;
      readonly nearest: string | undefined;
      readonly elsewhere: readonly string[];
    };

/**
 * The Service name and namespace a host spells, by DNS form, or undefined for other names. Read
 * label by label with indexOf: two rules ask for every host reference of the input, and splitting
 * each host into a list was a good part of what they allocated.
 */
function serviceName(host: string, consumerNamespace: string, clusterDomain: string): { name: string; namespace: string; form: ReferenceForm } | undefined {
  const first = host.indexOf('.');
  if (first === -1) return { name: host, namespace: consumerNamespace, form: 'short' };
  const second = host.indexOf('.', first + 1);
  const qualified = { name: host.slice(0, first), namespace: host.slice(first + 1, second === -1 ? undefined : second), form: 'qualified' as const };
  if (second === -1) return qualified;
  const third = host.indexOf('.', second + 1);
  if (host.slice(second + 1, third === -1 ? undefined : third) !== 'svc') return undefined;
  return third === -1 || host.slice(third + 1) === clusterDomain ? qualified : undefined;
}

/** Whether a text has exactly one dot. */
function hasOneDot(text: string): boolean {
  const dot = text.indexOf('.');
  return dot !== -1 && text.indexOf('.', dot + 1) === -1;
}

/**
 * The Service a host names, as the pod's resolver would find it, or undefined when the name is
 * not one netlint can judge: not a Service's DNS form (a pod of a headless Service, an outside
 * domain), the pod's own names, the outside name of an ExternalName Service, a namespace of
 * which the input shows no Service (it may be deployed from elsewhere), or a Service an operator
 * may create from a custom resource of the input. `backend.data` reads as
 * Service backend in namespace data, except when `data` is a Service of the consumer's own
 * namespace: then it is pod `backend` of that headless Service (`mongo-0.mongo`).
 */
export function resolveServiceReference(
  model: ClusterModel,
  consumer: { readonly namespace: string; readonly ownHostNames: readonly string[]; readonly object?: Workload | ConfigMap },
  host: string,
): ServiceReference | undefined {
  const lower = host.toLowerCase().replace(/\.$/, '');
  const spelled = serviceName(lower, consumer.namespace, model.settings.clusterDomain);
  if (!spelled) return undefined;
  const own = consumer.ownHostNames;
  if (own.includes(lower) || own.includes(spelled.name)) return undefined;
  if (model.isExternalName(lower)) return undefined;
  const candidates = model.servicesIn(spelled.namespace);
  if (candidates.length === 0) return undefined;
  // Through the name index: a linear scan per reference made large inputs quadratic.
  if (spelled.form === 'qualified' && hasOneDot(host) && model.servicesNamed(spelled.namespace).some((s) => s.namespace === consumer.namespace)) {
    return undefined;
  }
  const service = model.servicesNamed(spelled.name).find((s) => s.namespace === spelled.namespace);
  if (service) return { kind: 'service', form: spelled.form, service };
  // An operator creates it from a custom resource of the input, or a remote resource the
  // consumer's kustomization fetches holds it: either way the input cannot show it.
  if (model.mayBeOperatorService(spelled.name, spelled.namespace) || (consumer.object !== undefined && model.builtWithRemoteResources(consumer.object.doc))) return undefined;
  const elsewhere = model.namespacesWithService(spelled.name);
  return {
    kind: 'missing',
    form: spelled.form,
    name: spelled.name,
    namespace: spelled.namespace,
    nearest: closestName(spelled.name, candidates.filter((s) => !servesConsumer(model, s, consumer.object)).map((s) => s.name)),
    elsewhere,
  };
}

/** Whether the Service selects the consumer's own pods: never the name it meant to call. */
function servesConsumer(model: ClusterModel, service: Service, consumer: Workload | ConfigMap | undefined): boolean {
  return consumer !== undefined && consumer.kind !== 'ConfigMap' && model.workloadsSelectedBy(service).includes(consumer as Workload);
}

/**
 * Whether a connection to the Service's name on this port reaches anything the manifest decides.
 * A headless Service's name resolves to the pods themselves (any port they serve), and an
 * ExternalName Service's to an outside host: neither is bound to the Service's ports.
 */
export function servicePortsApply(service: Service): boolean {
  return !service.headless && service.type !== 'ExternalName' && service.ports.length > 0;
}

/**
 * The Service port whose traffic goes to this port of the pods: a numeric targetPort, or a named
 * one that the selected workloads declare with that number. For `backend:8080` when Service
 * backend maps 80 to 8080: the caller wrote the pods' port where the Service's was meant.
 */
export function servicePortLeadingTo(model: ClusterModel, service: Service, podPort: number): ServicePort | undefined {
  const workloadPorts = model.workloadsSelectedBy(service).flatMap((w) => w.ports);
  return service.ports.find((p) => p.port !== undefined && resolveTargetPort(workloadPorts, p.targetPort, p.protocol ?? 'TCP') === podPort);
}

/**
 * The Service whose clusterIP an address is, among the input's Services (whose clusterIPs are
 * parsed once, when the lookup is made).
 */
export function clusterIPLookup(services: readonly Service[]): (address: IpInterval) => Service | undefined {
  const known = services.flatMap((service) => service.clusterIPs.flatMap((ip) => {
    const parsed = parseAddress(ip);
    return parsed ? [{ parsed, service }] : [];
  }));
  return (address) => known.find(({ parsed }) => parsed.family === address.family && parsed.start === address.start && address.end === address.start)?.service;
}
