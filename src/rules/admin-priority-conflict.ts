import { defineRule } from '../engine/rule.js';
import { podGroupOf, type ClusterModel } from '../engine/model/cluster.js';
import { adminPolicySelects, adminTiers } from '../engine/model/admin-policy.js';
import type { AdminPolicy, Direction, Workload } from '../engine/model/types.js';
import { someNames } from '../engine/util.js';

const directions: readonly Direction[] = ['Ingress', 'Egress'];

/** The workloads both policies apply to in some direction (each must have rules for it). */
function sharedWorkloads(model: ClusterModel, a: AdminPolicy, b: AdminPolicy): Workload[] {
  return model.workloads().filter((w) => {
    const pods = podGroupOf(w);
    return directions.some((d) => adminPolicySelects(model, a, pods, d) && adminPolicySelects(model, b, pods, d));
  });
}

export default defineRule({
  id: 'admin-priority-conflict',
  severity: 'warning',
  category: 'reachability',
  kinds: ['AdminNetworkPolicy', 'ClusterNetworkPolicy'],
  docs: {
    summary: 'Two cluster-wide policies of one tier have the same priority and apply to the same pods',
    why: 'Within a tier, cluster-wide policies are evaluated by priority, lowest number first, and the first matching rule decides. The Network Policy API leaves the order of two policies with the same priority undefined: when both have a rule matching a connection, the network plugin may apply either, so the verdict can differ between plugins, and even between restarts of one.',
    details: [
      'Reported for two AdminNetworkPolicies, or two ClusterNetworkPolicies of the same tier (an AdminNetworkPolicy and an Admin-tier ClusterNetworkPolicy share the Admin tier), with equal `spec.priority`, when both apply to the same workload of the input in the same direction (a policy applies to a direction only when it has rules for it). The finding is at the later policy\'s priority and points at the earlier one.',
      '',
      'netlint\'s `reach` takes such policies in input order, as np-guard does; the cluster may not. Fix: give each policy its own priority, in the order you mean them to apply.',
    ].join('\n'),
  },
  messages: {
    samePriority:
      '{{policy}} has priority {{priority}} in the {{tier}} tier, like {{other}}, and both apply to {{workloads}}: the order between them is undefined, so a connection both match may be decided by either: give them different priorities',
  },
  *check(ctx) {
    const { model } = ctx;
    for (const tier of adminTiers) {
      const policies = model.adminPolicies(tier).filter((p) => p.priority !== undefined);
      for (const [i, policy] of policies.entries()) {
        // One finding per policy: against the first earlier policy it conflicts with.
        const conflict = policies
          .slice(0, i)
          .filter((other) => other.priority === policy.priority)
          .map((other) => ({ other, shared: sharedWorkloads(model, other, policy) }))
          .find(({ shared }) => shared.length > 0);
        if (!conflict) continue;
        const { other, shared } = conflict;
        yield ctx.report({
          at: policy.priorityNode,
          object: policy,
          messageId: 'samePriority',
          data: { policy: policy.displayName, priority: policy.priority as number, tier, other: other.displayName, workloads: someNames(shared.map((w) => w.displayName)) },
          related: [{ at: other.priorityNode, message: `the priority of ${other.displayName}` }],
        });
      }
    }
  },
});
