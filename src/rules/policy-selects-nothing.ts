import { defineRule } from '../engine/rule.js';
import { partialInput, selectsOnDemandPods } from '../engine/model/partial.js';
import { workloadsSelectedByPolicy } from '../engine/model/policy.js';
import { describeNearestLabels, formatSelector, isEmptySelector } from '../engine/model/selectors.js';

export default defineRule({
  id: 'policy-selects-nothing',
  severity: 'warning',
  category: 'reachability',
  kinds: ['NetworkPolicy'],
  docs: {
    summary: "A NetworkPolicy's podSelector matches no workload in its namespace",
    why: 'A NetworkPolicy applies only to the pods its podSelector selects in its own namespace. One that selects none has no effect at all: the pods it was meant to protect stay open, or the traffic it was meant to allow stays blocked.',
    details: [
      'Reported only when the input holds workloads in the policy\'s namespace (otherwise the input is taken to be partial) and the namespace is not kube-system or the DNS pods\' (the platform runs pods there that no manifest shows). Nor is a podSelector for pods a controller creates on demand, which are never in the input: cert-manager\'s ACME HTTP-01 solvers (`acme.cert-manager.io/http01-solver`), Tekton\'s task and pipeline runs (`tekton.dev/taskRun`, `tekton.dev/pipelineRun`) and Argo Workflows\' steps (`workflows.argoproj.io/workflow`). An empty podSelector (`{}`) selects every pod and is never reported. Pod labels are those of the pod template, not of the Deployment object, plus the labels controllers add (`pod-template-hash`, a StatefulSet\'s `statefulset.kubernetes.io/pod-name`, a Job\'s `job-name`; see selector-no-match) and the pods operators create from custom resources.',
      '',
      'The message lists the labels of the nearest workloads first (fewest requirements of the podSelector missed), up to three. Where the namespace holds custom resources that create pods the input does not show, the message says the input may be partial (`partialInput`).',
    ].join('\n'),
  },
  messages: {
    noMatch:
      'podSelector {{selector}} selects no workload in namespace {{namespace}}, so this policy has no effect; pods there have {{examples}}: change podSelector to the labels of the pods it is for',
    partialInput:
      'podSelector {{selector}} selects no workload of the input in namespace {{namespace}}, but the input may be partial: the pods created from {{creators}} have labels netlint cannot read; if none of them has these labels, this policy has no effect: change podSelector to the labels of the pods it is for',
  },
  *check(ctx) {
    for (const policy of ctx.model.policies()) {
      // Pods a controller creates on demand (an ACME solver, a pipeline's task) are never in the input.
      if (isEmptySelector(policy.podSelector) || selectsOnDemandPods(policy.podSelector)) continue;
      const workloads = ctx.model.workloadsIn(policy.namespace);
      if (ctx.model.mayHoldUnseenPods(policy.namespace) || workloadsSelectedByPolicy(ctx.model, policy).length > 0) continue;
      const partial = partialInput(ctx.model, [policy.namespace]);
      if (partial) {
        yield ctx.report({
          at: policy.podSelectorNode,
          messageId: 'partialInput',
          object: policy,
          data: { selector: formatSelector(policy.podSelector), namespace: policy.namespace, creators: partial.creators },
          related: partial.related,
        });
        continue;
      }
      yield ctx.report({
        at: policy.podSelectorNode,
        messageId: 'noMatch',
        object: policy,
        data: {
          selector: formatSelector(policy.podSelector),
          namespace: policy.namespace,
          // Nearest first: the workload the selector most likely meant.
          examples: describeNearestLabels(policy.podSelector, workloads.map((w) => w.podLabels)),
        },
      });
    }
  },
});
