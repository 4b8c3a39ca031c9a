import { defineRule } from '../engine/rule.js';
import { formatLabels, formatSelector, matchesSelector, ownLabel, unmetRequirements, type LabelSelector, type Labels } from '../engine/model/selectors.js';

/**
 * What to change. Where the template has the selector's label with another value (`class:
 * deathstar` under a selector for `class: spaceship`), the selector is the slip: Services and
 * policies select the pods by the template's labels, and relabelling the pods would move them.
 */
function describeFix(selector: LabelSelector, templateLabels: Labels): string {
  const unmet = unmetRequirements(selector, templateLabels);
  const differing = unmet.flatMap(({ key, requirement }) => {
    const templateValue = ownLabel(templateLabels, key);
    const selectorValue = requirement.matchLabels[key];
    return templateValue !== undefined && selectorValue !== undefined ? [{ key, templateValue, selectorValue }] : [];
  });
  if (differing.length === unmet.length) {
    const asTemplate = differing.map((d) => `${d.key}: ${d.templateValue}`).join(', ');
    const asSelector = differing.map((d) => `${d.key}: ${d.selectorValue}`).join(', ');
    return `set the selector's ${asTemplate}, as the template has it (Services and policies find the pods by their template labels); or, if the template is the slip, its ${asSelector}`;
  }
  return `make spec.template.metadata.labels satisfy ${unmet.map((part) => formatSelector(part.requirement)).join(', ')}, or drop that from the selector`;
}

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
      'Jobs and CronJobs are not checked: their selectors are generated. Where the template has a selector label with another value, the message suggests the template\'s value first (Services and policies find the pods by their template labels, so relabelling the pods would move them), and the selector\'s as the alternative; otherwise it says to add the missing labels to the template, or to narrow the selector. The selector of an existing object cannot be changed, so for a running workload change the template.',
    ].join('\n'),
  },
  messages: {
    mismatch:
      "{{workload}}'s spec.selector ({{selector}}) does not match its own pod template (labels: {{labels}}), so the API server rejects it: {{fix}}",
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
          fix: describeFix(selector, workload.templateLabels),
        },
        related: [{ at: { ...workload.podLabelsNode, target: 'key' }, message: 'the pod template labels' }],
      });
    }
  },
});
