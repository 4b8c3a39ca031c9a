/**
 * What the generated schemas add to kubernetes-types, which marks almost every field optional and
 * types every number alike. Each entry follows the Kubernetes API reference (field descriptions
 * and validation in k8s.io/kubernetes pkg/apis/core/validation); none is written into the
 * generated files by hand.
 */
import type { JsonSchema } from './read-types.js';

/** A port number: 1-65535 (the API's validatePortNumber). */
export const portNumber: JsonSchema = { type: 'integer', minimum: 1, maximum: 65535 };

/**
 * An IANA service name (RFC 6335, the API's IsValidPortName): at most 15 characters, lowercase
 * letters, digits and '-', at least one letter, no '-' at either end and no '--'.
 */
export const ianaServiceName = '^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*$';

/** A DNS-1123 label (Service port names, which Ingress backends name): at most 63 characters. */
export const dnsLabel = '^(?=.{1,63}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$';

export const protocols = ['TCP', 'UDP', 'SCTP'];

/** A port by number (1-65535) or by a container port's name: minimum applies to numbers, pattern to strings. */
const portNumberOrName: JsonSchema = { type: ['integer', 'string'], minimum: 1, maximum: 65535, pattern: ianaServiceName };

/** Property schemas that replace the generated ones: `definition → property → schema`. */
export const fieldConstraints: Readonly<Record<string, Readonly<Record<string, JsonSchema>>>> = {
  'core.v1.ContainerPort': {
    containerPort: portNumber,
    // 0 is "not set" for hostPort.
    hostPort: { type: 'integer', minimum: 0, maximum: 65535 },
    name: { type: 'string', pattern: ianaServiceName },
    protocol: { type: 'string', enum: protocols },
  },
  'core.v1.ServicePort': {
    port: portNumber,
    // 0 asks the API server to allocate one.
    nodePort: { type: 'integer', minimum: 0, maximum: 65535 },
    // 0 and "" are defaulted to port by the API server before it validates.
    targetPort: { type: ['integer', 'string'], minimum: 0, maximum: 65535, pattern: `^$|${ianaServiceName}` },
    name: { type: 'string', pattern: dnsLabel },
    protocol: { type: 'string', enum: protocols },
  },
  'core.v1.ServiceSpec': {
    type: { type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] },
    externalTrafficPolicy: { type: 'string', enum: ['Cluster', 'Local'] },
    internalTrafficPolicy: { type: 'string', enum: ['Cluster', 'Local'] },
    sessionAffinity: { type: 'string', enum: ['ClientIP', 'None'] },
  },
  'core.v1.HTTPGetAction': { port: portNumberOrName, scheme: { type: 'string', enum: ['HTTP', 'HTTPS'] } },
  'core.v1.TCPSocketAction': { port: portNumberOrName },
  'core.v1.GRPCAction': { port: portNumber },
  'networking.v1.NetworkPolicyPort': {
    port: portNumberOrName,
    endPort: portNumber,
    protocol: { type: 'string', enum: protocols },
  },
  'networking.v1.NetworkPolicySpec': { policyTypes: { type: 'array', items: { type: 'string', enum: ['Ingress', 'Egress'] } } },
  'networking.v1.ServiceBackendPort': { number: portNumber, name: { type: 'string', pattern: dnsLabel } },
  'networking.v1.HTTPIngressPath': { pathType: { type: 'string', enum: ['Exact', 'Prefix', 'ImplementationSpecific'] } },
  'meta.v1.LabelSelectorRequirement': { operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] } },
};

/** Fields the API reference requires that kubernetes-types leaves optional (`spec: null` is an error too). */
export const addedRequired: Readonly<Record<string, readonly string[]>> = {
  'core.v1.Pod': ['spec'],
  'core.v1.Service': ['spec'],
  'apps.v1.Deployment': ['spec'],
  'apps.v1.ReplicaSet': ['spec'],
  'apps.v1.StatefulSet': ['spec'],
  'apps.v1.DaemonSet': ['spec'],
  'batch.v1.Job': ['spec'],
  'batch.v1.CronJob': ['spec'],
};

/** Fields kubernetes-types 1.30 requires that later Kubernetes releases made optional. */
export const removedRequired: Readonly<Record<string, readonly string[]>> = {
  // Optional since Kubernetes 1.31 (an absent podSelector selects every pod, like `{}`).
  'networking.v1.NetworkPolicySpec': ['podSelector'],
  // Optional in later releases' API reference; headless-service-missing checks the Service it names.
  'apps.v1.StatefulSetSpec': ['serviceName'],
};

/**
 * Objects whose unknown fields are reported: the ones netlint reads closely, whose fields have
 * not changed in years. Everywhere else (PodSpec, volumes, security contexts, affinity, status…)
 * unknown fields pass, so fields newer than kubernetes-types are never reported; the known ones
 * are still type-checked.
 */
export const strictDefinitions: ReadonlySet<string> = new Set([
  'core.v1.Pod', 'core.v1.PodTemplateSpec', 'core.v1.Container', 'core.v1.ContainerPort', 'core.v1.EnvVar',
  'core.v1.Probe', 'core.v1.HTTPGetAction', 'core.v1.HTTPHeader', 'core.v1.TCPSocketAction', 'core.v1.GRPCAction',
  'core.v1.ExecAction', 'core.v1.VolumeMount', 'core.v1.Service', 'core.v1.ServiceSpec', 'core.v1.ServicePort',
  'core.v1.Namespace', 'core.v1.ConfigMap',
  'meta.v1.ObjectMeta', 'meta.v1.LabelSelector', 'meta.v1.LabelSelectorRequirement',
  'apps.v1.Deployment', 'apps.v1.DeploymentSpec', 'apps.v1.ReplicaSet', 'apps.v1.ReplicaSetSpec',
  'apps.v1.StatefulSet', 'apps.v1.StatefulSetSpec', 'apps.v1.DaemonSet', 'apps.v1.DaemonSetSpec',
  'batch.v1.Job', 'batch.v1.JobSpec', 'batch.v1.CronJob', 'batch.v1.CronJobSpec', 'batch.v1.JobTemplateSpec',
  'networking.v1.NetworkPolicy', 'networking.v1.NetworkPolicySpec', 'networking.v1.NetworkPolicyIngressRule',
  'networking.v1.NetworkPolicyEgressRule', 'networking.v1.NetworkPolicyPeer', 'networking.v1.NetworkPolicyPort',
  'networking.v1.IPBlock', 'networking.v1.Ingress', 'networking.v1.IngressSpec', 'networking.v1.IngressRule',
  'networking.v1.HTTPIngressRuleValue', 'networking.v1.HTTPIngressPath', 'networking.v1.IngressBackend',
  'networking.v1.IngressServiceBackend', 'networking.v1.ServiceBackendPort', 'networking.v1.IngressTLS',
]);

/** Fields of strict objects added after Kubernetes 1.30, accepted with any value. */
export const newerFields: Readonly<Record<string, readonly string[]>> = {
  // Kubernetes 1.34: per-exit-code container restart rules.
  'core.v1.Container': ['restartPolicyRules'],
};

/**
 * Subtrees checked only for being mappings: far from networking, large (every volume source, PVC
 * templates, affinity terms), and each compiled check costs startup time on every run.
 */
export const opaqueDefinitions: ReadonlySet<string> = new Set([
  'core.v1.Volume', 'core.v1.PersistentVolumeClaim', 'core.v1.Affinity', 'core.v1.PodSecurityContext',
  'core.v1.SecurityContext', 'core.v1.EphemeralContainer', 'meta.v1.ManagedFieldsEntry', 'batch.v1.PodFailurePolicy',
]);

/** Status is written by the cluster (live dumps carry it): never checked. */
export const uncheckedProperties: ReadonlySet<string> = new Set(['status']);

/** Type aliases: Quantity is a string in the types, but `cpu: 1` and `memory: 1024` are accepted. */
export const aliasSchemas: Readonly<Record<string, JsonSchema>> = {
  'api.resource.Quantity': { type: ['string', 'number'] },
};

// ---------------------------------------------------------------------------------------------
// Gateway API routes: hand-kept (kubernetes-types has no Gateway API). Only what netlint reads is
// described; backendRefs are strict, everything else allows fields this schema does not list.

const backendRef: JsonSchema = {
  title: 'BackendRef',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    group: { type: ['string', 'null'] },
    kind: { type: ['string', 'null'] },
    name: { type: 'string' },
    namespace: { type: ['string', 'null'] },
    port: { type: ['integer', 'null'], minimum: 1, maximum: 65535 },
    weight: { type: ['integer', 'null'], minimum: 0, maximum: 1000000 },
    filters: { type: ['array', 'null'], items: { type: 'object' } },
  },
};

const routeRule: JsonSchema = {
  title: 'RouteRule',
  type: 'object',
  properties: {
    backendRefs: { type: ['array', 'null'], items: { $ref: '#/definitions/gateway.BackendRef' } },
    filters: { type: ['array', 'null'], items: { $ref: '#/definitions/gateway.RouteFilter' } },
  },
};

const routeFilter: JsonSchema = {
  title: 'RouteFilter',
  type: 'object',
  properties: {
    type: { type: 'string' },
    requestMirror: {
      type: ['object', 'null'],
      properties: { backendRef: { $ref: '#/definitions/gateway.BackendRef' } },
    },
  },
};

function route(kind: string): JsonSchema {
  return {
    title: kind,
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { $ref: '#/definitions/meta.v1.ObjectMeta' },
      spec: {
        title: `${kind}Spec`,
        type: 'object',
        properties: {
          parentRefs: { type: ['array', 'null'], items: { title: 'ParentReference', type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: portNumber } } },
          hostnames: { type: ['array', 'null'], items: { type: 'string' } },
          rules: { type: ['array', 'null'], items: { $ref: '#/definitions/gateway.RouteRule' } },
        },
      },
      status: {},
    },
  };
}

export const routeKinds = ['GRPCRoute', 'HTTPRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute'] as const;

export const gatewayDefinitions: Readonly<Record<string, JsonSchema>> = {
  'gateway.BackendRef': backendRef,
  'gateway.RouteRule': routeRule,
  'gateway.RouteFilter': routeFilter,
  ...Object.fromEntries(routeKinds.map((kind) => [`gateway.${kind}`, route(kind)])),
};

// ---------------------------------------------------------------------------------------------
// Network Policy API (policy.networking.k8s.io): hand-kept like the routes. AdminNetworkPolicy and
// BaselineAdminNetworkPolicy (v1alpha1), ClusterNetworkPolicy (v1alpha2). Strict where netlint
// reads: a misspelt action, peer or port form would otherwise be left out of the analysis unseen.

const labelSelector: JsonSchema = { $ref: '#/definitions/meta.v1.LabelSelector' };
const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/policy.${name}` });
const listOf = (items: JsonSchema): JsonSchema => ({ type: ['array', 'null'], items });
const strings: JsonSchema = listOf({ type: 'string' });
const protocolName: JsonSchema = { type: ['string', 'null'], enum: [...protocols, null] };

/** An object with only these fields; optional ones (as Kubernetes does) may also be written as null. */
function strict(title: string, properties: Readonly<Record<string, JsonSchema>>, required: readonly string[] = [], nullable = false): JsonSchema {
  return {
    title,
    type: nullable ? ['object', 'null'] : 'object',
    additionalProperties: false,
    ...(required.length > 0 ? { required: [...required] } : {}),
    properties: { ...properties },
  };
}

/** A rule: `name`, an action of the kind's vocabulary, its peers, and its port conditions. */
function policyRule(title: string, actions: readonly string[], peerKey: 'from' | 'to', peer: string, portsKey: 'ports' | 'protocols', port: string): JsonSchema {
  return strict(
    title,
    { name: { type: ['string', 'null'] }, action: { type: 'string', enum: [...actions] }, [peerKey]: { type: 'array', items: ref(peer) }, [portsKey]: listOf(ref(port)) },
    ['action', peerKey],
  );
}

/** A policy kind: metadata and a strict spec. */
function policyKind(kind: string, spec: string): JsonSchema {
  return {
    title: kind,
    type: 'object',
    required: ['spec'],
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { $ref: '#/definitions/meta.v1.ObjectMeta' }, spec: ref(spec), status: {} },
  };
}

const selectorPeer = { namespaces: labelSelector, pods: ref('NamespacedPod') };
const rules = (rule: string) => ({ ingress: listOf(ref(`${rule}Ingress`)), egress: listOf(ref(`${rule}Egress`)) });
const destinationPort: JsonSchema = strict(
  'Port',
  { number: { ...portNumber, type: ['integer', 'null'] }, range: strict('PortRange', { start: portNumber, end: portNumber }, ['start', 'end'], true) },
  [],
  true,
);

export const networkPolicyApiDefinitions: Readonly<Record<string, JsonSchema>> = {
  'policy.NamespacedPod': strict('NamespacedPod', { namespaceSelector: labelSelector, podSelector: labelSelector }, [], true),
  'policy.Subject': strict('Subject', selectorPeer),
  'policy.IngressPeer': strict('IngressPeer', selectorPeer),
  // v1alpha1
  'policy.v1alpha1.EgressPeer': strict('AdminNetworkPolicyEgressPeer', { ...selectorPeer, nodes: labelSelector, networks: strings }),
  'policy.v1alpha1.Port': strict('AdminNetworkPolicyPort', {
    portNumber: strict('PortNumber', { protocol: protocolName, port: portNumber }, ['port'], true),
    namedPort: { type: ['string', 'null'] },
    portRange: strict('PortRange', { protocol: protocolName, start: portNumber, end: portNumber }, ['start', 'end'], true),
  }),
  'policy.v1alpha1.AdminRuleIngress': policyRule('AdminNetworkPolicyIngressRule', ['Allow', 'Deny', 'Pass'], 'from', 'IngressPeer', 'ports', 'v1alpha1.Port'),
  'policy.v1alpha1.AdminRuleEgress': policyRule('AdminNetworkPolicyEgressRule', ['Allow', 'Deny', 'Pass'], 'to', 'v1alpha1.EgressPeer', 'ports', 'v1alpha1.Port'),
  'policy.v1alpha1.BaselineRuleIngress': policyRule('BaselineAdminNetworkPolicyIngressRule', ['Allow', 'Deny'], 'from', 'IngressPeer', 'ports', 'v1alpha1.Port'),
  'policy.v1alpha1.BaselineRuleEgress': policyRule('BaselineAdminNetworkPolicyEgressRule', ['Allow', 'Deny'], 'to', 'v1alpha1.EgressPeer', 'ports', 'v1alpha1.Port'),
  'policy.v1alpha1.AdminNetworkPolicySpec': strict(
    'AdminNetworkPolicySpec',
    { priority: { type: 'integer', minimum: 0, maximum: 1000 }, subject: ref('Subject'), ...rules('v1alpha1.AdminRule') },
    ['priority', 'subject'],
  ),
  'policy.v1alpha1.BaselineAdminNetworkPolicySpec': strict('BaselineAdminNetworkPolicySpec', { subject: ref('Subject'), ...rules('v1alpha1.BaselineRule') }, ['subject']),
  'policy.v1alpha1.AdminNetworkPolicy': policyKind('AdminNetworkPolicy', 'v1alpha1.AdminNetworkPolicySpec'),
  'policy.v1alpha1.BaselineAdminNetworkPolicy': policyKind('BaselineAdminNetworkPolicy', 'v1alpha1.BaselineAdminNetworkPolicySpec'),
  // v1alpha2
  'policy.v1alpha2.EgressPeer': strict('ClusterNetworkPolicyEgressPeer', { ...selectorPeer, nodes: labelSelector, networks: strings, domainNames: strings }),
  'policy.v1alpha2.ProtocolPort': strict('ClusterNetworkPolicyProtocolPort', { destinationPort }, [], true),
  'policy.v1alpha2.Protocol': strict('ClusterNetworkPolicyProtocol', {
    tcp: ref('v1alpha2.ProtocolPort'),
    udp: ref('v1alpha2.ProtocolPort'),
    sctp: ref('v1alpha2.ProtocolPort'),
    destinationNamedPort: { type: ['string', 'null'] },
  }),
  'policy.v1alpha2.RuleIngress': policyRule('ClusterNetworkPolicyIngressRule', ['Accept', 'Deny', 'Pass'], 'from', 'IngressPeer', 'protocols', 'v1alpha2.Protocol'),
  'policy.v1alpha2.RuleEgress': policyRule('ClusterNetworkPolicyEgressRule', ['Accept', 'Deny', 'Pass'], 'to', 'v1alpha2.EgressPeer', 'protocols', 'v1alpha2.Protocol'),
  'policy.v1alpha2.ClusterNetworkPolicySpec': strict(
    'ClusterNetworkPolicySpec',
    { tier: { type: 'string', enum: ['Admin', 'Baseline'] }, priority: { type: 'integer', minimum: 0, maximum: 1000 }, subject: ref('Subject'), ...rules('v1alpha2.Rule') },
    ['tier', 'priority', 'subject'],
  ),
  'policy.v1alpha2.ClusterNetworkPolicy': policyKind('ClusterNetworkPolicy', 'v1alpha2.ClusterNetworkPolicySpec'),
};

/** Every hand-kept definition: the builder derives all others from kubernetes-types. */
export const handKeptDefinitions: Readonly<Record<string, JsonSchema>> = { ...gatewayDefinitions, ...networkPolicyApiDefinitions };
