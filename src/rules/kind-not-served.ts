import { defineRule } from '../engine/rule.js';
import { typeFieldNode, unservedKind, type UnservedKind } from '../engine/model/api-versions.js';
import type { KubeObject } from '../engine/model/types.js';

/** What else changes with the version, where moving to it takes more than a new apiVersion. */
const workloadChange = '; in it, spec.selector is required and must match the pod template\'s labels';
const alsoChanged: Readonly<Record<string, string>> = {
  Ingress: '; in it, a backend is written service: {name, port: {number}} and each path needs a pathType',
  Deployment: workloadChange,
  DaemonSet: workloadChange,
  ReplicaSet: workloadChange,
  StatefulSet: workloadChange,
};

/** The message and its data for one object whose apiVersion does not serve its kind. */
function reportOf(object: KubeObject, problem: UnservedKind) {
  const data = { kind: object.kind, apiVersion: object.apiVersion };
  switch (problem.type) {
    case 'removed':
      return { messageId: 'removed' as const, data: { ...data, release: problem.release, use: problem.use, also: alsoChanged[object.kind] ?? '' } };
    case 'dropped':
      return { messageId: 'dropped' as const, data: { ...data, release: problem.release, last: problem.last } };
    case 'malformed':
      return { messageId: 'malformed' as const, data: { ...data, use: problem.use, hint: /\s/.test(object.apiVersion.trim()) ? ' (is a comment missing its #?)' : '' } };
    case 'otherGroup':
      return { messageId: 'otherGroup' as const, data: { ...data, use: problem.use } };
    case 'noSuchKind':
      return { messageId: 'noSuchKind' as const, data: { ...data, meant: problem.meant.kind, use: problem.meant.apiVersion } };
  }
}

export default defineRule({
  id: 'kind-not-served',
  severity: 'error',
  category: 'input',
  kinds: [],
  docs: {
    summary: 'An object\'s apiVersion does not serve its kind: a removed version, the wrong group, or no such kind',
    why: 'kubectl refuses an object whose apiVersion does not serve its kind (`no matches for kind "NetworkPolicy" in version "apps/v1"`), so the object never reaches the cluster. netlint cannot read it as the kind it names either: a NetworkPolicy under `apps/v1`, or an Ingress under `networking.k8s.io/v1beta1`, is left out of every other check, and a mistyped kind (`kind: deployments`) would look like a custom resource whose pods are unknown.',
    details: [
      'Judged are the built-in groups whose kinds netlint knows: the core group (`v1`), `apps`, `batch`, `networking.k8s.io`, `policy`, `autoscaling`, `discovery.k8s.io` and the removed `extensions`. Reported at the `apiVersion` or `kind` (of the List, for the items of a typed list such as `IngressList` that write neither):',
      '',
      '- a version Kubernetes stopped serving, with the release that removed it (from the Deprecated API Migration Guide): `extensions/v1beta1` and `apps/v1beta1`/`v1beta2` workloads (1.16), `extensions/v1beta1` and `networking.k8s.io/v1beta1` Ingress (1.22), `batch/v1beta1` CronJob, `policy/v1beta1` PodDisruptionBudget, `discovery.k8s.io/v1beta1` EndpointSlice and `autoscaling/v2beta1` (1.25), `autoscaling/v2beta2` (1.26);',
      '- a built-in kind under another group (`apps/v1` NetworkPolicy, `v1` Deployment);',
      '- PodSecurityPolicy, which Kubernetes 1.25 removed with no other version to move to (Pod Security admission took its place);',
      '- an apiVersion that is no group/version at all for a kind netlint knows (`apps/v1 for k8s before 1.9.0 use …`, a comment that lost its `#`), or a version of the core group other than `v1` (`v2`, a typo), which has no other;',
      '- a kind the group version does not have that is a built-in kind misspelt (`v1` `deployments`, `apps/v1` `statefulset`), with the kind meant.',
      '',
      'Custom resources (any other group), other unknown kinds (OpenShift still serves its own under `v1`: Route, Template, DeploymentConfig; a kubeconfig file is `v1` `Config`) and alpha or beta versions of a kind\'s own group, which a feature gate may serve, are not judged. A removed version\'s object may need more than a new `apiVersion`: Ingress `networking.k8s.io/v1` writes a backend as `service: {name, port: {number}}`, for one.',
    ].join('\n'),
  },
  messages: {
    removed: '{{kind}} in {{apiVersion}} is no longer served since Kubernetes {{release}}, so kubectl refuses it: use apiVersion {{use}}{{also}}',
    dropped: '{{kind}} is served by no version any more (Kubernetes {{release}} removed the last, {{last}}), so kubectl refuses it: remove the object',
    malformed: 'apiVersion {{apiVersion}} is no group/version Kubernetes serves, so kubectl refuses the object{{hint}}: write apiVersion: {{use}}',
    otherGroup: '{{apiVersion}} has no kind {{kind}} (kubectl: no matches for kind "{{kind}}" in version "{{apiVersion}}"): {{kind}} is apiVersion {{use}}',
    noSuchKind: '{{apiVersion}} has no kind {{kind}} (kubectl: no matches for kind "{{kind}}" in version "{{apiVersion}}"): write kind: {{meant}} with apiVersion {{use}}',
  },
  *check(ctx) {
    for (const object of ctx.model.objects) {
      const problem = unservedKind(object.kind, object.apiVersion);
      if (!problem) continue;
      const at = typeFieldNode(object, problem.type === 'noSuchKind' ? 'kind' : 'apiVersion');
      yield ctx.report({ at, object, ...reportOf(object, problem) });
    }
  },
});
