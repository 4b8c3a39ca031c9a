import { defineRule, fixOf } from '../engine/rule.js';
import type { Fix } from '../engine/finding.js';
import type { Direction, NetworkPolicy } from '../engine/model/types.js';

/**
 * Adds the direction after the list's last valid entry. Only with such an entry: an empty or
 * all-invalid list gives no place whose style (flow or block) the new entry can follow.
 */
function addPolicyType(policy: NetworkPolicy, direction: Direction): Fix | undefined {
  const entries = Object.values(policy.policyTypeNodes);
  const last = entries.sort((a, b) => Number(a.path[a.path.length - 1]) - Number(b.path[b.path.length - 1])).pop();
  return last && { description: `add ${direction} to policyTypes`, safe: true, edits: [{ insertAfter: last, value: direction }] };
}

export default defineRule({
  id: 'policy-types-missing',
  severity: 'error',
  category: 'reachability',
  kinds: ['NetworkPolicy'],
  fixable: true,
  docs: {
    summary: 'A NetworkPolicy has ingress or egress rules that its policyTypes leave out',
    why: 'When policyTypes is given, only the directions it lists take effect. Egress rules in a policy with `policyTypes: [Ingress]` are ignored entirely: the pods are not egress-isolated, and whatever the rules meant to restrict is allowed.',
    details:
      'Without policyTypes, Kubernetes infers them from the rules (Ingress always, Egress when there are egress rules), so only an explicit list can leave rules out. Add the direction to policyTypes, or delete the rules if they are not meant to apply.\n\n`--fix` adds the direction to policyTypes, which makes the written rules take effect: the pods become isolated in that direction, allowed only what the rules allow.',
  },
  messages: {
    ignored: '{{policy}} has {{key}} rules, but its policyTypes ({{types}}) leave out {{direction}}, so those rules are ignored: add {{direction}} to policyTypes, or delete the {{key}} rules',
  },
  *check(ctx) {
    for (const policy of ctx.model.policies()) {
      if (!policy.policyTypesExplicit) continue;
      for (const direction of ['Ingress', 'Egress'] as const) {
        const key = direction === 'Ingress' ? 'ingress' : 'egress';
        const rules = direction === 'Ingress' ? policy.ingress : policy.egress;
        if (rules.length === 0 || policy.policyTypes.includes(direction)) continue;
        yield ctx.report({
          at: { ...policy.at('spec', 'policyTypes'), target: 'key' },
          messageId: 'ignored',
          object: policy,
          data: { policy: policy.displayName, key, types: policy.policyTypes.join(', ') || 'none valid', direction },
          related: [{ at: { ...policy.at('spec', key), target: 'key' }, message: `the ignored ${key} rules` }],
          ...fixOf(addPolicyType(policy, direction)),
        });
      }
    }
  },
});
