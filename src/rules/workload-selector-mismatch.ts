import { defineRule } from '../engine/rule.js';
import { formatLabels, formatSelector, matchesLabels, matchesSelector, ownLabel, unmetRequirements, type LabelSelector, type Labels } from '../engine/model/selectors.js';
import { someNames } from '../engine/util.js';
import type { Service } from '../engine/model/types.js';

/**
 * What to change. Where the template has the selector's label with another value (`class:
 * deathstar` under a selector for `class: spaceship`), one of the two is the slip: the one the
 * input's Services select by wins, as changing it would cut them off. Without a Service to tell,
 * the template's value comes first (Services and policies find pods by their template labels),
 * and the message says that the selector of an existing workload cannot be changed.
 */
function describeFix(selector: LabelSelector, templateLabels: Labels, services: readonly Service[]): string {
  const unmet = unmetRequirements(selector, templateLabels);
  const differing = unmet.flatMap(({ key, requirement }) => {
    const templateValue = ownLabel(templateLabels, key);
    const selectorValue = requirement.matchLabels[key];
    return templateValue !== undefined && selectorValue !== undefined ? [{ key, templateValue, selectorValue }] : [];
  });
  const immutable = 'spec.selector cannot be changed on an existing workload, so one that runs must be recreated';
  if (differing.length === unmet.length) {
    const asTemplate = differing.map((d) => `${d.key}: ${d.templateValue}`).join(', ');
    const asSelector = differing.map((d) => `${d.key}: ${d.selectorValue}`).join(', ');
    const selects = (labels: Labels) => services.filter((s) => s.selector && Object.keys(s.selector).length > 0 && matchesLabels(s.selector, labels)).map((s) => s.displayName);
    const bySelector = selects({ ...templateLabels, ...selector.matchLabels });
    const byTemplate = selects(templateLabels);
    if (bySelector.length > 0 && byTemplate.length === 0) return `set the template's ${asSelector}, as ${someNames(bySelector)} selects`;
    const those = byTemplate.length > 0 ? `as ${someNames(byTemplate)} selects` : 'Services and policies find the pods by their template labels';
    return `set the selector's ${asTemplate}, as the template has it (${those}; ${immutable}), or the template's ${asSelector}`;
  }
  return `make spec.template.metadata.labels satisfy ${unmet.map((part) => formatSelector(part.requirement)).join(', ')}, or drop that from the selector (${immutable})`;
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
          fix: describeFix(selector, workload.templateLabels, ctx.model.servicesIn(workload.namespace)),
        },
        related: [{ at: { ...workload.podLabelsNode, target: 'key' }, message: 'the pod template labels' }],
      });
    }
  },
});
