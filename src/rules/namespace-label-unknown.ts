import { defineRule, fixOf } from '../engine/rule.js';
import { childOf, type Fix, type NodeRef } from '../engine/finding.js';
import { labelNamingNamespace, namespaceNameLabel } from '../engine/model/cluster.js';
import { formatSelector, isEmptySelector, type LabelSelector } from '../engine/model/selectors.js';
import { closestName } from '../engine/util.js';

/**
 * What to change: a misspelt name under the metadata.name label becomes the known name it most
 * likely meant, an unknown one is added to the input; another label is replaced by metadata.name,
 * or belongs to Namespaces the input lacks.
 */
function describeFix(selector: LabelSelector, known: readonly string[]): string {
  const written = [
    ...Object.entries(selector.matchLabels).filter(([key]) => key === namespaceNameLabel).map(([, value]) => value),
    ...selector.matchExpressions.filter((e) => e.key === namespaceNameLabel && e.operator === 'In').flatMap((e) => e.values),
  ];
  for (const name of written) {
    const meant = known.includes(name) ? undefined : closestName(name, known);
    if (meant) return `change ${name} to ${meant}`;
  }
  const [name] = written;
  if (name !== undefined) return `if namespace ${name} exists, add its Namespace object to the input; otherwise name one of the known namespaces`;
  return `select namespaces by ${namespaceNameLabel}: <name>, which every namespace has, or add Namespace objects with these labels to the input`;
}

/**
 * Label keys pods carry and namespaces hardly ever do: the app's name, what runs it. (The
 * app.kubernetes.io labels are set on namespaces too, by Helm charts and platform teams.)
 */
const podLabelKeys = new Set(['app', 'k8s-app', 'run', 'pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name']);

/**
 * Whether a namespaceSelector's labels are evidently a pod's: every label it requires is one only
 * pods carry. (Labels such as environment or team are set on pods and namespaces alike.)
 */
function looksLikePodLabels(selector: LabelSelector): boolean {
  const keys = [...Object.keys(selector.matchLabels), ...selector.matchExpressions.filter((e) => e.operator === 'In').map((e) => e.key)];
  return keys.length > 0 && keys.every((key) => podLabelKeys.has(key));
}

const podLabelsFix = 'these are pod labels: put them under podSelector, beside a namespaceSelector for the pods\' namespace (or none, for the policy\'s own)';

/**
 * `name: X` → `kubernetes.io/metadata.name: X`, only when that is evidently what was meant: the
 * selector is that one label and nothing else, and X is a namespace netlint knows. A selector
 * with more labels may rely on labels a tool sets, so it is left to a person.
 */
function useNameLabel(selector: LabelSelector, selectorNode: NodeRef, label: string): Fix | undefined {
  const only = Object.keys(selector.matchLabels);
  if (label !== 'name' || only.length !== 1 || selector.matchExpressions.length > 0) return undefined;
  const key: NodeRef = { ...childOf(selectorNode, 'matchLabels', label), target: 'key' };
  return { description: `select the namespace by ${namespaceNameLabel}`, safe: true, edits: [{ replace: key, text: namespaceNameLabel }] };
}

export default defineRule({
  id: 'namespace-label-unknown',
  severity: 'warning',
  category: 'reachability',
  kinds: ['NetworkPolicy'],
  fixable: true,
  docs: {
    summary: 'A namespaceSelector matches no namespace netlint knows of',
    why: 'A namespaceSelector selects namespaces by their labels. A label nobody set (most often `name: kube-system`, which stock clusters do not set) selects nothing, so the rule allows nothing, silently.',
    details: [
      'Known namespaces are those of Namespace objects in the input (with their labels), those that objects in the input live in, and `kube-system`; every namespace carries the label `kubernetes.io/metadata.name: <name>`, which the API server sets automatically since Kubernetes 1.21.',
      '',
      'A selector that names namespaces by that label is reported only when a name is a likely misspelling of a known namespace: a namespace installed apart from the input (`istio-system`, a monitoring stack) is matched wherever it exists.',
      '',
      'When the input shows no namespace\'s labels at all (no Namespace object, nothing under `cluster.namespaces`), a selector for a kind of namespace (`purpose: production`) may match namespaces labelled apart from the input, so it is reported only when its labels are evidently a pod\'s: keys only pods carry (`app`, `k8s-app`, `run`, …). The labels netlint supplies for a platform (OpenShift\'s router namespace) do not count as shown. The message then says to move them under podSelector.',
      '',
      'When the selector uses a label like `name: X` and namespace X is known, the message suggests `kubernetes.io/metadata.name: X`, which always matches. If your namespaces really carry the label (set by hand or by a tool), add their Namespace objects to the input.',
      '',
      '`--fix` rewrites `name: X` to `kubernetes.io/metadata.name: X` when that is the selector\'s only label and X is a known namespace; selectors with more labels are left to you.',
    ].join('\n'),
  },
  messages: {
    nameLabel:
      'namespaceSelector {{selector}} matches no known namespace; namespace {{namespace}} exists but has no label {{label}}={{namespace}} in a stock cluster: select it with ' +
      namespaceNameLabel +
      ': {{namespace}}',
    noMatch: 'namespaceSelector {{selector}} matches no known namespace (known: {{known}}): {{fix}}',
  },
  *check(ctx) {
    const { model } = ctx;
    const known = model.namespaces();
    const labelsShown = model.userShowsNamespaceLabels();
    for (const policy of model.policies()) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        for (const peer of rule.peers ?? []) {
          const selector = peer.namespaceSelector;
          if (!selector || isEmptySelector(selector) || model.namespacesMatching(selector).length > 0) continue;
          // A namespace installed apart from the input is matched wherever it exists.
          if (model.namesNamespacesOutsideInput(selector)) continue;
          const at = childOf(peer.node, 'namespaceSelector');
          const named = labelNamingNamespace(selector, (name) => model.namespace(name) !== undefined);
          if (named) {
            yield ctx.report({
              at,
              messageId: 'nameLabel',
              object: policy,
              data: { selector: formatSelector(selector), namespace: named.namespace, label: named.label },
              ...fixOf(useNameLabel(selector, at, named.label)),
            });
          } else {
            const podLabels = looksLikePodLabels(selector);
            // Without any namespace's labels in the input, a label like purpose=production may well
            // be on namespaces labelled apart from it: only pod labels are evidently misplaced.
            if (!podLabels && !labelsShown) continue;
            const names = known.map((ns) => ns.name);
            yield ctx.report({
              at,
              messageId: 'noMatch',
              object: policy,
              data: {
                selector: formatSelector(selector),
                known: names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', '),
                fix: podLabels ? podLabelsFix : describeFix(selector, names),
              },
            });
          }
        }
      }
    }
  },
});
