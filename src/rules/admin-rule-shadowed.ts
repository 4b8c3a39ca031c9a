import { defineRule, type PodClass, type Reachability } from '../engine/rule.js';
import { adminPolicySelects, adminRuleMatches, adminRulePorts, adminRules, adminTiers, describeAdminRule, TierDecisionCache } from '../engine/model/admin-policy.js';
import type { Endpoint } from '../engine/model/policy.js';
import type { AdminPolicy, AdminRule, Direction } from '../engine/model/types.js';
import { someNames } from '../engine/util.js';

const directions: readonly Direction[] = ['Ingress', 'Egress'];

/** What became of a rule over every connection of the input it matches. */
interface RuleOutcome {
  /** It matches some connection (a peer and a port of the input). */
  matched: boolean;
  /** It decides some connection. */
  decides: boolean;
  /** Earlier rules that decided what it matches, in the order met. */
  readonly shadowedBy: Map<AdminRule, AdminPolicy>;
}

/** The other ends of a direction's connections: every pod class, and every external range. */
function otherEnds(reach: Reachability, direction: Direction): Endpoint[] {
  const classes = reach.index.classes.map((pods): Endpoint => ({ type: 'pods', pods }));
  const atoms = direction === 'Egress' ? reach.destinationAtoms : reach.sourceAtoms;
  return [...classes, ...atoms.map((interval): Endpoint => ({ type: 'ip', interval }))];
}

/** One of each kind: items that agree on a key stand for each other. */
function distinct<Item>(items: readonly Item[], key: (item: Item) => string): Item[] {
  return [...new Map(items.map((item) => [key(item), item] as const)).values()];
}

/**
 * Follows a policy's rules of a direction over every connection of the input it applies to: for
 * each pod class it selects and each other end, which rule of its tier decides which part. Pod
 * classes and other ends that the cluster-wide policies see alike are followed once.
 */
function outcomes(reach: Reachability, tiers: TierDecisionCache, policy: AdminPolicy, direction: Direction): Map<AdminRule, RuleOutcome> {
  const { model } = reach;
  const rules = adminRules(policy, direction);
  const result = new Map(rules.map((rule): [AdminRule, RuleOutcome] => [rule, { matched: false, decides: false, shadowedBy: new Map() }]));
  const selected: readonly PodClass[] = reach.index.classes.filter((c) => adminPolicySelects(model, policy, c, direction));
  if (selected.length === 0) return result;
  const subjects = distinct(selected, (c) => tiers.subjectKey(c, direction));
  const others = distinct(otherEnds(reach, direction), (other) => tiers.otherKey(other, direction));
  for (const pods of subjects) {
    for (const other of others) {
      const matching = rules.filter((rule) => adminRuleMatches(model, rule, other));
      if (matching.length === 0) continue;
      const decisions = tiers.decide(policy.tier, pods, direction, other);
      const destination = direction === 'Ingress' ? pods : other.type === 'pods' ? other.pods : undefined;
      for (const rule of matching) {
        const outcome = result.get(rule) as RuleOutcome;
        const ports = adminRulePorts(rule, destination);
        if (outcome.decides || ports.isEmpty()) continue;
        outcome.matched = true;
        if (decisions.some((d) => d.rule === rule)) {
          outcome.decides = true;
          continue;
        }
        for (const d of decisions) if (!d.connections.intersect(ports).isEmpty()) outcome.shadowedBy.set(d.rule, d.policy);
      }
    }
  }
  return result;
}

/** `egress rule "allow-all" (Allow)`, with its policy when it is another one. */
function describeShadow(rule: AdminRule, owner: AdminPolicy, policy: AdminPolicy): string {
  return owner === policy ? describeAdminRule(rule) : `${describeAdminRule(rule)} of ${owner.displayName}`;
}

export default defineRule({
  id: 'admin-rule-shadowed',
  severity: 'warning',
  category: 'reachability',
  kinds: ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'],
  docs: {
    summary: 'A rule of a cluster-wide policy never decides a connection: earlier rules decide all it matches',
    why: 'Cluster-wide policies are read like a firewall: the first rule that matches a connection decides it, and later rules never see it. A rule placed after a broader one (a Deny of one namespace after an Allow of all namespaces, or in a policy of a higher priority number than one that already decides the same traffic) has no effect, and the traffic it was written for is decided the other way.',
    details: [
      'netlint follows each rule of an AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy over the connections of the input it matches: each pod class of the input the policy applies to, with each pod class and external address range at the other end, and the ports the rule names. When the rule matches some of them but, for every one, an earlier rule of the same policy or a rule of a policy that comes first in the tier (lower priority number) has already decided the ports it names, it is reported at the rule, naming the rules that decide instead.',
      '',
      'This is a finding about the input: a rule whose peers select pods that are not in it is not judged on them. Rules that match no pod or address of the input at all are not reported either. Fix: move the rule before the broader one, narrow the broader rule, or delete the rule if it is not needed.',
    ].join('\n'),
  },
  messages: {
    shadowed:
      '{{policy}} {{rule}} never decides a connection of the input: every connection it matches is decided first by {{by}}, so it has no effect: put it ahead of {{them}}, or delete it',
  },
  *check(ctx) {
    const policies = adminTiers.flatMap((tier) => ctx.model.adminPolicies(tier));
    if (policies.length === 0) return;
    const tiers = new TierDecisionCache(ctx.model);
    for (const policy of policies) {
      for (const direction of directions) {
        for (const [rule, outcome] of outcomes(ctx.reach, tiers, policy, direction)) {
          if (!outcome.matched || outcome.decides || outcome.shadowedBy.size === 0) continue;
          const shadows = [...outcome.shadowedBy];
          yield ctx.report({
            at: rule.node,
            object: policy,
            messageId: 'shadowed',
            data: {
              policy: policy.displayName,
              rule: describeAdminRule(rule),
              by: someNames(shadows.map(([r, owner]) => describeShadow(r, owner, policy)), 2),
              them: shadows.length === 1 ? 'that rule' : 'those rules',
            },
            related: shadows.slice(0, 2).map(([r, owner]) => ({ at: r.node, message: `${describeShadow(r, owner, policy)} decides first` })),
          });
        }
      }
    }
  },
});
