import { defineRule } from '../engine/rule.js';
import { formatLabels, formatSelector, matchesSelector, unmetRequirements } from '../engine/model/selectors.js';

export default defineRule({
  id: 'workload-selector-mismatch',
  severity: 'error',
  category: 'correctness',
  kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'],
  docs: {
    summary: "A Deployment, ReplicaSet, StatefulSet or DaemonSet's spec.selector does not match its own pod template's labels",
    why: 'A controller finds its pods by `spec.selector`, so the API server requires the selector to match the labels of `spec.template`. A manifest where they disagree is rejected at apply time (`selector does not match template labels`), and nothing of it runs.',
    details: [
      "Only the labels written in `spec.template.metadata.labels` count: the labels the controller adds later (`pod-template-hash`, `controller-revision-hash`, a StatefulSet's pod name) are not there when the API server checks. `matchLabels` and `matchExpressions` are both checked; the template may carry more labels than the selector names.",
      '',
      'Jobs and CronJobs are not checked: their selectors are generated. Fix it by adding the missing labels to the template, or by narrowing the selector. The selector of an existing object cannot be changed, so for a running workload change the template.',
    ].join('\n'),
  },
  messages: {
    mismatch:
      "{{workload}}'s spec.selector ({{selector}}) does not match its own pod template (labels: {{labels}}), so the API server rejects it: make spec.template.metadata.labels satisfy {{unmet}}, or drop that from the selector",
  },
  *check(ctx) {
    for (const workload of ctx.model.workloads()) {
      const { selector } = workload;
      if (!selector || matchesSelector(selector, workload.templateLabels)) continue;
      yield ctx.report({
        at: { ...workload.selectorNode, target: 'key' },
        messageId: 'mismatch',
        object: workload,
        data: {
          workload: workload.displayName,
          selector: formatSelector(selector),
          labels: Object.keys(workload.templateLabels).length === 0 ? 'none' : formatLabels(workload.templateLabels),
          unmet: unmetRequirements(selector, workload.templateLabels).map((part) => formatSelector(part.requirement)).join(', '),
        },
        related: [{ at: { ...workload.podLabelsNode, target: 'key' }, message: 'the pod template labels' }],
      });
    }
  },
});
