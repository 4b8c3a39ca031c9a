import { defineRule } from '../engine/rule.js';
import { workloadsSelectedByPolicy } from '../engine/model/policy.js';
import { formatLabels, formatSelector, isEmptySelector } from '../engine/model/selectors.js';

export default defineRule({
  id: 'policy-selects-nothing',
  severity: 'warning',
  category: 'reachability',
  kinds: ['NetworkPolicy'],
  docs: {
    summary: "A NetworkPolicy's podSelector matches no workload in its namespace",
    why: 'A NetworkPolicy applies only to the pods its podSelector selects in its own namespace. One that selects none has no effect at all: the pods it was meant to protect stay open, or the traffic it was meant to allow stays blocked.',
    details:
      'Reported only when the input holds workloads in the policy\'s namespace (otherwise the input is taken to be partial). An empty podSelector (`{}`) selects every pod and is never reported. Pod labels are those of the pod template, not of the Deployment object.',
  },
  messages: {
    noMatch: 'podSelector {{selector}} selects no workload in namespace {{namespace}}, so this policy has no effect; pods there have {{examples}}',
  },
  *check(ctx) {
    for (const policy of ctx.model.policies()) {
      if (isEmptySelector(policy.podSelector)) continue;
      const workloads = ctx.model.workloadsIn(policy.namespace);
      if (workloads.length === 0 || workloadsSelectedByPolicy(ctx.model, policy).length > 0) continue;
      const examples = [...new Set(workloads.map((w) => formatLabels(w.podLabels)))];
      yield ctx.report({
        at: policy.podSelectorNode,
        messageId: 'noMatch',
        object: policy,
        data: {
          selector: formatSelector(policy.podSelector),
          namespace: policy.namespace,
          examples: examples.length > 3 ? `${examples.slice(0, 3).join('; ')}; …` : examples.join('; '),
        },
      });
    }
  },
});
