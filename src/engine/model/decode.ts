/**
 * Decode: parsed documents → Kubernetes objects → typed views (workloads, Services, policies…).
 *
 * Input is untrusted: every field is checked before use, and a malformed field is treated as
 * absent rather than crashing the run.
 */
import type { NodePath, NodeRef } from '../finding.js';
import { describeObject, joinPath, sharedPath } from '../finding.js';
import type { ParsedDocument } from '../parse.js';
import type { Settings } from '../settings.js';
import { emptyList, exactSize } from '../util.js';
import { parsePortReference, parseProtocol, type ContainerPort } from './ports.js';
import {
  controllerLabelValue,
  everything,
  perPodLabelValue,
  runNumberedLabelValue,
  statefulSetPodName,
  unknownLabelValue,
  type LabelSelector,
  type Labels,
  type SelectorRequirement,
} from './selectors.js';
import type {
  AdminAction,
  AdminPeer,
  AdminPodSelection,
  AdminPolicy,
  AdminPort,
  AdminRule,
  ApiServerCall,
  AdminTier,
  Autoscaler,
  ConfigMap,
  ConfigString,
  Container,
  Direction,
  Ingress,
  IngressBackend,
  KubeObject,
  NetworkPolicy,
  OpenShiftRoute,
  Owner,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
  Probe,
  Route,
  RouteBackendRef,
  Service,
  ServiceBackend,
  ServicePort,
  Workload,
} from './types.js';

export type Json = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : emptyList;
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

/** The labels of everything that has none: one object, as nothing writes to a label map. */
const noLabels: Labels = Object.freeze({});

/** Label maps: scalar values become strings, anything else is dropped. */
function asLabels(value: unknown): Labels {
  if (!isRecord(value)) return noLabels;
  // Almost always every value is a string already: then the parsed mapping serves as it is
  // (nothing writes to a label map), and no copy of each object's labels is kept for the run.
  let onlyStrings = true;
  for (const key in value) {
    if (typeof value[key] !== 'string') {
      onlyStrings = false;
      break;
    }
  }
  if (onlyStrings) return value as Labels;
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
  const matchExpressions: readonly SelectorRequirement[] = exactSize(
    asArray(value.matchExpressions)
      .filter(isRecord)
      .map((requirement) => ({
        key: asString(requirement.key) ?? '',
        operator: asString(requirement.operator) ?? '',
        values: asArray(requirement.values).map((v) => String(v)),
      })),
  );
  return { matchLabels: asLabels(value.matchLabels), matchExpressions };
}

/** Kinds that live outside namespaces; everything else is namespaced. */
const clusterScopedKinds = new Set([
  'APIService', 'CSIDriver', 'CSINode', 'CertificateSigningRequest', 'ClusterIssuer', 'ClusterRole',
  'ClusterRoleBinding', 'ComponentStatus', 'CustomResourceDefinition', 'FlowSchema', 'IngressClass',
  'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume', 'PriorityClass',
  'PriorityLevelConfiguration', 'RuntimeClass', 'StorageClass', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
  'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy', 'GatewayClass', 'ClusterPolicy',
]);

/**
 * A typed view of an object: the view's own fields, then the object's. The object's fields are
 * written one by one into the view's literal, so every view of a kind shares one hidden class.
 * (Views once sat on top of their object through the prototype: V8 turns every object used as a
 * prototype into a slow "prototype map", which made `view` the costliest function of model
 * building. Copying the view's fields onto a literal of the object's with Object.assign turned
 * every Workload, with more than a dozen fields of its own, into a slow dictionary object.)
 */
function view<View extends KubeObject>(object: KubeObject, fields: Omit<View, keyof KubeObject> & Partial<KubeObject>): View {
  const target = fields as { -readonly [Key in keyof KubeObject]?: KubeObject[Key] };
  target.kind = object.kind;
  if (!('namespace' in target)) target.namespace = object.namespace;
  target.name = object.name;
  target.apiVersion = object.apiVersion;
  target.labels = object.labels;
  target.annotations = object.annotations;
  target.doc = object.doc;
  target.root = object.root;
  target.raw = object.raw;
  target.displayName = object.displayName;
  target.at = object.at;
  return target as View;
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
    at: fieldOf,
  };
}

/**
 * KubeObject.at: one function for every object, reading the object it is called on (a closure
 * per object was two more objects each for the collector to keep, 100,000 at 50,000 documents).
 * Paths of a document's own object are shared; those of a List's items all differ (`items[7]…`),
 * and sharing them would only fill sharedPath's table.
 */
function fieldOf(this: Pick<KubeObject, 'doc' | 'root'>, ...path: NodePath): NodeRef {
  return { doc: this.doc, path: this.root.length === 0 ? sharedPath(path) : joinPath(this.root, path) };
}

/** The namespace an object names itself (`metadata.namespace`), if it is namespaced and names one. */
export function explicitNamespace(object: KubeObject): string | undefined {
  if (object.namespace === undefined) return undefined;
  const metadata = isRecord(object.raw.metadata) ? object.raw.metadata : {};
  return asString(metadata.namespace) || undefined;
}

/** The API group of an apiVersion: `apps` of `apps/v1`, empty for the core group (`v1`). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** Kinds that are build instructions for Kustomize, never objects of the cluster. */
const kustomizeGroup = 'kustomize.config.k8s.io';

/**
 * A Kustomize strategic-merge patch shape: a `$patch` directive, or a workload whose pod
 * template has no containers (the API server requires at least one, a patch leaves them out).
 */
export function isPatchShaped(object: KubeObject): boolean {
  if ('$patch' in object.raw) return true;
  const spec = object.raw.spec;
  if (isRecord(spec) && '$patch' in spec) return true;
  const containers = podContainersPaths[object.kind];
  if (containers === undefined || isCustomKind(object.apiVersion)) return false;
  return asArray(get(object.raw, containers)).length === 0;
}

/**
 * What makes two definitions the same object: API group, kind, namespace (as resolved: objects
 * without one are placed as every rule sees them) and name. undefined for objects that are never
 * the same as another: ones named by `generateName` or not at all, and Kustomize's own build files.
 */
export function definitionKey(object: KubeObject): string | undefined {
  const metadata = isRecord(object.raw.metadata) ? object.raw.metadata : {};
  if (typeof metadata.name !== 'string' || metadata.name === '') return undefined;
  const group = apiGroup(object.apiVersion);
  if (group === kustomizeGroup) return undefined;
  return `${group}\0${object.kind}\0${object.namespace ?? ''}\0${object.name}`;
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
  const object = makeObject(doc, emptyList, value, settings);
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

/** Where each kind lists its pod's containers. */
const podContainersPaths: Readonly<Record<string, NodePath>> = Object.fromEntries(Object.entries(podTemplatePaths).map(([kind, template]) => [kind, [...template, 'spec', 'containers']]));

/** Env var names and flags whose bare value is a host name or address. */
const hostKeySuffix = /(?:HOST|HOSTNAME|ADDR|ADDRESS|URL|URI|ENDPOINT|SERVER|SERVICE)$/i;

export function isHostKey(key: string): boolean {
  return hostKeySuffix.test(key.replace(/[^A-Za-z0-9]+$/, ''));
}

const variableReference = /\$\$|\$\(([^()$]+)\)/g;

/**
 * Kubernetes' expansion of `$(VAR)` in env values, commands and args: a reference to a variable
 * it knows becomes the variable's value, `$$` is a literal `$` (so `$$(VAR)` stays as written),
 * and a reference to a variable it does not know stays as written.
 */
export function expandVariables(text: string, variables: ReadonlyMap<string, string>): string {
  if (!text.includes('$')) return text;
  return text.replace(variableReference, (match: string, name: string | undefined) => (name === undefined ? '$' : (variables.get(name) ?? match)));
}

/** A string as the container sees it: expanded, and marked so when expansion changed it. */
function configString(value: string, key: string | undefined, node: NodeRef, variables: ReadonlyMap<string, string>): ConfigString {
  const expanded = expandVariables(value, variables);
  if (expanded === value) return { value, key, node };
  const used = [...value.matchAll(variableReference)].flatMap((match) => (match[1] !== undefined && variables.has(match[1]) ? [match[1]] : []));
  return { value: expanded, key, node, expanded: true, variables: [...new Set(used)] };
}

/**
 * The strings a container is given, as it sees them: an env value may use the variables defined
 * before it, and commands and args every variable of the env (those with literal values; a value
 * from a Secret or ConfigMap is unknown here and its reference stays as written).
 */
function containerStrings(object: KubeObject, path: NodePath, container: Json): readonly ConfigString[] {
  const strings: ConfigString[] = [];
  const variables = new Map<string, string>();
  asArray(container.env).forEach((env, i) => {
    if (!isRecord(env) || typeof env.name !== 'string') return;
    if (typeof env.value !== 'string') {
      // Neither value nor valueFrom is the empty string; a value from elsewhere is unknown here.
      if (env.value === undefined && env.valueFrom === undefined) variables.set(env.name, '');
      else variables.delete(env.name);
      return;
    }
    const string = configString(env.value, env.name, object.at(...path, 'env', i, 'value'), variables);
    strings.push(string);
    variables.set(env.name, string.value);
  });
  for (const field of ['command', 'args'] as const) {
    asArray(container[field]).forEach((arg, i) => {
      if (typeof arg === 'string') strings.push(configString(arg, undefined, object.at(...path, field, i), variables));
    });
  }
  return exactSize(strings);
}

function containerPorts(object: KubeObject, path: NodePath, container: Json, containerName: string): readonly ContainerPort[] {
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
  return exactSize(ports);
}

const probeKinds = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** The port a probe connects to: httpGet and tcpSocket take a number or a name, grpc a number. */
function probePortPath(probe: Json): NodePath | undefined {
  for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
    const action = probe[handler];
    if (isRecord(action) && 'port' in action) return [handler, 'port'];
  }
  return undefined;
}

function containerProbes(object: KubeObject, path: NodePath, container: Json): readonly Probe[] {
  return exactSize(probeKinds.flatMap((kind): Probe[] => {
    const probe = container[kind];
    if (!isRecord(probe)) return [];
    const portPath = probePortPath(probe);
    return [{
      kind,
      port: portPath ? parsePortReference(get(probe, portPath)) : undefined,
      portNode: portPath ? object.at(...path, kind, ...portPath) : undefined,
      node: object.at(...path, kind),
    }];
  }));
}

function decodeContainers(object: KubeObject, podSpecPath: NodePath): readonly Container[] {
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
        nameNode: typeof container.name === 'string' ? object.at(...path, 'name') : object.at(...path),
        init: field === 'initContainers',
        servesPorts,
        ports: servesPorts ? containerPorts(object, path, container, name) : [],
        probes: containerProbes(object, path, container),
        strings: containerStrings(object, path, container),
        node: object.at(...path),
      });
    });
  }
  return exactSize(containers);
}

/** Kinds whose replica count a HorizontalPodAutoscaler cannot set (they have no scale subresource). */
const unscalableKinds = new Set(['Pod', 'CronJob', 'DaemonSet', 'Job']);

function replicasOf(object: KubeObject, autoscaler: Autoscaler | undefined): number {
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
      // The autoscaler overrides spec.replicas at run time, anywhere up to its maximum.
      return autoscaler ? autoscaler.maxReplicas : count(spec.replicas);
  }
}

// ---------------------------------------------------------------------------------------------
// HorizontalPodAutoscalers

export function toAutoscaler(object: KubeObject): Autoscaler | undefined {
  if (object.kind !== 'HorizontalPodAutoscaler' || !object.apiVersion.startsWith('autoscaling/') || object.namespace === undefined) return undefined;
  const target = get(object.raw, ['spec', 'scaleTargetRef']);
  const maxReplicas = get(object.raw, ['spec', 'maxReplicas']);
  if (!isRecord(target) || typeof target.kind !== 'string' || typeof target.name !== 'string') return undefined;
  // The API server requires maxReplicas ≥ 1; without a readable one the autoscaler tells nothing.
  if (typeof maxReplicas !== 'number' || !Number.isInteger(maxReplicas) || maxReplicas < 1) return undefined;
  return view<Autoscaler>(object, {
    namespace: object.namespace,
    targetKind: target.kind,
    targetName: target.name,
    maxReplicas,
    maxReplicasNode: object.at('spec', 'maxReplicas'),
  });
}

/** The HorizontalPodAutoscaler scaling an object, if any. */
export type AutoscalerLookup = (object: KubeObject) => Autoscaler | undefined;

const autoscalerKey = (namespace: string, kind: string, name: string) => JSON.stringify([namespace, kind, name]);

/**
 * Which autoscaler scales which workload, collected before workloads are decoded one by one.
 * Two autoscalers on one workload fight over it; the one allowing more replicas is kept, as the
 * count may reach its maximum.
 */
export function autoscalerLookup(objects: readonly KubeObject[]): AutoscalerLookup {
  const byTarget = new Map<string, Autoscaler>();
  for (const autoscaler of objects.flatMap((o) => toAutoscaler(o) ?? [])) {
    const key = autoscalerKey(autoscaler.namespace, autoscaler.targetKind, autoscaler.targetName);
    const kept = byTarget.get(key);
    if (!kept || autoscaler.maxReplicas > kept.maxReplicas) byTarget.set(key, autoscaler);
  }
  return (object) =>
    object.namespace === undefined || unscalableKinds.has(object.kind)
      ? undefined
      : byTarget.get(autoscalerKey(object.namespace, object.kind, object.name));
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

/** StatefulSets above this many replicas get an unknown pod-name instead of one value per pod. */
const maxListedOrdinals = 10_000;

/**
 * Labels the controller adds to every pod it creates (Kubernetes documents each), beyond the
 * template's. Values: a Job's name is known; hashes and uids are set at run time (unknown); a
 * StatefulSet's pod name and index differ per ordinal 0 … replicas-1. A label the template
 * already has (a `kubectl get -o yaml` dump of a ReplicaSet) keeps the template's value; a Pod's
 * labels are its own.
 */
function controllerLabels(object: KubeObject, replicas: number): Labels {
  const metadata = isRecord(object.raw.metadata) ? object.raw.metadata : {};
  switch (object.kind) {
    case 'Deployment':
      return { 'pod-template-hash': unknownLabelValue };
    case 'ReplicaSet':
      // Only the Deployment controller adds the hash; a ReplicaSet of its own creates pods as written.
      return controllerOwner(object.raw)?.kind === 'Deployment' ? { 'pod-template-hash': unknownLabelValue } : {};
    case 'StatefulSet': {
      const ordinals = replicas <= maxListedOrdinals ? Array.from({ length: replicas }, (_, i) => i) : undefined;
      return {
        [statefulSetPodName]: ordinals ? perPodLabelValue(ordinals.map((i) => `${object.name}-${i}`)) : unknownLabelValue,
        'apps.kubernetes.io/pod-index': ordinals ? perPodLabelValue(ordinals.map(String)) : unknownLabelValue,
        'controller-revision-hash': unknownLabelValue,
      };
    }
    case 'DaemonSet':
      return { 'controller-revision-hash': unknownLabelValue, 'pod-template-generation': unknownLabelValue };
    case 'Job': {
      // A Job named by generateName gets its name from the API server.
      const name = typeof metadata.name === 'string' ? controllerLabelValue(metadata.name) : unknownLabelValue;
      return { 'job-name': name, 'batch.kubernetes.io/job-name': name, ...jobUidLabels };
    }
    case 'CronJob': {
      // Each run is a Job named `<cronjob>-<scheduled time in minutes>`.
      const run = typeof metadata.name === 'string' ? runNumberedLabelValue(`${metadata.name}-`) : unknownLabelValue;
      return { 'job-name': run, 'batch.kubernetes.io/job-name': run, ...jobUidLabels };
    }
    default:
      return {};
  }
}

const jobUidLabels: Labels = { 'controller-uid': unknownLabelValue, 'batch.kubernetes.io/controller-uid': unknownLabelValue };

/** The pod template's labels, then what the controller adds where the template is silent. */
function podLabelsOf(object: KubeObject, declared: Labels, replicas: number): Labels {
  const labels: Record<string, string> = { ...declared };
  const added = controllerLabels(object, replicas);
  for (const key in added) if (!(key in labels)) labels[key] = added[key] as string;
  return labels;
}

/** A workload view of an object; `autoscalerOf` tells which HorizontalPodAutoscaler scales it. */
export function toWorkload(object: KubeObject, autoscalerOf: AutoscalerLookup): Workload | undefined {
  if (object.namespace === undefined) return undefined;
  const autoscaler = autoscalerOf(object);
  const templatePath = isCustomKind(object.apiVersion) ? undefined : podTemplatePaths[object.kind];
  if (templatePath === undefined) return operatorWorkload(object, object.namespace, autoscaler);
  if (object.kind === 'Pod' && object.apiVersion !== 'v1') return undefined;
  const labelsPath = [...templatePath, 'metadata', 'labels'];
  const containers = decodeContainers(object, [...templatePath, 'spec']);
  const replicas = replicasOf(object, autoscaler);
  const templateLabels = asLabels(get(object.raw, labelsPath));
  return view<Workload>(object, {
    namespace: object.namespace,
    podLabels: podLabelsOf(object, templateLabels, replicas),
    podLabelsNode: object.at(...labelsPath),
    hostNetworkNode: get(object.raw, [...templatePath, 'spec', 'hostNetwork']) === true ? object.at(...templatePath, 'spec', 'hostNetwork') : undefined,
    containers,
    ports: exactSize(containers.flatMap((c) => c.ports)),
    portsKnown: true,
    operator: undefined,
    owner: controllerOwner(object.raw),
    replicas,
    autoscaler,
    podIPs: object.kind === 'Pod' ? podIPs(object.raw) : emptyList,
    templateLabels,
    selector: selectorKinds.has(object.kind) ? parseLabelSelector(get(object.raw, ['spec', 'selector'])) : undefined,
    selectorNode: object.at('spec', 'selector'),
    serviceName: object.kind === 'StatefulSet' ? governingServiceName(object) : undefined,
    ownHostNames: ownHostNames(get(object.raw, [...templatePath, 'spec'])),
    runsToCompletion: runsToCompletion(object.kind, get(object.raw, [...templatePath, 'spec', 'restartPolicy'])),
  });
}

function runsToCompletion(kind: string, restartPolicy: unknown): boolean {
  return kind === 'Job' || kind === 'CronJob' || restartPolicy === 'Never' || restartPolicy === 'OnFailure';
}

/** The pod's own names: hostname, subdomain and hostAliases, none of which needs a Service. */
function ownHostNames(podSpec: unknown): readonly string[] {
  if (!isRecord(podSpec)) return emptyList;
  const aliases = asArray(podSpec.hostAliases).flatMap((alias) => (isRecord(alias) ? asArray(alias.hostnames) : []));
  return exactSize([podSpec.hostname, podSpec.subdomain, ...aliases].filter((name): name is string => typeof name === 'string' && name !== '').map((name) => name.toLowerCase()));
}

/** Kinds whose `spec.selector` the user writes and the API server checks against the template (a Job's is generated). */
const selectorKinds = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);


/** A StatefulSet's `spec.serviceName`, when set (it is optional; empty means unset). */
function governingServiceName(object: KubeObject): Workload['serviceName'] {
  const name = get(object.raw, ['spec', 'serviceName']);
  return typeof name === 'string' && name !== '' ? { name, node: object.at('spec', 'serviceName') } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Pods created by operators

/**
 * Custom resources (an API group with a dot, outside Kubernetes' own `*.k8s.io` groups) are
 * served by operators, whose pods netlint knows only as far as the resource declares them.
 */
export function isCustomKind(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return false;
  const group = apiVersion.slice(0, slash);
  return group.includes('.') && !group.endsWith('.k8s.io');
}

/**
 * The labels prometheus-operator gives the pods of its StatefulSets (its selector labels), on top
 * of `spec.podMetadata.labels`. Keyed by kind; `name` is the custom resource's name.
 */
const prometheusOperatorLabels: Readonly<Record<string, (name: string) => Labels>> = {
  Prometheus: (name) => ({
    'app.kubernetes.io/name': 'prometheus',
    'app.kubernetes.io/instance': name,
    prometheus: name,
    'operator.prometheus.io/name': name,
    'operator.prometheus.io/shard': unknownLabelValue,
  }),
  Alertmanager: (name) => ({ 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/instance': name, alertmanager: name }),
  ThanosRuler: (name) => ({ 'app.kubernetes.io/name': 'thanos-ruler', 'app.kubernetes.io/instance': name, 'thanos-ruler': name }),
};

/** Labels every operator-run StatefulSet pod also carries, with values set at run time. */
const operatorStatefulSetLabels: Labels = {
  [statefulSetPodName]: unknownLabelValue,
  'apps.kubernetes.io/pod-index': unknownLabelValue,
  'controller-revision-hash': unknownLabelValue,
};

/** The operator's labels win over the declared ones, as prometheus-operator writes them last. */
function withOperatorLabels(declared: Labels, added: Labels): Labels {
  const labels: Record<string, string> = { ...declared };
  for (const key in added) {
    const value = added[key] as string;
    labels[key] = value === unknownLabelValue ? value : controllerLabelValue(value);
  }
  return labels;
}

/**
 * A custom resource whose pods' labels the input declares: prometheus-operator's Prometheus,
 * Alertmanager and ThanosRuler (`spec.podMetadata.labels` plus the operator's own), or any custom
 * kind with a pod-like `spec.template` (metadata.labels and a spec: Argo Rollouts, OpenKruise,
 * Knative, KubeVirt…). Their ports are not known: the operator decides what the pods serve.
 */
function operatorWorkload(object: KubeObject, namespace: string, autoscaler: Autoscaler | undefined): Workload | undefined {
  if (!isCustomKind(object.apiVersion)) return undefined;
  const promLabels = object.apiVersion.startsWith('monitoring.coreos.com/') ? prometheusOperatorLabels[object.kind] : undefined;
  let labelsPath: NodePath;
  let podLabels: Labels;
  let containers: Container[] = [];
  if (promLabels) {
    labelsPath = ['spec', 'podMetadata', 'labels'];
    const added = { ...promLabels(object.name), 'app.kubernetes.io/managed-by': 'prometheus-operator', ...operatorStatefulSetLabels };
    podLabels = withOperatorLabels(asLabels(get(object.raw, labelsPath)), added);
  } else {
    labelsPath = ['spec', 'template', 'metadata', 'labels'];
    if (!isRecord(get(object.raw, labelsPath)) || !isRecord(get(object.raw, ['spec', 'template', 'spec']))) return undefined;
    podLabels = asLabels(get(object.raw, labelsPath));
    // Containers are read for the names and addresses they hand to applications, not for ports.
    containers = decodeContainers(object, ['spec', 'template', 'spec']).map((c) => ({ ...c, ports: [] }));
  }
  return view<Workload>(object, {
    namespace,
    podLabels,
    podLabelsNode: object.at(...labelsPath),
    hostNetworkNode: undefined,
    containers,
    ports: [],
    portsKnown: false,
    operator: promLabels ? 'prometheus-operator' : `the ${object.kind} controller`,
    owner: controllerOwner(object.raw),
    replicas: replicasOf(object, autoscaler),
    autoscaler,
    podIPs: emptyList,
    templateLabels: asLabels(get(object.raw, labelsPath)),
    selector: undefined,
    selectorNode: object.at('spec', 'selector'),
    serviceName: undefined,
    ownHostNames: ownHostNames(get(object.raw, ['spec', 'template', 'spec'])),
    runsToCompletion: false,
  });
}

/** Keys of a custom resource's spec that show it runs pods (at the top of spec). */
const podSpecKeys = new Set(['replicas', 'instances', 'count', 'image', 'imageName', 'containers', 'template', 'podTemplate', 'podSpec', 'jobTemplate']);
/** The same one level down (`spec.kafka.replicas`, `spec.nodeSets[0].podTemplate`), where `template` means too many things. */
const nestedPodSpecKeys = new Set(['replicas', 'instances', 'count', 'image', 'containers', 'podTemplate', 'podSpec']);

/**
 * Whether a custom resource that is not a workload plausibly creates pods whose labels the input
 * does not show: its spec declares replicas, instances, a count, an image, containers or a pod template,
 * at the top or one level down (Strimzi's Kafka, ECK's Elasticsearch, CloudNativePG's Cluster,
 * Flux's HelmRelease values). Resources that only configure others (ServiceMonitor, Certificate,
 * ExternalSecret, Ingress routes) have none of these, so their namespaces stay fully checked.
 */
export function createsUnreadablePods(object: KubeObject): boolean {
  if (object.namespace === undefined || !isCustomKind(object.apiVersion)) return false;
  const spec = object.raw.spec;
  if (!isRecord(spec)) return false;
  for (const [key, value] of Object.entries(spec)) {
    if (podSpecKeys.has(key)) return true;
    const nested = Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [value] : [];
    if (nested.some((item) => Object.keys(item).some((k) => nestedPodSpecKeys.has(k)))) return true;
  }
  return false;
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

/**
 * A Service's selector; undefined for none. Kubernetes: "If empty or not present, the service is
 * assumed to have an external process managing its endpoints", so `selector: {}` selects no pod
 * (unlike a NetworkPolicy's empty podSelector, which selects them all).
 */
function serviceSelector(value: unknown): Labels | undefined {
  const labels = isRecord(value) ? asLabels(value) : undefined;
  return labels && Object.keys(labels).length > 0 ? labels : undefined;
}

export function toService(object: KubeObject): Service | undefined {
  if (object.kind !== 'Service' || object.apiVersion !== 'v1' || object.namespace === undefined) return undefined;
  const spec = isRecord(object.raw.spec) ? object.raw.spec : {};
  return view<Service>(object, {
    namespace: object.namespace,
    type: asString(spec.type) ?? 'ClusterIP',
    selector: serviceSelector(spec.selector),
    selectorNode: object.at('spec', 'selector'),
    ports: exactSize(asArray(spec.ports).flatMap((port, i) => decodeServicePort(object, port, i) ?? [])),
    clusterIPs: exactSize([...new Set([spec.clusterIP, ...asArray(spec.clusterIPs)].filter((ip): ip is string => typeof ip === 'string' && ip !== '' && ip !== 'None'))]),
    headless: spec.clusterIP === 'None',
    clusterIPNode: object.at('spec', 'clusterIP'),
    externalName: spec.type === 'ExternalName' && typeof spec.externalName === 'string' ? spec.externalName.toLowerCase().replace(/\.$/, '') : undefined,
    publishesNotReady: spec.publishNotReadyAddresses === true,
  });
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicies

function decodePeer(object: KubeObject, path: NodePath, value: unknown): PolicyPeer | undefined {
  if (!isRecord(value)) return undefined;
  const ipBlock = isRecord(value.ipBlock) && typeof value.ipBlock.cidr === 'string'
    ? { cidr: value.ipBlock.cidr, except: exactSize(asArray(value.ipBlock.except).filter((c): c is string => typeof c === 'string')) }
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

function decodeRules(object: KubeObject, direction: Direction, value: unknown): readonly PolicyRule[] {
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const peerKey = direction === 'Ingress' ? 'from' : 'to';
  return exactSize(asArray(value).flatMap((rule, index): PolicyRule[] => {
    const path = ['spec', key, index];
    if (rule === null) return [{ direction, index, peers: undefined, ports: undefined, node: object.at(...path) }];
    if (!isRecord(rule)) return [];
    const rawPeers = asArray(rule[peerKey]);
    const rawPorts = asArray(rule.ports);
    return [{
      direction,
      index,
      peers: rawPeers.length === 0 ? undefined : exactSize(rawPeers.flatMap((p, i) => decodePeer(object, [...path, peerKey, i], p) ?? [])),
      ports: rawPorts.length === 0 ? undefined : exactSize(rawPorts.flatMap((p, i) => decodePolicyPort(object, [...path, 'ports', i], p) ?? [])),
      node: object.at(...path),
    }];
  }));
}

export function toNetworkPolicy(object: KubeObject): NetworkPolicy | undefined {
  if (object.kind !== 'NetworkPolicy' || object.namespace === undefined) return undefined;
  if (!object.apiVersion.startsWith('networking.k8s.io/')) return undefined;
  const spec = isRecord(object.raw.spec) ? object.raw.spec : {};
  // The API server defaults policyTypes when the list is absent *or empty*.
  const explicit = Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0;
  const egressRules = asArray(spec.egress);
  const policyTypes: readonly Direction[] = explicit
    ? exactSize(asArray(spec.policyTypes).filter((t): t is Direction => t === 'Ingress' || t === 'Egress'))
    : egressRules.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  return view<NetworkPolicy>(object, {
    namespace: object.namespace,
    podSelector: parseLabelSelector(spec.podSelector) ?? everything,
    podSelectorNode: object.at('spec', 'podSelector'),
    policyTypes,
    policyTypesExplicit: explicit,
    policyTypeNodes: Object.fromEntries(
      (['Ingress', 'Egress'] as const).flatMap((direction) => {
        const index = asArray(spec.policyTypes).indexOf(direction);
        return index >= 0 ? [[direction, object.at('spec', 'policyTypes', index)]] : [];
      }),
    ),
    ingress: decodeRules(object, 'Ingress', spec.ingress),
    egress: decodeRules(object, 'Egress', spec.egress),
    hasIngressKey: 'ingress' in spec,
    hasEgressKey: 'egress' in spec,
  });
}

// ---------------------------------------------------------------------------------------------
// AdminNetworkPolicy, BaselineAdminNetworkPolicy (v1alpha1) and ClusterNetworkPolicy (v1alpha2)

const adminPolicyGroup = 'policy.networking.k8s.io/';

/** `namespaces: <selector>` or `pods: {namespaceSelector, podSelector}` (an absent selector selects all). */
function decodePodSelection(value: unknown): AdminPodSelection | undefined {
  if (!isRecord(value)) return undefined;
  const hasNamespaces = isRecord(value.namespaces);
  const hasPods = isRecord(value.pods);
  // Exactly one form must be set: anything else selects nothing.
  if (hasNamespaces === hasPods) return undefined;
  if (hasNamespaces) return { type: 'namespaces', namespaceSelector: parseLabelSelector(value.namespaces) ?? everything };
  const pods = value.pods as Json;
  return {
    type: 'pods',
    namespaceSelector: parseLabelSelector(pods.namespaceSelector) ?? everything,
    podSelector: parseLabelSelector(pods.podSelector) ?? everything,
  };
}

function decodeAdminPeer(object: KubeObject, path: NodePath, value: unknown): AdminPeer | undefined {
  const node = object.at(...path);
  const selection = decodePodSelection(value);
  if (selection) return { ...selection, node };
  if (!isRecord(value)) return undefined;
  if (Array.isArray(value.networks)) {
    const networks = value.networks.filter((c): c is string => typeof c === 'string').map((cidr) => ({ cidr, except: [] }));
    return { type: 'networks', networks: exactSize(networks), node };
  }
  if ('nodes' in value) return { type: 'unanalysable', field: 'nodes', node };
  if ('domainNames' in value) return { type: 'unanalysable', field: 'domainNames', node };
  return undefined;
}

const portNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

/** v1alpha1 `ports[]`: `portNumber`, `namedPort` or `portRange` (the protocol defaults to TCP). */
function decodeAdminPort(node: NodeRef, value: unknown): AdminPort | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.namedPort === 'string') return { type: 'named', name: value.namedPort, node };
  if (isRecord(value.portNumber)) {
    const port = portNumber(value.portNumber.port);
    if (port === undefined) return undefined;
    return { type: 'range', protocol: parseProtocol(value.portNumber.protocol) ?? 'TCP', from: port, to: port, node };
  }
  if (isRecord(value.portRange)) {
    const from = portNumber(value.portRange.start);
    const to = portNumber(value.portRange.end);
    // An empty range matches no port.
    if (from === undefined || to === undefined || from > to) return undefined;
    return { type: 'range', protocol: parseProtocol(value.portRange.protocol) ?? 'TCP', from, to, node };
  }
  return undefined;
}

const protocolKeys = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' } as const;

/** v1alpha2 `protocols[]`: `tcp|udp|sctp: {destinationPort: {number} | {range: {start, end}}}` or `destinationNamedPort`. */
function decodeAdminProtocol(node: NodeRef, value: unknown): AdminPort | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.destinationNamedPort === 'string') return { type: 'named', name: value.destinationNamedPort, node };
  for (const [key, protocol] of Object.entries(protocolKeys)) {
    const entry = value[key];
    if (!isRecord(entry)) continue;
    const port = isRecord(entry.destinationPort) ? entry.destinationPort : undefined;
    if (!port) return { type: 'range', protocol, from: 1, to: 65535, node };
    const number = portNumber(port.number);
    if (number !== undefined) return { type: 'range', protocol, from: number, to: number, node };
    const range = isRecord(port.range) ? port.range : {};
    const from = portNumber(range.start);
    const to = portNumber(range.end);
    if (from === undefined || to === undefined || from > to) return undefined;
    return { type: 'range', protocol, from, to, node };
  }
  return undefined;
}

const adminActions: Readonly<Record<string, AdminAction>> = { Allow: 'Allow', Accept: 'Allow', Deny: 'Deny', Pass: 'Pass' };

function decodeAdminRules(object: KubeObject, direction: Direction, value: unknown): readonly AdminRule[] {
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const peerKey = direction === 'Ingress' ? 'from' : 'to';
  const v1alpha2 = object.kind === 'ClusterNetworkPolicy';
  return exactSize(asArray(value).flatMap((rule, index): AdminRule[] => {
    if (!isRecord(rule)) return [];
    const path = ['spec', key, index];
    const writtenAction = asString(rule.action) ?? '';
    const action = adminActions[writtenAction];
    // An unknown action is a schema-violation finding; the rule is left out rather than guessed.
    if (action === undefined) return [];
    const portsKey = v1alpha2 ? 'protocols' : 'ports';
    const rawPorts = rule[portsKey];
    return [{
      direction,
      index,
      name: asString(rule.name),
      action,
      writtenAction,
      peers: exactSize(asArray(rule[peerKey]).flatMap((p, i) => decodeAdminPeer(object, [...path, peerKey, i], p) ?? [])),
      ports: Array.isArray(rawPorts)
        ? exactSize(rawPorts.flatMap((p, i) => (v1alpha2 ? decodeAdminProtocol : decodeAdminPort)(object.at(...path, portsKey, i), p) ?? []))
        : undefined,
      node: object.at(...path),
    }];
  }));
}

/** The tier of a cluster-wide policy kind, or undefined for any other object. */
function adminTierOf(object: KubeObject, spec: Json): AdminTier | undefined {
  if (!object.apiVersion.startsWith(adminPolicyGroup)) return undefined;
  if (object.kind === 'AdminNetworkPolicy') return 'Admin';
  if (object.kind === 'BaselineAdminNetworkPolicy') return 'Baseline';
  if (object.kind === 'ClusterNetworkPolicy') return spec.tier === 'Admin' || spec.tier === 'Baseline' ? spec.tier : undefined;
  return undefined;
}

export function toAdminPolicy(object: KubeObject): AdminPolicy | undefined {
  const spec = isRecord(object.raw.spec) ? object.raw.spec : {};
  const tier = adminTierOf(object, spec);
  if (tier === undefined) return undefined;
  return view<AdminPolicy>(object, {
    tier,
    priority: object.kind === 'BaselineAdminNetworkPolicy' ? undefined : (portNumber(spec.priority) ?? 0),
    priorityNode: object.at('spec', 'priority'),
    subject: decodePodSelection(spec.subject),
    subjectNode: object.at('spec', 'subject'),
    ingress: decodeAdminRules(object, 'Ingress', spec.ingress),
    egress: decodeAdminRules(object, 'Egress', spec.egress),
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
  return view<ConfigMap>(object, { namespace: object.namespace, strings: exactSize(strings) });
}

// ---------------------------------------------------------------------------------------------
// Services the API server calls

/** A `service` reference of a clientConfig or an APIService: namespace and name required, port 443 by default. */
function apiServerCall(object: KubeObject, path: NodePath, purpose: ApiServerCall['purpose'], webhook?: string): ApiServerCall | undefined {
  const service = get(object.raw, path);
  if (!isRecord(service) || typeof service.name !== 'string' || typeof service.namespace !== 'string') return undefined;
  const port = service.port === undefined || service.port === null ? 443 : typeof service.port === 'number' ? service.port : undefined;
  const node = object.at(...path);
  return {
    caller: object,
    purpose,
    webhook,
    namespace: service.namespace,
    service: service.name,
    serviceNode: object.at(...path, 'name'),
    port,
    portNode: 'port' in service ? object.at(...path, 'port') : node,
    node,
  };
}

/**
 * The Services the API server calls for this object: each admission webhook's, an APIService's,
 * a CustomResourceDefinition's conversion webhook's. URL-configured ones name no Service.
 */
export function apiServerCallsOf(object: KubeObject): ApiServerCall[] {
  const group = apiGroup(object.apiVersion);
  if ((object.kind === 'ValidatingWebhookConfiguration' || object.kind === 'MutatingWebhookConfiguration') && group === 'admissionregistration.k8s.io') {
    return asArray(object.raw.webhooks).flatMap((webhook, i) =>
      apiServerCall(object, ['webhooks', i, 'clientConfig', 'service'], 'admissionWebhook', isRecord(webhook) ? asString(webhook.name) : undefined) ?? [],
    );
  }
  if (object.kind === 'APIService' && group === 'apiregistration.k8s.io') return [apiServerCall(object, ['spec', 'service'], 'apiService') ?? []].flat();
  if (object.kind === 'CustomResourceDefinition' && group === 'apiextensions.k8s.io') {
    return [apiServerCall(object, ['spec', 'conversion', 'webhook', 'clientConfig', 'service'], 'conversionWebhook') ?? []].flat();
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Ingresses and Gateway API routes

/** An Ingress `backend` (networking.k8s.io/v1) that names a Service, with the port by number or name. */
function decodeIngressBackend(object: KubeObject, namespace: string, path: NodePath, value: unknown): IngressBackend | undefined {
  const service = isRecord(value) ? value.service : undefined;
  if (!isRecord(service) || typeof service.name !== 'string') return undefined;
  const port = isRecord(service.port) ? service.port : {};
  const number = typeof port.number === 'number' && Number.isInteger(port.number) ? port.number : undefined;
  const name = asString(port.name) || undefined;
  const servicePath = [...path, 'service'];
  return {
    namespace,
    service: service.name,
    serviceNode: object.at(...servicePath, 'name'),
    port: number ?? name,
    portNode: object.at(...servicePath, 'port', number !== undefined ? 'number' : 'name'),
    node: object.at(...path),
  };
}

export function toIngress(object: KubeObject): Ingress | undefined {
  if (object.kind !== 'Ingress' || !object.apiVersion.startsWith('networking.k8s.io/') || object.namespace === undefined) return undefined;
  const namespace = object.namespace;
  const spec = isRecord(object.raw.spec) ? object.raw.spec : {};
  const ingressClassName = asString(spec.ingressClassName);
  // Backends are read in the v1 shape only (v1beta1 wrote serviceName/servicePort).
  if (object.apiVersion !== 'networking.k8s.io/v1') return view<Ingress>(object, { namespace, backends: [], ingressClassName });
  const backends: IngressBackend[] = [];
  const fallback = decodeIngressBackend(object, namespace, ['spec', 'defaultBackend'], spec.defaultBackend);
  if (fallback) backends.push(fallback);
  asArray(spec.rules).forEach((rule, r) => {
    const paths = isRecord(rule) && isRecord(rule.http) ? asArray(rule.http.paths) : [];
    paths.forEach((entry, p) => {
      const path = ['spec', 'rules', r, 'http', 'paths', p, 'backend'];
      const backend = decodeIngressBackend(object, namespace, path, isRecord(entry) ? entry.backend : undefined);
      if (backend) backends.push(backend);
    });
  });
  return view<Ingress>(object, { namespace, backends, ingressClassName });
}

const routeKinds = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

/** A backendRef that names a core Service (group "" and kind Service, the defaults); others are not Services. */
function decodeRouteBackendRef(object: KubeObject, routeNamespace: string, path: NodePath, value: unknown): RouteBackendRef | undefined {
  if (!isRecord(value) || typeof value.name !== 'string') return undefined;
  if ((value.group ?? '') !== '' || (value.kind ?? 'Service') !== 'Service') return undefined;
  const explicit = asString(value.namespace) || undefined;
  const port = typeof value.port === 'number' && Number.isInteger(value.port) ? value.port : undefined;
  return {
    namespace: explicit ?? routeNamespace,
    namespaceExplicit: explicit !== undefined,
    service: value.name,
    serviceNode: object.at(...path, 'name'),
    port,
    portNode: object.at(...path, 'port'),
    node: object.at(...path),
  };
}

/** The Service a `requestMirror` filter copies requests to, if the filter is one. */
function mirrorRef(object: KubeObject, namespace: string, path: NodePath, filter: unknown): RouteBackendRef | undefined {
  const mirror = isRecord(filter) ? filter.requestMirror : undefined;
  return isRecord(mirror) ? decodeRouteBackendRef(object, namespace, [...path, 'requestMirror', 'backendRef'], mirror.backendRef) : undefined;
}

export function toRoute(object: KubeObject): Route | undefined {
  if (!routeKinds.has(object.kind) || !object.apiVersion.startsWith('gateway.networking.k8s.io/') || object.namespace === undefined) return undefined;
  const namespace = object.namespace;
  const spec = isRecord(object.raw.spec) ? object.raw.spec : {};
  const refs: RouteBackendRef[] = [];
  const add = (ref: RouteBackendRef | undefined) => {
    if (ref) refs.push(ref);
  };
  asArray(spec.rules).forEach((rule, r) => {
    if (!isRecord(rule)) return;
    const rulePath = ['spec', 'rules', r];
    asArray(rule.filters).forEach((filter, f) => add(mirrorRef(object, namespace, [...rulePath, 'filters', f], filter)));
    asArray(rule.backendRefs).forEach((ref, b) => {
      const refPath = [...rulePath, 'backendRefs', b];
      add(decodeRouteBackendRef(object, namespace, refPath, ref));
      const filters = isRecord(ref) ? asArray(ref.filters) : [];
      filters.forEach((filter, f) => add(mirrorRef(object, namespace, [...refPath, 'filters', f], filter)));
    });
  });
  return view<Route>(object, { namespace, backendRefs: refs });
}

/**
 * An OpenShift Route's Service backends: `spec.to` and `spec.alternateBackends` whose kind is
 * Service (the only kind the router accepts; unset means Service), each with `spec.port.targetPort`.
 */
export function toOpenShiftRoute(object: KubeObject): OpenShiftRoute | undefined {
  if (object.kind !== 'Route' || object.apiVersion !== 'route.openshift.io/v1' || object.namespace === undefined) return undefined;
  const namespace = object.namespace;
  const spec = isRecord(object.raw.spec) ? object.raw.spec : {};
  const portPath = ['spec', 'port', 'targetPort'];
  const port = isRecord(spec.port) ? parsePortReference(spec.port.targetPort) : undefined;
  const backend = (path: NodePath, value: unknown): ServiceBackend[] => {
    if (!isRecord(value) || typeof value.name !== 'string' || (value.kind ?? 'Service') !== 'Service') return [];
    return [{ namespace, service: value.name, serviceNode: object.at(...path, 'name'), port, portNode: object.at(...portPath), node: object.at(...path) }];
  };
  const backends = [
    ...backend(['spec', 'to'], spec.to),
    ...asArray(spec.alternateBackends).flatMap((entry, i) => backend(['spec', 'alternateBackends', i], entry)),
  ];
  return view<OpenShiftRoute>(object, { namespace, backends });
}
