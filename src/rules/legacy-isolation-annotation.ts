import { defineRule } from '../engine/rule.js';
import { isEmptySelector } from '../engine/model/selectors.js';
import type { NetworkPolicy } from '../engine/model/types.js';

const annotation = 'net.beta.kubernetes.io/network-policy';

/** A policy that isolates every pod of its namespace for ingress: what the annotation used to do. */
function isolatesWholeNamespace(policy: NetworkPolicy): boolean {
  return isEmptySelector(policy.podSelector) && policy.policyTypes.includes('Ingress');
}

export default defineRule({
  id: 'legacy-isolation-annotation',
  severity: 'warning',
  category: 'reachability',
  kinds: ['Namespace'],
  docs: {
    summary: 'A Namespace carries the `net.beta.kubernetes.io/network-policy` annotation, which no current cluster reads',
    why: 'Before NetworkPolicy was GA, `net.beta.kubernetes.io/network-policy: {"ingress":{"isolation":"DefaultDeny"}}` on a Namespace made its pods deny ingress by default. Kubernetes 1.7 replaced it with NetworkPolicy objects and current network plugins ignore it: the namespace looks locked down but every pod accepts traffic from everywhere.',
    details: [
      'The same effect today is a NetworkPolicy in that namespace that selects every pod and lists Ingress without allowing anything:',
      '',
      '```yaml',
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: { name: default-deny-ingress, namespace: <namespace> }',
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [Ingress]',
      '```',
      '',
      'When such a policy is already there, the annotation only misleads readers: remove it.',
    ].join('\n'),
  },
  messages: {
    defaultDeny:
      'Namespace {{namespace}} asks for default-deny ingress with the ' + annotation + ' annotation, which no current cluster reads, so pods that no NetworkPolicy selects accept traffic from everywhere: add a NetworkPolicy in {{namespace}} with `podSelector: {}` and `policyTypes: [Ingress]`, and remove the annotation',
    superseded:
      'Namespace {{namespace}} has the ' + annotation + ' annotation, which no current cluster reads; {{policy}} already isolates every pod of the namespace for ingress: remove the annotation',
    ignored:
      'Namespace {{namespace}} has the ' + annotation + ' annotation ({{value}}), which no current cluster reads: remove it, and use NetworkPolicy objects to isolate pods',
  },
  *check(ctx) {
    for (const namespace of ctx.model.namespaces()) {
      const object = namespace.object;
      const value = object?.annotations[annotation];
      if (!object || value === undefined) continue;
      const at = { ...object.at('metadata', 'annotations', annotation), target: 'key' as const };
      const existing = ctx.model.policiesIn(namespace.name).find(isolatesWholeNamespace);
      if (existing) {
        yield ctx.report({ at, messageId: 'superseded', object, data: { namespace: namespace.name, policy: existing.displayName }, related: [{ at: existing.podSelectorNode, message: `${existing.displayName} selects every pod` }] });
      } else if (value.includes('DefaultDeny')) {
        yield ctx.report({ at, messageId: 'defaultDeny', object, data: { namespace: namespace.name } });
      } else {
        yield ctx.report({ at, messageId: 'ignored', object, data: { namespace: namespace.name, value } });
      }
    }
  },
});
