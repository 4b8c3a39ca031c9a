/**
 * Which parsed documents are Kubernetes objects. A repository holds plenty of YAML and JSON that
 * is not (Helm values, CI pipelines, CloudFormation, mkdocs, Ansible, package.json): those are
 * skipped quietly, while a manifest that lost its `apiVersion` or `kind` is reported.
 */
import { diagnosticFinding, incompleteObject } from './diagnostics.js';
import type { Finding } from './finding.js';
import type { ParsedDocument } from './parse.js';

export type DocumentClass =
  | { readonly type: 'object' }
  | { readonly type: 'skipped' }
  | { readonly type: 'incomplete'; readonly finding: Finding };

/** The API version of common built-in kinds (Kubernetes API reference), to suggest the fix. */
const apiVersionOfKind: Readonly<Record<string, string>> = {
  Pod: 'v1',
  Service: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Namespace: 'v1',
  ServiceAccount: 'v1',
  PersistentVolumeClaim: 'v1',
  Endpoints: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Ingress: 'networking.k8s.io/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
};

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

function missingApiVersionFix(kind: unknown): string {
  const known = typeof kind === 'string' ? apiVersionOfKind[kind] : undefined;
  return known ? `\`apiVersion: ${known}\`` : 'the `apiVersion` of its API group (`kubectl api-resources` lists them)';
}

function missingKindFix(apiVersion: unknown): string {
  const kinds = Object.keys(apiVersionOfKind).filter((kind) => apiVersionOfKind[kind] === apiVersion);
  if (kinds.length === 0) return 'the `kind` of the object';
  return `the \`kind\` of the object, e.g. ${kinds.slice(0, 3).map((kind) => `\`kind: ${kind}\``).join(' or ')}`;
}

/**
 * An object has both `apiVersion` and `kind`. With neither, or with one but no `metadata` (which
 * every Kubernetes object has), the document belongs to another tool and is skipped. With one of
 * them and `metadata`, it is a manifest missing the other: reported at the key that is present.
 */
export function classifyDocument(doc: ParsedDocument): DocumentClass {
  const value = doc.value;
  if (!isMapping(value)) return { type: 'skipped' };
  const hasApiVersion = value.apiVersion !== undefined && value.apiVersion !== null;
  const hasKind = value.kind !== undefined && value.kind !== null;
  if (hasApiVersion && hasKind) return { type: 'object' };
  if (hasApiVersion === hasKind || !isMapping(value.metadata)) return { type: 'skipped' };
  const finding = hasKind
    ? diagnosticFinding(incompleteObject, 'missingApiVersion', { kind: shown(value.kind), fix: missingApiVersionFix(value.kind) }, { doc, path: ['kind'], target: 'key' })
    : diagnosticFinding(incompleteObject, 'missingKind', { apiVersion: shown(value.apiVersion), fix: missingKindFix(value.apiVersion) }, { doc, path: ['apiVersion'], target: 'key' });
  return { type: 'incomplete', finding };
}
