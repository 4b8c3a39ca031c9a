import { defineRule } from '../engine/rule.js';

export default defineRule({
  id: 'policy-types-missing',
  severity: 'error',
  category: 'reachability',
  kinds: ['NetworkPolicy'],
  docs: {
    summary: 'A NetworkPolicy has ingress or egress rules that its policyTypes leave out',
    why: 'When policyTypes is given, only the directions it lists take effect. Egress rules in a policy with `policyTypes: [Ingress]` are ignored entirely: the pods are not egress-isolated, and whatever the rules meant to restrict is allowed.',
    details:
      'Without policyTypes, Kubernetes infers them from the rules (Ingress always, Egress when there are egress rules), so only an explicit list can leave rules out. Add the direction to policyTypes, or delete the rules if they are not meant to apply.',
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
        });
      }
    }
  },
});
