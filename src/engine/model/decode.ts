/**
 * Decode: parsed documents → Kubernetes objects → typed views (workloads, Services, policies…).
 *
 * Input is untrusted: every field is checked before use, and a malformed field is treated as
 * absent rather than crashing the run.
 */
import type { NodePath, NodeRef } from '../finding.js';
import { describeObject } from '../finding.js';
import type { ParsedDocument } from '../parse.js';
import type { Settings } from '../settings.js';
import { parsePortReference, parseProtocol, type ContainerPort } from './ports.js';
import { everything, type LabelSelector, type Labels, type SelectorRequirement } from './selectors.js';
import type {
  ConfigMap,
  ConfigString,
  Container,
  Direction,
  KubeObject,
  NetworkPolicy,
  Owner,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
  Service,
  ServicePort,
  Workload,
} from './types.js';

type Json = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function get(value: unknown, path: NodePath): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined;
    else current = isRecord(current) ? current[segment] : undefined;
  }
  return current;
}

/** Label maps: scalar values become strings, anything else is dropped. */
function asLabels(value: unknown): Labels {
  if (!isRecord(value)) return {};
  const labels: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') labels[key] = item;
    else if (typeof item === 'number' || typeof item === 'boolean') labels[key] = String(item);
  }
  return labels;
}

export function parseLabelSelector(value: unknown): LabelSelector | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isRecord(value)) return undefined;
  const matchExpressions: SelectorRequirement[] = asArray(value.matchExpressions)
    .filter(isRecord)
    .map((requirement) => ({
      key: asString(requirement.key) ?? '',
      operator: asString(requirement.operator) ?? '',
      values: asArray(requirement.values).map((v) => String(v)),
    }));
  return { matchLabels: asLabels(value.matchLabels), matchExpressions };
}

/** Kinds that live outside namespaces; everything else is namespaced. */
const clusterScopedKinds = new Set([
  'APIService', 'CSIDriver', 'CSINode', 'CertificateSigningRequest', 'ClusterIssuer', 'ClusterRole',
  'ClusterRoleBinding', 'ComponentStatus', 'CustomResourceDefinition', 'FlowSchema', 'IngressClass',
  'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume', 'PriorityClass',
  'PriorityLevelConfiguration', 'RuntimeClass', 'StorageClass', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
  'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'GatewayClass', 'ClusterPolicy',
]);

/**
 * A typed view of an object: the view's own fields on top of the object's (through the
 * prototype, which is several times cheaper than copying them for every object).
 */
function view<View extends KubeObject>(object: KubeObject, fields: Omit<View, keyof KubeObject> & Partial<KubeObject>): View {
  return Object.assign(Object.create(object) as KubeObject, fields) as View;
}

export function isClusterScoped(kind: string): boolean {
  return clusterScopedKinds.has(kind);
}

function makeObject(doc: ParsedDocument, root: NodePath, raw: Json, settings: Settings, inherited?: { apiVersion: string; kind: string }): KubeObject | undefined {
  const apiVersion = asString(raw.apiVersion) ?? inherited?.apiVersion;
  const kind = asString(raw.kind) ?? inherited?.kind;
  if (!apiVersion || !kind) return undefined;
  const metadata = isRecord(raw.metadata) ? raw.metadata : {};
  const name = asString(metadata.name) ?? asString(metadata.generateName) ?? '(unnamed)';
  // An empty namespace is unset, as kubectl treats it.
  const namespace = isClusterScoped(kind) ? undefined : asString(metadata.namespace) || settings.defaultNamespace;
  const identity = { kind, namespace, name };
  // Fields are listed one by one: spreading objects here made model building 10x slower.
  return {
    kind,
    namespace,
    name,
    apiVersion,
    labels: asLabels(metadata.labels),
    annotations: asLabels(metadata.annotations),
    doc,
    root,
    raw,
    displayName: describeObject(identity),
    at: (...path: NodePath): NodeRef => ({ doc, path: [...root, ...path] }),
  };
}

/**
 * The objects in one document. `kind: List` and typed lists (`ServiceList`) are flattened; their
 * items keep paths into the list so findings point at the item's own lines.
 */
export function objectsOf(doc: ParsedDocument, settings: Settings): KubeObject[] {
  const { value } = doc;
  if (!isRecord(value)) return [];
  const kind = asString(value.kind);
  if (kind && kind.endsWith('List') && Array.isArray(value.items)) {
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    const apiVersion = asString(value.apiVersion);
    const inherited = itemKind && apiVersion ? { apiVersion, kind: itemKind } : undefined;
    return value.items.flatMap((item, index) => {
      if (!isRecord(item)) return [];
      const object = makeObject(doc, ['items', index], item, settings, inherited);
      return object ? [object] : [];
    });
  }
  const object = makeObject(doc, [], value, settings);
  return object ? [object] : [];
}

// ---------------------------------------------------------------------------------------------
// Workloads

const podTemplatePaths: Readonly<Record<string, NodePath>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Env var names and flags whose bare value is a host name or address. */
const hostKeySuffix = /(?:HOST|HOSTNAME|ADDR|ADDRESS|URL|URI|ENDPOINT|SERVER|SERVICE)$/i;

export function isHostKey(key: string): boolean {
  return hostKeySuffix.test(key.replace(/[^A-Za-z0-9]+$/, ''));
}

function containerStrings(object: KubeObject, path: NodePath, container: Json): ConfigString[] {
  const strings: ConfigString[] = [];
  asArray(container.env).forEach((env, i) => {
    if (isRecord(env) && typeof env.value === 'string') {
      strings.push({ value: env.value, key: asString(env.name), node: object.at(...path, 'env', i, 'value') });
    }
  });
  for (const field of ['command', 'args'] as const) {
    asArray(container[field]).forEach((arg, i) => {
      if (typeof arg === 'string') strings.push({ value: arg, key: undefined, node: object.at(...path, field, i) });
    });
  }
  return strings;
}

function containerPorts(object: KubeObject, path: NodePath, container: Json, containerName: string): ContainerPort[] {
  const ports: ContainerPort[] = [];
  asArray(container.ports).forEach((port, i) => {
    if (!isRecord(port) || typeof port.containerPort !== 'number') return;
    const protocol = parseProtocol(port.protocol);
    if (!protocol) return;
    ports.push({
      name: asString(port.name),
      port: port.containerPort,
      protocol,
      container: containerName,
      node: object.at(...path, 'ports', i),
    });
  });
  return ports;
}

function decodeContainers(object: KubeObject, podSpecPath: NodePath): Container[] {
  const podSpec = get(object.raw, podSpecPath);
  if (!isRecord(podSpec)) return [];
  const containers: Container[] = [];
  for (const field of ['initContainers', 'containers'] as const) {
    asArray(podSpec[field]).forEach((container, i) => {
      if (!isRecord(container)) return;
      const path = [...podSpecPath, field, i];
      const name = asString(container.name) ?? `${field}[${i}]`;
      const servesPorts = field === 'containers' || container.restartPolicy === 'Always';
      containers.push({
        name,
        servesPorts,
        ports: servesPorts ? containerPorts(object, path, container, name) : [],
        strings: containerStrings(object, path, container),
        node: object.at(...path),
      });
    });
  }
  return containers;
}

function replicasOf(object: KubeObject): number {
  const spec = isRecord(object.raw.spec) ? object.raw.spec : {};
  const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 1);
  switch (object.kind) {
    case 'Pod':
    case 'CronJob':
      return 1;
    case 'DaemonSet':
      return 2; // one per node: several in any real cluster
    case 'Job':
      return count(spec.parallelism);
    default:
      return count(spec.replicas);
  }
}

function podIPs(raw: Json): string[] {
  const status = isRecord(raw.status) ? raw.status : {};
  const ips = asArray(status.podIPs).flatMap((entry) => (isRecord(entry) && typeof entry.ip === 'string' ? [entry.ip] : []));
  if (typeof status.podIP === 'string') ips.push(status.podIP);
  return [...new Set(ips)].sort();
}

function controllerOwner(raw: Json): Owner | undefined {
  const metadata = isRecord(raw.metadata) ? raw.metadata : {};
  for (const reference of asArray(metadata.ownerReferences)) {
    if (isRecord(reference) && reference.controller === true && typeof reference.name === 'string') {
      return { kind: asString(reference.kind), name: reference.name };
    }
  }
  return undefined;
}

export function toWorkload(object: KubeObject): Workload | undefined {
  const templatePath = podTemplatePaths[object.kind];
  if (templatePath === undefined || object.namespace === undefined) return undefined;
  if (object.kind === 'Pod' && object.apiVersion !== 'v1') return undefined;
  const labelsPath = [...templatePath, 'metadata', 'labels'];
  const containers = decodeContainers(object, [...templatePath, 'spec']);
  return view<Workload>(object, {
    namespace: object.namespace,
    podLabels: asLabels(get(object.raw, labelsPath)),
    podLabelsNode: object.at(...labelsPath),
    containers,
    ports: containers.flatMap((c) => c.ports),
    owner: controllerOwner(object.raw),
    replicas: replicasOf(object),
    podIPs: object.kind === 'Pod' ? podIPs(object.raw) : [],
  });
}

// ---------------------------------------------------------------------------------------------
// Services

function decodeServicePort(object: KubeObject, value: unknown, index: number): ServicePort | undefined {
  if (!isRecord(value)) return undefined;
  const node = object.at('spec', 'ports', index);
  const port = typeof value.port === 'number' && Number.isInteger(value.port) ? value.port : undefined;
  const explicitTarget = parsePortReference(value.targetPort);
  // The API server defaults an absent, zero or empty targetPort to port.
  const defaulted = value.targetPort === undefined || value.targetPort === null || value.targetPort === 0 || value.targetPort === '';
  return {
    name: asString(value.name),
    port,
    targetPort: defaulted ? port : explicitTarget,
    targetPortDefaulted: defaulted,
    protocol: parseProtocol(value.protocol),
    node,
    targetNode: object.at('spec', 'ports', index, defaulted ? 'port' : 'targetPort'),
  };
}

export function toService(object: KubeObject): Service | undefined {
  if (object.kind !== 'Service' || object.apiVersion !== 'v1' || object.namespace === undefined) return undefined;
  const spec = isRecord(object.raw.spec) ? object.raw.spec : {};
  return view<Service>(object, {
    namespace: object.namespace,
    type: asString(spec.type) ?? 'ClusterIP',
    selector: isRecord(spec.selector) ? asLabels(spec.selector) : undefined,
    selectorNode: object.at('spec', 'selector'),
    ports: asArray(spec.ports).flatMap((port, i) => decodeServicePort(object, port, i) ?? []),
  });
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicies

function decodePeer(object: KubeObject, path: NodePath, value: unknown): PolicyPeer | undefined {
  if (!isRecord(value)) return undefined;
  const ipBlock = isRecord(value.ipBlock) && typeof value.ipBlock.cidr === 'string'
    ? { cidr: value.ipBlock.cidr, except: asArray(value.ipBlock.except).filter((c): c is string => typeof c === 'string') }
    : undefined;
  return {
    podSelector: parseLabelSelector(value.podSelector),
    namespaceSelector: parseLabelSelector(value.namespaceSelector),
    ipBlock,
    node: object.at(...path),
  };
}

function decodePolicyPort(object: KubeObject, path: NodePath, value: unknown): PolicyPort | undefined {
  if (!isRecord(value)) return undefined;
  return {
    port: parsePortReference(value.port),
    endPort: typeof value.endPort === 'number' ? value.endPort : undefined,
    protocol: parseProtocol(value.protocol),
    node: object.at(...path),
  };
}

function decodeRules(object: KubeObject, direction: Direction, value: unknown): PolicyRule[] {
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const peerKey = direction === 'Ingress' ? 'from' : 'to';
  return asArray(value).flatMap((rule, index): PolicyRule[] => {
    const path = ['spec', key, index];
    if (rule === null) return [{ direction, index, peers: undefined, ports: undefined, node: object.at(...path) }];
    if (!isRecord(rule)) return [];
    const rawPeers = asArray(rule[peerKey]);
    const rawPorts = asArray(rule.ports);
    return [{
      direction,
      index,
      peers: rawPeers.length === 0 ? undefined : rawPeers.flatMap((p, i) => decodePeer(object, [...path, peerKey, i], p) ?? []),
      ports: rawPorts.length === 0 ? undefined : rawPorts.flatMap((p, i) => decodePolicyPort(object, [...path, 'ports', i], p) ?? []),
      node: object.at(...path),
    }];
  });
}

export function toNetworkPolicy(object: KubeObject): NetworkPolicy | undefined {
  if (object.kind !== 'NetworkPolicy' || object.namespace === undefined) return undefined;
  if (!object.apiVersion.startsWith('networking.k8s.io/')) return undefined;
  const spec = isRecord(object.raw.spec) ? object.raw.spec : {};
  // The API server defaults policyTypes when the list is absent *or empty*.
  const explicit = Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0;
  const egressRules = asArray(spec.egress);
  const policyTypes: Direction[] = explicit
    ? asArray(spec.policyTypes).filter((t): t is Direction => t === 'Ingress' || t === 'Egress')
    : egressRules.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  return view<NetworkPolicy>(object, {
    namespace: object.namespace,
    podSelector: parseLabelSelector(spec.podSelector) ?? everything,
    podSelectorNode: object.at('spec', 'podSelector'),
    policyTypes,
    policyTypesExplicit: explicit,
    ingress: decodeRules(object, 'Ingress', spec.ingress),
    egress: decodeRules(object, 'Egress', spec.egress),
    hasIngressKey: 'ingress' in spec,
    hasEgressKey: 'egress' in spec,
  });
}

// ---------------------------------------------------------------------------------------------
// ConfigMaps

export function toConfigMap(object: KubeObject): ConfigMap | undefined {
  if (object.kind !== 'ConfigMap' || object.apiVersion !== 'v1' || object.namespace === undefined) return undefined;
  const data = isRecord(object.raw.data) ? object.raw.data : {};
  const strings: ConfigString[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string') strings.push({ value, key, node: object.at('data', key) });
  }
  return view<ConfigMap>(object, { namespace: object.namespace, strings });
}
