/**
 * Which built-in API group versions serve which kinds, and the versions Kubernetes stopped
 * serving (the Deprecated API Migration Guide). An object of a kind its apiVersion does not serve
 * is refused by kubectl (`no matches for kind "NetworkPolicy" in version "apps/v1"`), and the model
 * skips it as a custom resource, so every check of it would silently be lost.
 *
 * Only the groups listed here are judged, each with every kind it serves (as of Kubernetes 1.33);
 * any other group is taken to be a custom resource's.
 */
import type { NodeRef } from '../finding.js';
import { apiGroup } from './decode.js';
import type { KubeObject } from './types.js';

/** Every kind each judged group version serves. */
const servedKinds: Readonly<Record<string, readonly string[]>> = {
  v1: [
    'Binding',
    'ComponentStatus',
    'ConfigMap',
    'Endpoints',
    'Event',
    'LimitRange',
    'Namespace',
    'Node',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'Pod',
    'PodTemplate',
    'ReplicationController',
    'ResourceQuota',
    'Secret',
    'Service',
    'ServiceAccount',
  ],
  'apps/v1': ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  'batch/v1': ['CronJob', 'Job'],
  'networking.k8s.io/v1': ['IPAddress', 'Ingress', 'IngressClass', 'NetworkPolicy', 'ServiceCIDR'],
  'policy/v1': ['Eviction', 'PodDisruptionBudget'],
  'autoscaling/v1': ['HorizontalPodAutoscaler', 'Scale'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'discovery.k8s.io/v1': ['EndpointSlice'],
};

/** Group versions no longer served for some kinds, with the release that stopped serving them. */
const removedVersions: Readonly<Record<string, { readonly kinds: readonly string[]; readonly release: string }[]>> = {
  'extensions/v1beta1': [
    { kinds: ['DaemonSet', 'Deployment', 'NetworkPolicy', 'PodSecurityPolicy', 'ReplicaSet'], release: '1.16' },
    { kinds: ['Ingress'], release: '1.22' },
  ],
  'apps/v1beta1': [{ kinds: ['Deployment', 'ReplicaSet', 'StatefulSet'], release: '1.16' }],
  'apps/v1beta2': [{ kinds: ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'], release: '1.16' }],
  'networking.k8s.io/v1beta1': [{ kinds: ['Ingress', 'IngressClass'], release: '1.22' }],
  'batch/v1beta1': [{ kinds: ['CronJob'], release: '1.25' }],
  'policy/v1beta1': [{ kinds: ['PodDisruptionBudget', 'PodSecurityPolicy'], release: '1.25' }],
  'discovery.k8s.io/v1beta1': [{ kinds: ['EndpointSlice'], release: '1.25' }],
  'autoscaling/v2beta1': [{ kinds: ['HorizontalPodAutoscaler'], release: '1.25' }],
  'autoscaling/v2beta2': [{ kinds: ['HorizontalPodAutoscaler'], release: '1.26' }],
};

/** Kinds no version serves any more: the release that removed the last one, and which that was. */
const droppedKinds: Readonly<Record<string, { readonly release: string; readonly last: string }>> = {
  PodSecurityPolicy: { release: '1.25', last: 'policy/v1beta1' },
};

/** The groups judged: those above (`extensions` is served no more at all). */
const judgedGroups = new Set([...Object.keys(servedKinds), ...Object.keys(removedVersions)].map(apiGroup));

/** The apiVersion that serves a kind today (the first listed: autoscaling/v2 for an autoscaler). */
function currentVersionOf(kind: string): string | undefined {
  const versions = Object.keys(servedKinds).filter((version) => servedKinds[version]?.includes(kind));
  return versions.find((v) => v === 'autoscaling/v2') ?? versions[0];
}

/** A kind as it was most likely meant: `deployments` and `deployment` are Deployment. */
function kindMeant(kind: string): string | undefined {
  const lower = kind.toLowerCase();
  const all = [...new Set(Object.values(servedKinds).flat())];
  return all.find((k) => {
    const known = k.toLowerCase();
    return lower === known || lower === `${known}s` || lower === `${known}es` || (known.endsWith('y') && lower === `${known.slice(0, -1)}ies`);
  });
}

export type UnservedKind =
  /** The version once served the kind and no longer does. */
  | { readonly type: 'removed'; readonly release: string; readonly use: string }
  /** No version serves the kind any more (PodSecurityPolicy): `last` was the last, until `release`. */
  | { readonly type: 'dropped'; readonly release: string; readonly last: string }
  /** Not a group/version at all (`apps/v1 for k8s before 1.9`, a comment that lost its `#`), or a core version other than v1. */
  | { readonly type: 'malformed'; readonly use: string }
  /** The kind is a built-in one of another group. */
  | { readonly type: 'otherGroup'; readonly use: string }
  /** The group version has no such kind, a misspelling of the built-in `meant` (`deployments`). */
  | { readonly type: 'noSuchKind'; readonly meant: { readonly kind: string; readonly apiVersion: string } };

/**
 * Why an apiVersion does not serve a kind, or undefined when it does or when netlint does not
 * judge its group (custom resources and the groups not listed above). Lists (`ServiceList`) are
 * left to the code that reads their items.
 */
export function unservedKind(kind: string, apiVersion: string): UnservedKind | undefined {
  if (kind.endsWith('List')) return undefined;
  // Not a group/version at all (a comment run into it), or a version of the core group, which has only v1.
  const malformed = /\s/.test(apiVersion.trim()) || (!apiVersion.includes('/') && apiVersion !== 'v1');
  const meantVersion = malformed ? currentVersionOf(kind) : undefined;
  if (meantVersion) return { type: 'malformed', use: meantVersion };
  if (!judgedGroups.has(apiGroup(apiVersion))) return undefined;
  if (servedKinds[apiVersion]?.includes(kind)) return undefined;
  const current = currentVersionOf(kind);
  const removal = removedVersions[apiVersion]?.find((r) => r.kinds.includes(kind));
  const dropped = droppedKinds[kind];
  if (removal && current) return { type: 'removed', release: removal.release, use: current };
  if (removal && dropped) return { type: 'dropped', release: dropped.release, last: dropped.last };
  if (current && apiGroup(current) !== apiGroup(apiVersion)) return { type: 'otherGroup', use: current };
  // Another version of the kind's own group (an alpha or beta one a feature gate may serve), or a
  // version whose every kind is not listed: not judged.
  if (current || !servedKinds[apiVersion]) return undefined;
  // Other unknown kinds are left alone: OpenShift still serves its own kinds under `v1` (Route,
  // Template, DeploymentConfig), and a kubeconfig file is `v1` `Config`.
  const meant = kindMeant(kind);
  const meantApiVersion = meant && currentVersionOf(meant);
  return meant && meantApiVersion ? { type: 'noSuchKind', meant: { kind: meant, apiVersion: meantApiVersion } } : undefined;
}

/**
 * Where an object's apiVersion and kind are written: its own fields, or, for an item of a typed
 * list (`IngressList`) that names neither, the list's.
 */
export function typeFieldNode(object: KubeObject, field: 'apiVersion' | 'kind'): NodeRef {
  return typeof object.raw[field] === 'string' ? object.at(field) : { doc: object.doc, path: [field] };
}
