/**
 * Which parsed documents are Kubernetes objects. A repository holds plenty of YAML and JSON that
 * is not (Helm values, CI pipelines, CloudFormation, mkdocs, Ansible, package.json): those are
 * skipped quietly, while a manifest that lost its `apiVersion` or `kind` is reported.
 */
import { diagnosticFinding, incompleteObject } from './diagnostics.js';
import type { Finding } from './finding.js';
import type { ParsedDocument } from './parse.js';

export type DocumentClass =
  /** With findings about the items of a List that are not objects (the others are linted). */
  | { readonly type: 'object'; readonly findings: readonly Finding[] }
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

/** What a value is, in the words of a message: `a list`, `a mapping`, `the number 42`. */
function shapeOf(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

const hasTypeKeys = (value: unknown): boolean => isMapping(value) && value.apiVersion != null && value.kind != null;

/**
 * A List's `items` that are not objects, each at its own node: kubectl refuses the whole List
 * for one of them, while netlint still lints the items that are objects.
 */
function listItemFindings(doc: ParsedDocument, value: Record<string, unknown>): Finding[] | Finding {
  const { items } = value;
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) return diagnosticFinding(incompleteObject, 'listItems', { kind: String(value.kind), shape: shapeOf(items) }, { doc, path: ['items'] });
  return items.flatMap((item: unknown, index) =>
    isMapping(item) ? [] : [diagnosticFinding(incompleteObject, 'listItem', { index: String(index), shape: shapeOf(item) }, { doc, path: ['items', index] })],
  );
}

/**
 * A built-in object without `metadata.name` (or `generateName`), which the API server refuses.
 * Only the kinds of `apiVersionOfKind` at their own apiVersion: other tools' files with
 * `apiVersion` and `kind` but no metadata (a kubeconfig's `kind: Config`, kind's `Cluster`,
 * `KubeletConfiguration`) are not objects of the cluster. Reported at `metadata`, or at `kind`
 * when there is none; the object is still linted.
 */
function nameless(doc: ParsedDocument, value: Record<string, unknown>): Finding[] {
  const kind = String(value.kind);
  if (apiVersionOfKind[kind] !== value.apiVersion) return [];
  const metadata = value.metadata;
  if (isMapping(metadata) && (metadata.name != null || metadata.generateName != null)) return [];
  // A metadata of the wrong type is schema-violation's to report.
  if (metadata != null && !isMapping(metadata)) return [];
  const at = metadata == null ? { doc, path: ['kind'], target: 'key' as const } : { doc, path: ['metadata'], target: 'key' as const };
  return [diagnosticFinding(incompleteObject, 'missingName', { kind, where: metadata == null ? 'no `metadata`' : 'no `metadata.name`' }, at)];
}

/**
 * An object has both `apiVersion` and `kind`, as strings. With neither, or with one but no
 * `metadata` (which every Kubernetes object has), the document belongs to another tool and is
 * skipped. With one of them and `metadata`, it is a manifest missing the other: reported at the key
 * that is present. A document that is a list of objects, or an object whose `apiVersion` or `kind`
 * is not a string, is reported at that node: nothing else would say why it was not checked.
 */
export function classifyDocument(doc: ParsedDocument): DocumentClass {
  const value = doc.value;
  if (Array.isArray(value)) {
    const first = value.findIndex(hasTypeKeys);
    if (first === -1) return { type: 'skipped' };
    return { type: 'incomplete', finding: diagnosticFinding(incompleteObject, 'topLevelList', {}, { doc, path: [first] }) };
  }
  if (!isMapping(value)) return { type: 'skipped' };
  const hasApiVersion = value.apiVersion !== undefined && value.apiVersion !== null;
  const hasKind = value.kind !== undefined && value.kind !== null;
  const notString = (['apiVersion', 'kind'] as const).find((key) => value[key] != null && typeof value[key] !== 'string');
  if (notString && (hasApiVersion === hasKind || isMapping(value.metadata))) {
    const finding = diagnosticFinding(incompleteObject, 'notString', { key: notString, shape: shapeOf(value[notString]) }, { doc, path: [notString] });
    return { type: 'incomplete', finding };
  }
  if (hasApiVersion && hasKind) {
    if (!String(value.kind).endsWith('List')) return { type: 'object', findings: nameless(doc, value) };
    const items = listItemFindings(doc, value);
    return Array.isArray(items) ? { type: 'object', findings: items } : { type: 'incomplete', finding: items };
  }
  if (hasApiVersion === hasKind || !isMapping(value.metadata)) return { type: 'skipped' };
  const finding = hasKind
    ? diagnosticFinding(incompleteObject, 'missingApiVersion', { kind: shown(value.kind), fix: missingApiVersionFix(value.kind) }, { doc, path: ['kind'], target: 'key' })
    : diagnosticFinding(incompleteObject, 'missingKind', { apiVersion: shown(value.apiVersion), fix: missingKindFix(value.apiVersion) }, { doc, path: ['apiVersion'], target: 'key' });
  return { type: 'incomplete', finding };
}
