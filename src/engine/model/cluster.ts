/**
 * The cluster model: every object of the input, typed and indexed once, with the queries rules
 * use. Selector matching and namespace labels live here and nowhere else.
 */
import type { ParsedDocument } from '../parse.js';
import { noKustomization, type KustomizeFacts } from '../kustomize.js';
import { operatorCreatesService } from './operator-services.js';
import { closestName, compareText, emptyList, groupBy, remembered } from '../util.js';
import { forOpenShift, type Settings } from '../settings.js';
import {
  apiServerCallsOf,
  autoscalerLookup,
  createsUnreadablePods,
  definitionKey,
  explicitNamespace,
  isCustomKind,
  isPatchShaped,
  isRecord,
  type Json,
  objectsOf,
  toAdminPolicy,
  toConfigMap,
  toIngress,
  toNetworkPolicy,
  toOpenShiftRoute,
  toRoute,
  toService,
  toWorkload,
} from './decode.js';
import { policySelects } from './policy.js';
import { adminPolicySelects, byPrecedence } from './admin-policy.js';
import type { ContainerPort } from './ports.js';
import { scanAddresses, scanHosts, type AddressReference, type HostReference } from './hosts.js';
import type { NodeRef } from '../finding.js';
import { isNamespaceName, schemaViolations, type SchemaViolation } from './schema.js';
import { LabelIndex, matchesLabels, matchesSelector, SelectorIndex, valuesRequiredFor, type LabelSelector, type Labels } from './selectors.js';
import type { AdminPolicy, AdminTier, ApiServerCall, ConfigMap, ConfigString, Direction, Ingress, KubeObject, Namespace, NetworkPolicy, OpenShiftRoute, Route, Service, Workload } from './types.js';

/** What policy semantics need to know about a set of identical pods. */
export interface PodGroup {
  readonly namespace: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  /**
   * Set when the input does not show the pods' ports (an operator creates them from a custom
   * resource): who creates them, so explanations can say why a named port resolves to nothing.
   */
  readonly portsUnknownFrom?: string;
  /** The pods' addresses, known only from live-cluster dumps and used only with --pod-ips. */
  readonly ips?: readonly string[];
  /**
   * Set when the pods use the node's network (`hostNetwork: true`): most network plugins apply no
   * NetworkPolicy to them, so verdicts about them say so.
   */
  readonly hostNetwork?: true;
}

export const namespaceNameLabel = 'kubernetes.io/metadata.name';

/** The namespaceSelector that picks namespaces by name, with the label every namespace carries. */
export function namespaceSelectorFor(namespaces: readonly string[]): LabelSelector {
  const [only] = namespaces;
  return namespaces.length === 1 && only !== undefined
    ? { matchLabels: { [namespaceNameLabel]: only }, matchExpressions: [] }
    : { matchLabels: {}, matchExpressions: [{ key: namespaceNameLabel, operator: 'In', values: namespaces }] };
}

/** An object that hands strings to applications, and the namespace they resolve names in. */
export interface StringConsumer {
  readonly object: Workload | ConfigMap;
  readonly namespace: string;
  readonly strings: readonly ConfigString[];
  /** The pod's own host names (hostname, subdomain, hostAliases); none for a ConfigMap. */
  readonly ownHostNames: readonly string[];
}

/** A host or address found in a string an app reads: who reads it, and the span of its text. */
export interface FoundInString<Reference> {
  readonly consumer: StringConsumer;
  readonly reference: Reference;
  /** The string's node, narrowed to the reference's text. */
  readonly at: NodeRef;
}

/**
 * A namespaceSelector label that names a namespace by a label other than the automatic one
 * (`name: kube-system`): the label and the namespace it names, if that namespace is known.
 * The classic mistake, and the fix is always `kubernetes.io/metadata.name: <namespace>`.
 */
export function labelNamingNamespace(
  selector: LabelSelector,
  isKnown: (namespace: string) => boolean,
): { readonly label: string; readonly namespace: string } | undefined {
  const entry = Object.entries(selector.matchLabels).find(([key, value]) => key !== namespaceNameLabel && isKnown(value));
  return entry && { label: entry[0], namespace: entry[1] };
}

/**
 * The namespace netlint chose for objects without `metadata.namespace` when the user did not:
 * the only one the input has, as `kubectl apply -n <it>` would place them.
 */
export interface InferredNamespace {
  readonly name: string;
  /** How many objects were placed there. */
  readonly objects: number;
  /** The same count per file path, for reporters that speak per file. */
  readonly objectsByFile: ReadonlyMap<string, number>;
  /** Why: `the only namespace in the input`. */
  readonly reason: string;
}

const openShiftGroup = /^[a-z0-9.-]+\.openshift\.io\//;

/** The egress rules of an input's NetworkPolicies, as written (read before decoding: the platform decides the settings). */
function egressRulesOf(objects: readonly KubeObject[]): Json[] {
  return objects.flatMap((o) => {
    const spec = o.kind === 'NetworkPolicy' ? o.raw.spec : undefined;
    return isRecord(spec) && Array.isArray(spec.egress) ? spec.egress.filter(isRecord) : [];
  });
}

function opensUdp(rule: Json, port: number): boolean {
  return Array.isArray(rule.ports) && rule.ports.some((p: unknown) => isRecord(p) && p.port === port && p.protocol === 'UDP');
}

/**
 * Whether the input's policies let pods reach DNS the way OpenShift's needs: no egress rule opens
 * UDP 53, and one opens UDP 5353 (the port of OpenShift's DNS pods) to other namespaces, as a DNS
 * rule does. An mDNS rule (UDP 5353 too) beside a rule for port 53 leaves the input as it is.
 */
function opensOpenShiftDns(objects: readonly KubeObject[]): boolean {
  const rules = egressRulesOf(objects);
  if (rules.some((rule) => opensUdp(rule, 53))) return false;
  const toOtherNamespaces = (rule: Json) => Array.isArray(rule.to) && rule.to.some((peer: unknown) => isRecord(peer) && isRecord(peer.namespaceSelector));
  return rules.some((rule) => opensUdp(rule, 5353) && toOtherNamespaces(rule));
}

/**
 * Whether the input is for OpenShift: it has objects of an OpenShift API group (a Route, a
 * DeploymentConfig, a SecurityContextConstraints…), objects in its `openshift-` namespaces, or
 * policies that let pods reach DNS on OpenShift's port only (opensOpenShiftDns).
 */
export function isForOpenShift(objects: readonly KubeObject[]): boolean {
  return (
    objects.some((o) => (o.apiVersion.includes('.openshift.io/') && openShiftGroup.test(o.apiVersion)) || o.namespace?.startsWith('openshift-') === true) ||
    opensOpenShiftDns(objects)
  );
}

/** System namespaces are never guessed: an app is not applied into them by accident of `-n`. */
const isSystemNamespace = (name: string) => name.startsWith('kube-');

/**
 * The namespace for namespace-less objects when exactly one candidate exists: the names of the
 * Namespace objects and the explicit `metadata.namespace` values of namespaced objects. With two
 * or more, netlint does not guess (the default stays). undefined when nothing needs placing.
 */
function inferNamespace(objects: readonly KubeObject[], settings: Settings): InferredNamespace | undefined {
  if (settings.namespaceChosen) return undefined;
  const declared = new Set<string>();
  const named = new Set<string>();
  const placed: KubeObject[] = [];
  for (const object of objects) {
    if (object.kind === 'Namespace' && object.apiVersion === 'v1') declared.add(object.name);
    if (object.namespace === undefined) continue;
    const explicit = explicitNamespace(object);
    if (explicit === undefined) placed.push(object);
    else named.add(explicit);
  }
  // A name the API server would refuse (a `YOUR_NAMESPACE` placeholder) is no namespace to place objects in.
  const candidates = [...new Set([...declared, ...named])].filter((name) => !isSystemNamespace(name) && isNamespaceName(name));
  const [name] = candidates;
  if (candidates.length !== 1 || name === undefined || placed.length === 0 || name === settings.defaultNamespace) return undefined;
  const objectsByFile = new Map<string, number>();
  for (const object of placed) objectsByFile.set(object.doc.file.path, (objectsByFile.get(object.doc.file.path) ?? 0) + 1);
  const reason = declared.has(name) ? 'the only namespace in the input' : 'the only namespace the other objects name';
  return { name, objects: placed.length, objectsByFile, reason };
}

/**
 * One definition per object, the last one of each identity (as `kubectl apply` of the files in
 * order leaves it), and the groups of objects defined more than once. Kustomize patches (files a
 * kustomization names under `patches`, or patch-shaped objects) are not definitions: they are
 * kept as they are and never counted twice.
 */
function distinctDefinitions(objects: readonly KubeObject[], patchFiles: ReadonlySet<string>) {
  const byKey = new Map<string, KubeObject[]>();
  // Each object's key, by its place in the input.
  const keys: (string | undefined)[] = new Array(objects.length).fill(undefined);
  const patches = new Set<KubeObject>();
  objects.forEach((object, index) => {
    const path = object.doc.file.absolutePath;
    const inPatchFile = path !== undefined && patchFiles.has(path);
    // Only a file the kustomization names is surely a patch; a patch-shaped object elsewhere
    // (no containers) may as well be a broken definition, which schema-violation must still see.
    if (inPatchFile) patches.add(object);
    if (inPatchFile || isPatchShaped(object)) return;
    const key = definitionKey(object);
    if (key === undefined) return;
    keys[index] = key;
    const group = byKey.get(key);
    if (group) group.push(object);
    else byKey.set(key, [object]);
  });
  const definitions = objects.filter((object, index) => {
    const key = keys[index];
    return key === undefined || (byKey.get(key) as KubeObject[]).at(-1) === object;
  });
  const duplicates = [...byKey.values()].filter((group) => group.length > 1);
  return { definitions, duplicates, patches };
}

/** An object and what is wrong with its fields. */
export interface ObjectViolations {
  readonly object: KubeObject;
  readonly violations: readonly SchemaViolation[];
}

/** A string's node narrowed to a slice of its value (fields listed: spreading a NodeRef is slow in bulk). */
function narrowedTo(node: NodeRef, slice: { readonly index: number; readonly length: number }): NodeRef {
  const span = { index: slice.index, length: slice.length };
  return node.target === undefined ? { doc: node.doc, path: node.path, span } : { doc: node.doc, path: node.path, target: node.target, span };
}

export class ClusterModel {
  /** Every object of the input, an object defined twice included twice. */
  readonly objects: readonly KubeObject[];
  /** Objects as the cluster would hold them: one per identity (see distinctDefinitions). */
  readonly definitions: readonly KubeObject[];
  private readonly duplicateGroups: readonly (readonly KubeObject[])[];
  /** Settings in effect: defaultNamespace is the inferred namespace when there is one. */
  readonly settings: Settings;
  /** Where netlint placed objects without a namespace on its own, if it did (say so once to the user). */
  readonly inferredNamespace: InferredNamespace | undefined;
  private readonly workloadList: readonly Workload[];
  private readonly serviceList: readonly Service[];
  private readonly policyList: readonly NetworkPolicy[];
  /** Cluster-wide policies of each tier, in precedence order. */
  private readonly adminPolicyList: Readonly<Record<AdminTier, readonly AdminPolicy[]>>;
  private readonly configMapList: readonly ConfigMap[];
  private readonly ingressList: readonly Ingress[];
  private readonly routeList: readonly Route[];
  private readonly openShiftRouteList: readonly OpenShiftRoute[];
  private violationList: readonly ObjectViolations[] | undefined;
  /** Objects of the files a kustomization of the input names as patches. */
  private readonly patches: ReadonlySet<KubeObject>;
  private hostList: readonly FoundInString<HostReference>[] | undefined;
  private stringConsumerList: readonly StringConsumer[] | undefined;
  private customResources: { readonly all: readonly KubeObject[]; readonly byNamespace: Map<string, KubeObject[]> } | undefined;
  private apiServerCallList: readonly ApiServerCall[] | undefined;
  private externalNames: ReadonlySet<string> | undefined;
  private addressList: readonly FoundInString<AddressReference>[] | undefined;
  private readonly servicesByNamespace: Map<string, Service[]>;
  private readonly objectNamespaces: ReadonlySet<string>;
  private readonly workloadsByNamespace: Map<string, Workload[]>;
  private readonly servicesByName: Map<string, Service[]>;
  private readonly policiesByNamespace: Map<string, NetworkPolicy[]>;
  private readonly namespaceMap: Map<string, Namespace>;
  private readonly unreadableByNamespace: Map<string, KubeObject[]>;
  private readonly policiesByLabels = new WeakMap<Labels, Map<string, readonly NetworkPolicy[]>>();
  /** Per namespace, its policies by the labels their podSelectors require. */
  private readonly policySelectorIndexes = new Map<string, SelectorIndex<NetworkPolicy>>();
  private readonly adminPoliciesByLabels = new WeakMap<Labels, Map<string, readonly AdminPolicy[]>>();
  private readonly selectedByService = new WeakMap<Service, readonly Workload[]>();
  private readonly selectedByPolicy = new WeakMap<NetworkPolicy, readonly Workload[]>();
  private readonly workloadIndexes = new Map<string, LabelIndex<Workload>>();
  private readonly servicesOfWorkload = new WeakMap<Workload, readonly Service[]>();
  private readonly namespacesBySelector = new WeakMap<LabelSelector, readonly Namespace[]>();
  /** The namespaces by label value, built on first use: each policy's selectors are their own objects. */
  private namespaceIndex: LabelIndex<Namespace> | undefined;

  /** Namespaces where a document of the input did not parse: objects of theirs are missing. */
  private readonly unparsedNamespaces: ReadonlySet<string>;

  constructor(
    objects: readonly KubeObject[],
    settings: Settings,
    inferredNamespace?: InferredNamespace,
    private readonly kustomize: KustomizeFacts = noKustomization,
    unparsed: readonly (string | undefined)[] = [],
  ) {
    this.objects = objects;
    // A broken document that names no namespace would land where namespace-less objects go.
    this.unparsedNamespaces = new Set(unparsed.map((namespace) => namespace ?? settings.defaultNamespace));
    this.settings = settings;
    this.inferredNamespace = inferredNamespace;
    const { definitions, duplicates, patches } = distinctDefinitions(objects, kustomize.patchFiles);
    this.patches = patches;
    this.definitions = definitions;
    this.duplicateGroups = duplicates;
    // Autoscalers first: a workload's replica count depends on the one scaling it.
    const autoscalerOf = autoscalerLookup(definitions);
    const workloadObjects = new Set<KubeObject>();
    const workloads: Workload[] = [];
    for (const object of definitions) {
      const workload = toWorkload(object, autoscalerOf);
      if (workload === undefined) continue;
      workloads.push(workload);
      workloadObjects.add(object);
    }
    this.workloadList = workloads;
    this.serviceList = definitions.flatMap((o) => toService(o) ?? []);
    this.policyList = definitions.flatMap((o) => toNetworkPolicy(o) ?? []);
    const adminPolicies = definitions.flatMap((o) => toAdminPolicy(o) ?? []);
    this.adminPolicyList = {
      Admin: byPrecedence(adminPolicies.filter((p) => p.tier === 'Admin')),
      Baseline: byPrecedence(adminPolicies.filter((p) => p.tier === 'Baseline')),
    };
    this.configMapList = definitions.flatMap((o) => toConfigMap(o) ?? []);
    this.ingressList = definitions.flatMap((o) => toIngress(o) ?? []);
    this.routeList = definitions.flatMap((o) => toRoute(o) ?? []);
    this.openShiftRouteList = definitions.flatMap((o) => toOpenShiftRoute(o) ?? []);
    this.servicesByNamespace = groupBy(this.serviceList, (s) => s.namespace);
    this.objectNamespaces = new Set(definitions.flatMap((o) => (o.namespace === undefined ? [] : [o.namespace])));
    this.workloadsByNamespace = groupBy(this.workloadList, (w) => w.namespace);
    this.servicesByName = groupBy(this.serviceList, (s) => s.name);
    this.policiesByNamespace = groupBy(this.policyList, (p) => p.namespace);
    this.namespaceMap = this.buildNamespaces();
    this.unreadableByNamespace = groupBy(
      definitions.filter((o) => !workloadObjects.has(o) && createsUnreadablePods(o)),
      (o) => o.namespace as string,
    );
  }

  /**
   * The one place that decides namespaces: objects without `metadata.namespace` go to the chosen
   * namespace, or, when the user chose none and the input has exactly one, to that one.
   */
  static fromDocuments(documents: readonly ParsedDocument[], given: Settings, kustomize: KustomizeFacts = noKustomization, unparsed: readonly (string | undefined)[] = []): ClusterModel {
    const objects = documents.flatMap((doc) => objectsOf(doc, given));
    // The platform's DNS and router, unless the user described them.
    const settings: Settings = isForOpenShift(objects) ? forOpenShift(given) : given;
    const inferred = inferNamespace(objects, settings);
    if (!inferred) return new ClusterModel(objects, settings, undefined, kustomize, unparsed);
    const effective: Settings = { ...settings, defaultNamespace: inferred.name };
    return new ClusterModel(documents.flatMap((doc) => objectsOf(doc, effective)), effective, inferred, kustomize, unparsed);
  }

  /**
   * Whether two definitions say exactly the same (the same fields and values, in the same order):
   * copies of one file, which replace each other without changing anything.
   */
  definitionsIdentical(a: KubeObject, b: KubeObject): boolean {
    return JSON.stringify(a.raw) === JSON.stringify(b.raw);
  }

  /** Objects defined more than once: each group holds every definition of one identity, in input order. */
  duplicateDefinitions(): readonly (readonly KubeObject[])[] {
    return this.duplicateGroups;
  }

  /**
   * Namespaces from Namespace objects, from every object that names one, the DNS namespace, and
   * those the config names.
   * Each carries the label the API server sets automatically since Kubernetes 1.21.
   */
  private buildNamespaces(): Map<string, Namespace> {
    const namespaces = new Map<string, Namespace>();
    const add = (name: string, object: KubeObject | undefined) => {
      const existing = namespaces.get(name);
      if (existing?.object) return;
      const labels = { ...(object?.labels ?? {}), [namespaceNameLabel]: name };
      namespaces.set(name, { name, labels, object });
    };
    for (const object of this.objects) {
      if (object.kind === 'Namespace' && object.apiVersion === 'v1') add(object.name, object);
    }
    for (const object of this.objects) if (object.namespace !== undefined) add(object.namespace, undefined);
    add(this.settings.dns.namespace, undefined);
    // Namespaces the config says the cluster has: their labels, unless a Namespace object says otherwise.
    for (const [name, labels] of Object.entries(this.settings.namespaces)) {
      const existing = namespaces.get(name);
      if (existing?.object) continue;
      namespaces.set(name, { name, labels: { ...labels, [namespaceNameLabel]: name }, object: undefined });
    }
    return new Map([...namespaces].sort(([a], [b]) => compareText(a, b)));
  }

  /**
   * Every object's schema violations (kinds netlint checks), in input order; computed on first
   * use, as only schema-violation asks.
   */
  schemaViolations(): readonly ObjectViolations[] {
    // A Kustomize patch holds only the fields it changes: it is no object to validate on its own.
    this.violationList ??= this.objects.flatMap((object) => {
      if (this.patches.has(object)) return [];
      const path = object.doc.file.absolutePath;
      // Kustomize adds the selector it labels: the built object has one.
      const selectorAdded = path !== undefined && this.kustomize.setsSelectorsOf(path);
      const violations = schemaViolations(object).filter((v) => !(selectorAdded && v.problem.type === 'required' && v.problem.field === 'selector'));
      return violations.length > 0 ? [{ object, violations }] : [];
    });
    return this.violationList;
  }

  /** Every host reference in env values, args, command and ConfigMap data, scanned once per model. */
  hostsInStrings(): readonly FoundInString<HostReference>[] {
    this.hostList ??= this.findInStrings(scanHosts);
    return this.hostList;
  }

  /** Every IP address in env values, args, command and ConfigMap data, scanned once per model. */
  addressesInStrings(): readonly FoundInString<AddressReference>[] {
    this.addressList ??= this.findInStrings(scanAddresses);
    return this.addressList;
  }

  private findInStrings<Reference extends { readonly index: number; readonly length: number }>(
    scan: (source: ConfigString) => readonly Reference[],
  ): FoundInString<Reference>[] {
    const all: FoundInString<Reference>[] = [];
    for (const consumer of this.stringConsumers()) {
      // Most strings hold nothing: a consumer's are paired with what they hold only when one does.
      const references = consumer.strings.map(scan);
      if (references.every((found) => found.length === 0)) continue;
      const found = consumer.strings.map((source, i) => ({ source, references: references[i] as readonly Reference[] }));
      // What each variable's own value holds: an expanded string that takes it from there is not
      // reported again (the finding stands where the variable is defined).
      const textOf = (source: ConfigString, reference: Reference) => source.value.slice(reference.index, reference.index + reference.length);
      const expands = found.some(({ source }) => source.variables !== undefined && source.variables.length > 0);
      const ofVariable = expands
        ? new Map(found.flatMap(({ source, references }) => (source.key === undefined ? [] : [[source.key, references.map((r) => textOf(source, r))] as const])))
        : undefined;
      const fromVariable = (source: ConfigString, reference: Reference) =>
        ofVariable !== undefined && (source.variables ?? []).some((name) => ofVariable.get(name)?.includes(textOf(source, reference)) === true);
      for (const { source, references } of found) {
        for (const reference of references) {
          if (!fromVariable(source, reference)) all.push({ consumer, reference, at: source.expanded ? source.node : narrowedTo(source.node, reference) });
        }
      }
    }
    return all;
  }

  workloads(): readonly Workload[] {
    return this.workloadList;
  }

  workloadsIn(namespace: string): readonly Workload[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  services(): readonly Service[] {
    return this.serviceList;
  }

  /** Services of that name in any namespace. */
  servicesNamed(name: string): readonly Service[] {
    return this.servicesByName.get(name) ?? [];
  }

  /** The namespaces that have a Service of that name, sorted. */
  namespacesWithService(name: string): readonly string[] {
    return [...new Set(this.servicesNamed(name).map((s) => s.namespace))].sort();
  }

  /** Services of a namespace. */
  servicesIn(namespace: string): readonly Service[] {
    return this.servicesByNamespace.get(namespace) ?? [];
  }

  /**
   * Whether an operator may create a Service of this name from a custom resource of the namespace,
   * which the input cannot show (operator-services.ts knows which kinds do, and their names).
   */
  mayBeOperatorService(name: string, namespace: string): boolean {
    if (!this.customResources) {
      const all = this.definitions.filter((o) => o.namespace !== undefined && isCustomKind(o.apiVersion));
      this.customResources = { all, byNamespace: groupBy(all, (o) => o.namespace as string) };
    }
    return operatorCreatesService(name, this.customResources.byNamespace.get(namespace) ?? [], this.customResources.all);
  }

  /** The Services the API server calls: admission webhooks', aggregated APIs', conversion webhooks'. */
  apiServerCalls(): readonly ApiServerCall[] {
    this.apiServerCallList ??= this.definitions.flatMap(apiServerCallsOf);
    return this.apiServerCallList;
  }

  /**
   * Whether an object of this document is built together with remote resources that the input
   * does not show (a kustomization fetching an upstream install manifest).
   */
  builtWithRemoteResources(doc: ParsedDocument): boolean {
    const path = doc.file.absolutePath;
    return path !== undefined && this.kustomize.builtWithRemote(path);
  }

  /** Whether any object of the input lives in the namespace (if none, the input shows nothing of it). */
  hasObjectsIn(namespace: string): boolean {
    return this.objectNamespaces.has(namespace);
  }

  ingresses(): readonly Ingress[] {
    return this.ingressList;
  }

  /** Gateway API routes (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute). */
  routes(): readonly Route[] {
    return this.routeList;
  }

  /** OpenShift Routes (route.openshift.io/v1), which the OpenShift router serves as Ingresses. */
  openShiftRoutes(): readonly OpenShiftRoute[] {
    return this.openShiftRouteList;
  }

  policies(): readonly NetworkPolicy[] {
    return this.policyList;
  }

  /** AdminNetworkPolicies, BaselineAdminNetworkPolicies and ClusterNetworkPolicies of a tier, in precedence order. */
  adminPolicies(tier: AdminTier): readonly AdminPolicy[] {
    return this.adminPolicyList[tier];
  }

  /** The policies of a tier that apply to these pods in a direction, in precedence order. */
  adminPoliciesSelecting(pods: Pick<PodGroup, 'namespace' | 'labels'>, tier: AdminTier, direction: Direction): readonly AdminPolicy[] {
    const all = this.adminPolicyList[tier];
    if (all.length === 0) return all;
    // Asked for every pair of pod classes by reach: remembered per label set, as policiesSelecting is.
    const byKey = remembered(this.adminPoliciesByLabels, pods.labels, () => new Map<string, readonly AdminPolicy[]>());
    return remembered(byKey, `${pods.namespace}\0${tier}\0${direction}`, () => all.filter((p) => adminPolicySelects(this, p, pods, direction)));
  }

  policiesIn(namespace: string): readonly NetworkPolicy[] {
    return this.policiesByNamespace.get(namespace) ?? [];
  }

  configMaps(): readonly ConfigMap[] {
    return this.configMapList;
  }

  /** Workloads and ConfigMaps with the strings they give to applications (gathered once per model). */
  stringConsumers(): readonly StringConsumer[] {
    this.stringConsumerList ??= [
      ...this.workloadList.map((w) => ({ object: w, namespace: w.namespace, strings: w.containers.flatMap((c) => c.strings), ownHostNames: w.ownHostNames })),
      ...this.configMapList.map((c) => ({ object: c, namespace: c.namespace, strings: c.strings, ownHostNames: emptyList })),
    ];
    return this.stringConsumerList;
  }

  namespaces(): readonly Namespace[] {
    return [...this.namespaceMap.values()];
  }

  namespace(name: string): Namespace | undefined {
    return this.namespaceMap.get(name);
  }

  /**
   * Whether a namespace's labels are known: a Namespace object of the input or cluster.namespaces
   * gives them; for any other namespace only the automatic name label is.
   */
  namespaceLabelsKnown(name: string): boolean {
    return this.namespaceMap.get(name)?.object !== undefined || Object.hasOwn(this.settings.namespaces, name);
  }

  /**
   * Whether the user shows any namespace's labels: a Namespace object of the input, or labels
   * under cluster.namespaces (not those netlint supplies for a platform).
   */
  userShowsNamespaceLabels(): boolean {
    const supplied = this.settings.platformNamespaces ?? [];
    return this.namespaces().some((ns) => ns.object !== undefined) || Object.keys(this.settings.namespaces).some((name) => !supplied.includes(name));
  }

  /** Labels of a namespace: known ones, or just the automatic name label for unknown ones. */
  namespaceLabels(name: string): Labels {
    return this.namespaceMap.get(name)?.labels ?? { [namespaceNameLabel]: name };
  }

  /** Workloads whose pods a Service selects (none for a Service without a selector). */
  workloadsSelectedBy(service: Service): readonly Workload[] {
    const { selector } = service;
    if (!selector) return [];
    // Most rules about Services ask this: answered once per Service, from the workloads that have
    // one of the labels it names (an index), each then decided by matchesLabels.
    return remembered(this.selectedByService, service, () =>
      this.workloadIndex(service.namespace)
        .candidates({ matchLabels: selector, matchExpressions: [] })
        .filter((w) => matchesLabels(selector, w.podLabels)),
    );
  }

  /** The workloads whose pods a NetworkPolicy selects (its own namespace, by podSelector). */
  workloadsSelectedByPolicy(policy: NetworkPolicy): readonly Workload[] {
    // Asked by several rules for every policy: answered once, from the workloads the podSelector
    // may select (an index on their labels), each then decided by policySelects.
    return remembered(this.selectedByPolicy, policy, () =>
      this.workloadIndex(policy.namespace)
        .candidates(policy.podSelector)
        .filter((w) => policySelects(policy, { namespace: w.namespace, labels: w.podLabels })),
    );
  }

  private workloadIndex(namespace: string): LabelIndex<Workload> {
    return remembered(this.workloadIndexes, namespace, () => new LabelIndex(this.workloadsIn(namespace), (w) => w.podLabels));
  }

  /** Services whose selector selects the workload's pods. */
  servicesSelecting(workload: Workload): readonly Service[] {
    if (!this.servicesOfWorkload.has(workload)) this.indexServicesOf(workload.namespace);
    // A workload the model does not hold (one a caller made) is matched on its own.
    return this.servicesOfWorkload.get(workload) ?? this.servicesIn(workload.namespace).filter((s) => s.selector !== undefined && matchesLabels(s.selector, workload.podLabels));
  }

  /**
   * The inverse of workloadsSelectedBy, for a whole namespace at once: asking each workload of
   * each Service would match every pair.
   */
  private indexServicesOf(namespace: string): void {
    const selecting = new Map<Workload, Service[]>(this.workloadsIn(namespace).map((w) => [w, []]));
    for (const service of this.servicesIn(namespace)) {
      for (const workload of this.workloadsSelectedBy(service)) selecting.get(workload)?.push(service);
    }
    for (const [workload, services] of selecting) this.servicesOfWorkload.set(workload, services);
  }

  /**
   * Whether a host name is one an ExternalName Service of the input points to (`db.example.com`,
   * or its first label): such a name is outside the cluster, not a Service reference.
   */
  isExternalName(host: string): boolean {
    this.externalNames ??= new Set(
      this.serviceList.flatMap((s) => (s.externalName === undefined ? [] : [s.externalName, s.externalName.split('.')[0] as string])),
    );
    return this.externalNames.has(host);
  }

  /**
   * Custom resources of a namespace that plausibly create pods whose labels the input does not
   * show (an Elasticsearch, a Kafka, a HelmRelease): where there are any, the namespace's pods are
   * not all known, and findings that rely on that become warnings saying the input may be partial.
   */
  unreadablePodCreators(namespace: string): readonly KubeObject[] {
    return this.unreadableByNamespace.get(namespace) ?? [];
  }

  /** Whether the workload's controller (by ownerReference) is itself part of the input. */
  controllerInInput(workload: Workload): boolean {
    const { owner } = workload;
    if (!owner) return false;
    return this.workloadsIn(workload.namespace).some((w) => w.name === owner.name && (owner.kind === undefined || w.kind === owner.kind));
  }

  /** Policies of the pods' namespace whose podSelector selects them. */
  policiesSelecting(pods: PodGroup): readonly NetworkPolicy[] {
    // Asked again and again for the same pods (by rules, reach and explanations): remembered per
    // label set, which each workload and pod class has its own of.
    const byNamespace = remembered(this.policiesByLabels, pods.labels, () => new Map<string, readonly NetworkPolicy[]>());
    return remembered(byNamespace, pods.namespace, () => {
      const index = remembered(this.policySelectorIndexes, pods.namespace, () => new SelectorIndex(this.policiesIn(pods.namespace), (p) => p.podSelector));
      return index.candidates(pods.labels).filter((p) => policySelects(p, pods));
    });
  }

  /**
   * Whether a namespaceSelector names namespaces by the label every namespace has, none of them
   * known and none a likely misspelling of a known one: namespaces installed apart from the input
   * (istio-system, an ingress controller's), whose pods the selector matches wherever they exist.
   */
  namesNamespacesOutsideInput(selector: LabelSelector): boolean {
    const names = valuesRequiredFor(selector, namespaceNameLabel);
    if (names === undefined) return false;
    const known = [...this.namespaceMap.keys()];
    return names.every((name) => !this.namespaceMap.has(name) && closestName(name, known) === undefined);
  }

  namespacesMatching(selector: LabelSelector): readonly Namespace[] {
    // Every peer with a namespaceSelector is resolved again by several rules and by reach.
    return remembered(this.namespacesBySelector, selector, () => {
      this.namespaceIndex ??= new LabelIndex([...this.namespaceMap.values()], (ns) => ns.labels);
      return this.namespaceIndex.candidates(selector).filter((ns) => matchesSelector(selector, ns.labels));
    });
  }

  /** Whether a workload of the input looks like an ingress controller (by its name or a pod label value). */
  looksLikeIngressController(workload: Workload): boolean {
    return ingressControllerName.test(workload.name) || Object.values(workload.podLabels).some((value) => ingressControllerName.test(value));
  }

  /**
   * The pods of the ingress controller that serves Ingresses and OpenShift Routes, which are
   * usually not in the input: where the `ingressController` setting puts them.
   */
  ingressControllerPods(): PodGroup {
    const { ingressController } = this.settings;
    return { namespace: ingressController.namespace, labels: ingressController.podLabels, ports: [] };
  }

  /**
   * Whether pods of a namespace may run that the input does not show: the input has no workload
   * there (it is deployed from elsewhere), a document of it did not parse, or the namespace is one
   * the platform fills (kube-system, with its static pods, DNS and network add-ons; the DNS pods'
   * own namespace).
   */
  mayHoldUnseenPods(namespace: string): boolean {
    if (this.workloadsIn(namespace).length === 0 || this.unparsedNamespaces.has(namespace)) return true;
    return namespace === 'kube-system' || namespace === this.settings.dns.namespace;
  }

  /** The cluster DNS pods, which are usually not in the input. */
  dnsPods(): PodGroup {
    const { dns } = this.settings;
    return {
      namespace: dns.namespace,
      labels: dns.podLabels,
      ports: dns.ports.map((p) => ({ ...p, container: 'coredns' })),
    };
  }
}

/** Names and label values of ingress controllers people deploy beside their apps. */
const ingressControllerName = /ingress|traefik|haproxy|kong|contour|envoy|ambassador|emissary|skipper|router/i;

export function podGroupOf(workload: Workload): PodGroup {
  return { namespace: workload.namespace, labels: workload.podLabels, ports: workload.ports, ...portsUnknown([workload]), ...onHostNetwork([workload]) };
}

/** PodGroup's hostNetwork for pods of these workloads: set when any of them runs on the node's network. */
export function onHostNetwork(workloads: readonly Workload[]): { readonly hostNetwork?: true } {
  return workloads.some((w) => w.hostNetworkNode !== undefined) ? { hostNetwork: true } : {};
}

/** PodGroup's portsUnknownFrom for pods of these workloads: set when any of them has unknown ports. */
export function portsUnknown(workloads: readonly Workload[]): { readonly portsUnknownFrom?: string } {
  const unknown = workloads.find((w) => !w.portsKnown);
  return unknown ? { portsUnknownFrom: unknown.operator ?? `the operator of ${unknown.kind}` } : {};
}
