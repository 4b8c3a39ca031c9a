import { defineRule } from '../engine/rule.js';
import { formatLabels } from '../engine/model/selectors.js';

export default defineRule({
  id: 'multiple-workloads-selected',
  severity: 'warning',
  category: 'correctness',
  kinds: ['Service'],
  defaultLevel: 'off',
  docs: {
    summary: "A Service's selector matches the pods of more than one workload",
    why: 'A Service spreads its requests over every pod its selector matches. When the selector is too broad (`app: shop` on the shop\'s frontend, API and worker alike), requests meant for one app land on another that answers with errors or not at all, in proportion to its replica count. A canary or blue/green pair behind one Service does this on purpose, which is why the rule is off by default.',
    details: [
      'Off by default: turn it on with `rules: { multiple-workloads-selected: warn }` in the config, or `--rule multiple-workloads-selected=warn`. For each Service with a non-empty selector, the workloads of its namespace whose pods it matches (wherever they are defined in the input) are counted; more than one is reported, naming them all.',
      '',
      'Pods whose controller is in the input count as that controller (a Deployment and its ReplicaSet are one workload). Services without a selector, or with an empty one, select no pods here.',
    ].join('\n'),
  },
  messages: {
    several:
      'the selector {{selector}} of {{service}} matches the pods of {{count}} workloads ({{workloads}}), so its requests are spread over all of them: add a label that only the intended workload\'s pods carry to its pod template and to this selector (if the split is intended, as for a canary, suppress this finding)',
  },
  *check(ctx) {
    for (const service of ctx.model.services()) {
      const workloads = ctx.model.workloadsSelectedBy(service).filter((w) => !ctx.model.controllerInInput(w));
      if (workloads.length < 2) continue;
      yield ctx.report({
        at: service.selectorNode,
        messageId: 'several',
        object: service,
        data: {
          selector: formatLabels(service.selector ?? {}),
          service: service.displayName,
          count: workloads.length,
          workloads: workloads.map((w) => w.displayName).join(', '),
        },
        related: workloads.map((w) => ({ at: w.podLabelsNode, message: `pod labels of ${w.displayName}` })),
      });
    }
  },
});
