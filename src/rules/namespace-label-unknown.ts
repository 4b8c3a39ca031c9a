import { defineRule } from '../engine/rule.js';
import { childOf } from '../engine/finding.js';
import { labelNamingNamespace, namespaceNameLabel } from '../engine/model/cluster.js';
import { formatSelector, isEmptySelector } from '../engine/model/selectors.js';

export default defineRule({
  id: 'namespace-label-unknown',
  severity: 'warning',
  category: 'reachability',
  kinds: ['NetworkPolicy'],
  docs: {
    summary: 'A namespaceSelector matches no namespace netlint knows of',
    why: 'A namespaceSelector selects namespaces by their labels. A label nobody set (most often `name: kube-system`, which stock clusters do not set) selects nothing, so the rule allows nothing, silently.',
    details: [
      'Known namespaces are those of Namespace objects in the input (with their labels), those that objects in the input live in, and `kube-system`; every namespace carries the label `kubernetes.io/metadata.name: <name>`, which the API server sets automatically since Kubernetes 1.21.',
      '',
      'When the selector uses a label like `name: X` and namespace X is known, the message suggests `kubernetes.io/metadata.name: X`, which always matches. If your namespaces really carry the label (set by hand or by a tool), add their Namespace objects to the input.',
    ].join('\n'),
  },
  messages: {
    nameLabel:
      'namespaceSelector {{selector}} matches no known namespace; namespace {{namespace}} exists but has no label {{label}}={{namespace}} in a stock cluster: select it with ' +
      namespaceNameLabel +
      ': {{namespace}}',
    noMatch: 'namespaceSelector {{selector}} matches no known namespace (known: {{known}})',
  },
  *check(ctx) {
    const { model } = ctx;
    const known = model.namespaces();
    for (const policy of model.policies()) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        for (const peer of rule.peers ?? []) {
          const selector = peer.namespaceSelector;
          if (!selector || isEmptySelector(selector) || model.namespacesMatching(selector).length > 0) continue;
          const at = childOf(peer.node, 'namespaceSelector');
          const named = labelNamingNamespace(selector, (name) => model.namespace(name) !== undefined);
          if (named) {
            yield ctx.report({
              at,
              messageId: 'nameLabel',
              object: policy,
              data: { selector: formatSelector(selector), namespace: named.namespace, label: named.label },
            });
          } else {
            const names = known.map((ns) => ns.name);
            yield ctx.report({
              at,
              messageId: 'noMatch',
              object: policy,
              data: { selector: formatSelector(selector), known: names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', ') },
            });
          }
        }
      }
    }
  },
});
