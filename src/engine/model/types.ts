/**
 * The typed cluster model: what rules see. Every object keeps a reference to where it came from,
 * and every field a rule may report on has its own `NodeRef`.
 */
import type { NodePath, NodeRef, ObjectIdentity } from '../finding.js';
import type { ParsedDocument } from '../parse.js';
import type { ContainerPort, PortReference, Protocol } from './ports.js';
import type { LabelSelector, Labels } from './selectors.js';

export interface KubeObject extends ObjectIdentity {
  readonly apiVersion: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly doc: ParsedDocument;
  /** Path of the object inside its document: `[]`, or `['items', 3]` inside a List. */
  readonly root: NodePath;
  readonly raw: Readonly<Record<string, unknown>>;
  /** A reference to a field of this object, by path relative to the object. */
  at(...path: NodePath): NodeRef;
  /** `Kind namespace/name`, as messages name objects. */
  readonly displayName: string;
}

/** A string a container or ConfigMap hands to an application, where host names hide. */
export interface ConfigString {
  readonly value: string;
  /** Env var name or ConfigMap key, when the string has one. */
  readonly key: string | undefined;
  readonly node: NodeRef;
  /**
   * Set when `value` is the text after Kubernetes expanded its `$(VAR)` references: places in
   * the value are then not places in the text, so findings point at the whole string.
   */
  readonly expanded?: true;
  /** For an expanded string, the variables whose values it took. */
  readonly variables?: readonly string[];
}

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** A liveness, readiness or startup probe of a container. */
export interface Probe {
  readonly kind: ProbeKind;
  /** The port an httpGet or tcpSocket probe connects to (a number or a name); grpc ports are numbers. */
  readonly port: PortReference | undefined;
  readonly portNode: NodeRef | undefined;
  readonly node: NodeRef;
}

export interface Container {
  readonly name: string;
  /** The `name:` value, or the container itself when it has none. */
  readonly nameNode: NodeRef;
  /** Declared under initContainers (native sidecars included). */
  readonly init: boolean;
  /** Regular containers and native sidecars (init containers with `restartPolicy: Always`) serve ports. */
  readonly servesPorts: boolean;
  readonly ports: readonly ContainerPort[];
  readonly probes: readonly Probe[];
  readonly strings: readonly ConfigString[];
  readonly node: NodeRef;
}

export interface Owner {
  readonly kind: string | undefined;
  readonly name: string;
}

export interface Workload extends KubeObject {
  readonly namespace: string;
  /**
   * Labels of the pods it creates: the pod template's (or a Pod's own), plus the labels its
   * controller adds (pod-template-hash, StatefulSet pod-name per ordinal, job-name, …), which may be
   * unknown or per pod: read them only through selectors.ts.
   */
  readonly podLabels: Labels;
  readonly podLabelsNode: NodeRef;
  /** The pod spec's `hostNetwork: true` node, when its pods use the node's network namespace. */
  readonly hostNetworkNode: NodeRef | undefined;
  readonly containers: readonly Container[];
  /** Ports served by all its containers (none when portsKnown is false). */
  readonly ports: readonly ContainerPort[];
  /**
   * False for pods an operator creates from a custom resource (Prometheus, an Argo Rollout…): the
   * input shows their labels but not the ports they serve, so port checks skip them and named
   * policy ports do not resolve on them.
   */
  readonly portsKnown: boolean;
  /** Who creates the pods from a custom resource (`prometheus-operator`), for messages; undefined for built-in kinds. */
  readonly operator: string | undefined;
  /** The controller that manages it (a Pod's ReplicaSet, a ReplicaSet's Deployment), from ownerReferences. */
  readonly owner: Owner | undefined;
  /**
   * How many pods it runs at once: replicas, a Job's parallelism; a DaemonSet counts as several.
   * With a HorizontalPodAutoscaler scaling it, the most it may run: the autoscaler's maxReplicas.
   */
  readonly replicas: number;
  /** The HorizontalPodAutoscaler that decides the replica count at run time, if one targets it. */
  readonly autoscaler: Autoscaler | undefined;
  /** A Pod's addresses from `status.podIP(s)` (live-cluster dumps); empty for templates. */
  readonly podIPs: readonly string[];
  /**
   * The labels the pod template itself declares (none of the controller's): what the API server
   * checks `spec.selector` against.
   */
  readonly templateLabels: Labels;
  /** A controller's `spec.selector`; undefined for Pods, Jobs, CronJobs and custom kinds, or when absent. */
  readonly selector: LabelSelector | undefined;
  readonly selectorNode: NodeRef;
  /** A StatefulSet's `spec.serviceName`: the headless Service that gives its pods DNS names. */
  readonly serviceName: { readonly name: string; readonly node: NodeRef } | undefined;
  /**
   * Names the pod resolves without any Service (lowercase): its `hostname` and `subdomain`, and the
   * `hostAliases` host names written into its /etc/hosts.
   */
  readonly ownHostNames: readonly string[];
  /**
   * Whether its pods run to completion rather than serve: a Job's or CronJob's, or a pod template
   * whose `restartPolicy` is Never or OnFailure (a bare test or migration Pod).
   */
  readonly runsToCompletion: boolean;
}

/** A HorizontalPodAutoscaler: it sets its target's replica count at run time, up to maxReplicas. */
export interface Autoscaler extends KubeObject {
  readonly namespace: string;
  /** `spec.scaleTargetRef`: the workload it scales, by kind and name. */
  readonly targetKind: string;
  readonly targetName: string;
  readonly maxReplicas: number;
  readonly maxReplicasNode: NodeRef;
}

export interface ServicePort {
  readonly name: string | undefined;
  readonly port: number | undefined;
  readonly targetPort: PortReference | undefined;
  /** True when targetPort is absent and defaults to port. */
  readonly targetPortDefaulted: boolean;
  readonly protocol: Protocol | undefined;
  readonly node: NodeRef;
  /** The targetPort value, or the port when targetPort is absent. */
  readonly targetNode: NodeRef;
}

export interface Service extends KubeObject {
  readonly namespace: string;
  readonly type: string;
  /** undefined when the Service has no selector or an empty one (its endpoints are managed by hand). */
  readonly selector: Labels | undefined;
  readonly selectorNode: NodeRef;
  readonly ports: readonly ServicePort[];
  /** Fixed virtual addresses (`spec.clusterIP`, `spec.clusterIPs`; not None), rarely written in manifests. */
  readonly clusterIPs: readonly string[];
  /** `clusterIP: None`: DNS answers with the pods' own addresses, and names each StatefulSet pod. */
  readonly headless: boolean;
  /** `spec.clusterIP`, where headlessness is (or would be) written. */
  readonly clusterIPNode: NodeRef;
  /** `spec.externalName` of an ExternalName Service (lowercase): the outside name it aliases. */
  readonly externalName: string | undefined;
  /** `spec.publishNotReadyAddresses: true`: its endpoints include pods that are not ready. */
  readonly publishesNotReady: boolean;
}

export type Direction = 'Ingress' | 'Egress';

export interface IpBlock {
  readonly cidr: string;
  readonly except: readonly string[];
}

export interface PolicyPeer {
  readonly podSelector: LabelSelector | undefined;
  readonly namespaceSelector: LabelSelector | undefined;
  readonly ipBlock: IpBlock | undefined;
  readonly node: NodeRef;
}

export interface PolicyPort {
  /** undefined: every port of the protocol. */
  readonly port: PortReference | undefined;
  readonly endPort: number | undefined;
  readonly protocol: Protocol | undefined;
  readonly node: NodeRef;
}

export interface PolicyRule {
  readonly direction: Direction;
  readonly index: number;
  /** undefined when `from`/`to` is absent or empty: every peer, in and outside the cluster. */
  readonly peers: readonly PolicyPeer[] | undefined;
  /** undefined when `ports` is absent or empty: every port and protocol. */
  readonly ports: readonly PolicyPort[] | undefined;
  readonly node: NodeRef;
}

export interface NetworkPolicy extends KubeObject {
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  readonly podSelectorNode: NodeRef;
  /** Effective policy types (defaulted when absent, as the API server does). */
  readonly policyTypes: readonly Direction[];
  readonly policyTypesExplicit: boolean;
  /** Each direction's entry in an explicit policyTypes list, to point at. */
  readonly policyTypeNodes: Readonly<Partial<Record<Direction, NodeRef>>>;
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
  /** Whether the `ingress` / `egress` keys are present at all. */
  readonly hasIngressKey: boolean;
  readonly hasEgressKey: boolean;
}

export interface Namespace {
  readonly name: string;
  /** Labels including the automatic `kubernetes.io/metadata.name`. */
  readonly labels: Labels;
  /** The Namespace object, when the input has one. */
  readonly object: KubeObject | undefined;
}

export interface ConfigMap extends KubeObject {
  readonly namespace: string;
  readonly strings: readonly ConfigString[];
}

/**
 * A reference to a Service port from an Ingress backend or a Gateway API route's backendRef,
 * resolved to the namespace the Service must be in.
 */
export interface ServiceBackend {
  readonly namespace: string;
  /** The Service name, and where it is written. */
  readonly service: string;
  readonly serviceNode: NodeRef;
  /** The port by number or (Ingress only) by name; undefined when none is written. */
  readonly port: number | string | undefined;
  readonly portNode: NodeRef;
  readonly node: NodeRef;
}

/**
 * A Service the API server itself calls: an admission webhook's (Validating- and
 * MutatingWebhookConfiguration), an aggregated API's (APIService), or a custom resource
 * definition's conversion webhook. `port` is the Service port, 443 when none is written.
 */
export interface ApiServerCall extends ServiceBackend {
  readonly caller: KubeObject;
  readonly purpose: 'admissionWebhook' | 'apiService' | 'conversionWebhook';
  /** The webhook's name, for admission webhooks. */
  readonly webhook: string | undefined;
}

/** One `backend.service` of an Ingress (a rule path's, or the defaultBackend). */
export type IngressBackend = ServiceBackend;

export interface Ingress extends KubeObject {
  readonly namespace: string;
  /** Service backends only: `backend.resource` references are not Services. */
  readonly backends: readonly IngressBackend[];
  /** `spec.ingressClassName`, when set. */
  readonly ingressClassName: string | undefined;
}

/**
 * An OpenShift Route (route.openshift.io/v1): the router sends its traffic to the Service `to`
 * names and to its `alternateBackends`, on `port.targetPort` (every port of the Service without
 * one). Each backend carries that targetPort as its port: a number is the pods' port, a name the
 * Service port's name.
 */
export interface OpenShiftRoute extends KubeObject {
  readonly namespace: string;
  readonly backends: readonly ServiceBackend[];
}

/** A backendRef of a Gateway API route that names a core Service. */
export interface RouteBackendRef extends ServiceBackend {
  /** Whether the ref names its namespace (which may then be outside the input). */
  readonly namespaceExplicit: boolean;
}

/** A Gateway API route (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute). */
export interface Route extends KubeObject {
  readonly namespace: string;
  /** `spec.rules[].backendRefs[]` and request mirror targets, Service refs only. */
  readonly backendRefs: readonly RouteBackendRef[];
}

/**
 * Cluster-wide policies of the Network Policy API (policy.networking.k8s.io): AdminNetworkPolicy
 * and BaselineAdminNetworkPolicy (v1alpha1), and ClusterNetworkPolicy (v1alpha2) with its tiers.
 * All three are decoded into this one shape; admin-policy.ts holds their semantics.
 */
export type AdminTier = 'Admin' | 'Baseline';

/** A rule's action; v1alpha2's `Accept` is read as `Allow` (`writtenAction` keeps the spelling). */
export type AdminAction = 'Allow' | 'Deny' | 'Pass';

/** Pods by namespace labels, or by namespace and pod labels (`subject` and selector peers alike). */
export type AdminPodSelection =
  | { readonly type: 'namespaces'; readonly namespaceSelector: LabelSelector }
  | { readonly type: 'pods'; readonly namespaceSelector: LabelSelector; readonly podSelector: LabelSelector };

export type AdminPeer = (
  | AdminPodSelection
  /** Egress only: address ranges (CIDRs); like np-guard, they match addresses outside the cluster only. */
  | { readonly type: 'networks'; readonly networks: readonly IpBlock[] }
  /**
   * `nodes` and v1alpha2 `domainNames`: what they match (node addresses, resolved names) is not in
   * the manifests, so netlint, like np-guard for nodes, lets them match nothing.
   */
  | { readonly type: 'unanalysable'; readonly field: 'nodes' | 'domainNames' }
) & { readonly node: NodeRef };

/** A port condition: a number or range of a protocol, or a container port by name (its protocol is the container's). */
export type AdminPort = (
  | { readonly type: 'range'; readonly protocol: Protocol; readonly from: number; readonly to: number }
  | { readonly type: 'named'; readonly name: string }
) & { readonly node: NodeRef };

export interface AdminRule {
  readonly direction: Direction;
  readonly index: number;
  /** `name:` of the rule (optional in the API). */
  readonly name: string | undefined;
  readonly action: AdminAction;
  /** The action as written (`Accept` in v1alpha2). */
  readonly writtenAction: string;
  /** `from` / `to`: a rule without peers matches nothing (the API requires at least one). */
  readonly peers: readonly AdminPeer[];
  /** undefined when `ports` / `protocols` is absent: every port and protocol. */
  readonly ports: readonly AdminPort[] | undefined;
  readonly node: NodeRef;
}

export interface AdminPolicy extends KubeObject {
  readonly tier: AdminTier;
  /** Lower first; a BaselineAdminNetworkPolicy (there is one per cluster) has none. */
  readonly priority: number | undefined;
  readonly priorityNode: NodeRef;
  /** undefined when the subject is missing or sets neither (or both) forms: it selects nothing. */
  readonly subject: AdminPodSelection | undefined;
  readonly subjectNode: NodeRef;
  readonly ingress: readonly AdminRule[];
  readonly egress: readonly AdminRule[];
}
