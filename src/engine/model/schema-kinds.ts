/**
 * The kinds `schema-violation` checks, with the schema definition each is checked against. Shared
 * by the runtime and the script that generates the schemas (scripts/kube-schemas), so the two
 * cannot disagree. Custom resources and other kinds are not checked.
 */
export interface CheckedKind {
  readonly kind: string;
  /** The generated validator's export name and schema definition. */
  readonly definition: string;
  /** apiVersions checked exactly; a value ending in `/` is a group (any version of it). */
  readonly apiVersions: readonly string[];
}

const gateway = 'gateway.networking.k8s.io/';
const policyApi = 'policy.networking.k8s.io/';

export const checkedKinds: readonly CheckedKind[] = [
  { kind: 'AdminNetworkPolicy', definition: 'policy.v1alpha1.AdminNetworkPolicy', apiVersions: [`${policyApi}v1alpha1`] },
  { kind: 'BaselineAdminNetworkPolicy', definition: 'policy.v1alpha1.BaselineAdminNetworkPolicy', apiVersions: [`${policyApi}v1alpha1`] },
  { kind: 'ClusterNetworkPolicy', definition: 'policy.v1alpha2.ClusterNetworkPolicy', apiVersions: [`${policyApi}v1alpha2`] },
  { kind: 'ConfigMap', definition: 'core.v1.ConfigMap', apiVersions: ['v1'] },
  { kind: 'CronJob', definition: 'batch.v1.CronJob', apiVersions: ['batch/v1'] },
  { kind: 'DaemonSet', definition: 'apps.v1.DaemonSet', apiVersions: ['apps/v1'] },
  { kind: 'Deployment', definition: 'apps.v1.Deployment', apiVersions: ['apps/v1'] },
  { kind: 'GRPCRoute', definition: 'gateway.GRPCRoute', apiVersions: [gateway] },
  { kind: 'HTTPRoute', definition: 'gateway.HTTPRoute', apiVersions: [gateway] },
  { kind: 'Ingress', definition: 'networking.v1.Ingress', apiVersions: ['networking.k8s.io/v1'] },
  { kind: 'Job', definition: 'batch.v1.Job', apiVersions: ['batch/v1'] },
  { kind: 'Namespace', definition: 'core.v1.Namespace', apiVersions: ['v1'] },
  { kind: 'NetworkPolicy', definition: 'networking.v1.NetworkPolicy', apiVersions: ['networking.k8s.io/v1'] },
  { kind: 'Pod', definition: 'core.v1.Pod', apiVersions: ['v1'] },
  { kind: 'ReplicaSet', definition: 'apps.v1.ReplicaSet', apiVersions: ['apps/v1'] },
  { kind: 'Service', definition: 'core.v1.Service', apiVersions: ['v1'] },
  { kind: 'StatefulSet', definition: 'apps.v1.StatefulSet', apiVersions: ['apps/v1'] },
  { kind: 'TCPRoute', definition: 'gateway.TCPRoute', apiVersions: [gateway] },
  { kind: 'TLSRoute', definition: 'gateway.TLSRoute', apiVersions: [gateway] },
  { kind: 'UDPRoute', definition: 'gateway.UDPRoute', apiVersions: [gateway] },
];

/** The validator export name of a definition (`core.v1.Pod` → `core_v1_Pod`). */
export function validatorName(definition: string): string {
  return definition.replace(/\./g, '_');
}

const checkedByKind = new Map(checkedKinds.map((entry) => [entry.kind, entry]));

export function checkedKindOf(kind: string, apiVersion: string): CheckedKind | undefined {
  const entry = checkedByKind.get(kind);
  if (!entry) return undefined;
  const matches = entry.apiVersions.some((v) => (v.endsWith('/') ? apiVersion.startsWith(v) : apiVersion === v));
  return matches ? entry : undefined;
}
