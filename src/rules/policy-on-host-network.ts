import { defineRule } from '../engine/rule.js';
import { workloadsSelectedByPolicy } from '../engine/model/policy.js';
import { formatSelector, isEmptySelector, type LabelSelector } from '../engine/model/selectors.js';
import { someNames } from '../engine/util.js';

/** `app=web`, or `{}` (every pod of the namespace). */
function formatPodSelector(selector: LabelSelector): string {
  return isEmptySelector(selector) ? '{} (every pod of the namespace)' : formatSelector(selector);
}

export default defineRule({
  id: 'policy-on-host-network',
  severity: 'warning',
  category: 'reachability',
  kinds: ['NetworkPolicy'],
  docs: {
    summary: 'A NetworkPolicy selects pods that use the host network, which most network plugins do not police',
    why: 'Pods with `hostNetwork: true` share their node\'s network namespace and addresses. The NetworkPolicy API leaves their behaviour undefined, and most plugins (Calico and Cilium by default among them) apply no pod policy to them: the policy looks like it isolates them, but their traffic is neither allowed nor denied by it.',
    details: [
      'Reported at the policy\'s podSelector for each policy that selects a workload whose pod spec has `hostNetwork: true`, naming the workloads. A policy that also selects ordinary pods still works for those. `netlint reach` marks such pods `[hostNetwork]` in its listing, and its explanations add a note to a verdict that rests on policies isolating them.',
      '',
      'Fix: protect such pods with host-level firewalling or the plugin\'s own host policies (Calico HostEndpoint, Cilium host policies), or drop `hostNetwork` if the pod does not need it; do not count on this NetworkPolicy for them.',
    ].join('\n'),
  },
  messages: {
    hostNetwork:
      'podSelector {{selector}} selects {{workloads}}, whose pods use hostNetwork: most network plugins apply no NetworkPolicy to them, so this policy likely does not restrict them; protect them with host firewalling or the plugin\'s host policies, or drop hostNetwork',
  },
  *check(ctx) {
    for (const policy of ctx.model.policies()) {
      const onHost = workloadsSelectedByPolicy(ctx.model, policy).filter((w) => w.hostNetworkNode !== undefined);
      const [first] = onHost;
      if (!first) continue;
      yield ctx.report({
        at: policy.podSelectorNode,
        messageId: 'hostNetwork',
        object: policy,
        data: { selector: formatPodSelector(policy.podSelector), workloads: someNames(onHost.map((w) => w.displayName)) },
        related: onHost.map((w) => ({ at: w.hostNetworkNode ?? w.at('metadata', 'name'), message: `${w.displayName} sets hostNetwork: true` })),
      });
    }
  },
});
