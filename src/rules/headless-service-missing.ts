import { defineRule } from '../engine/rule.js';
import type { ClusterModel } from '../engine/model/cluster.js';
import { formatLabels } from '../engine/model/selectors.js';
import type { Service, Workload } from '../engine/model/types.js';

type Problem = 'missing' | 'notHeadless' | 'notSelecting';

/**
 * What is wrong with the Service a StatefulSet names, if anything. A Service without a selector
 * has endpoints kept by hand, which may well name the pods: not reported.
 */
function problemWith(model: ClusterModel, statefulSet: Workload, service: Service | undefined): Problem | undefined {
  if (!service) return 'missing';
  if (!service.headless) return 'notHeadless';
  if (!service.selector || Object.keys(service.selector).length === 0) return undefined;
  return model.servicesSelecting(statefulSet).includes(service) ? undefined : 'notSelecting';
}

export default defineRule({
  id: 'headless-service-missing',
  severity: 'error',
  category: 'correctness',
  kinds: ['StatefulSet'],
  docs: {
    summary: "A StatefulSet's serviceName is not a headless Service selecting its pods",
    why: 'A StatefulSet gives each pod a stable DNS name (`<pod>.<serviceName>.<namespace>.svc`) only through the headless Service its `spec.serviceName` names. Without that Service, or when it has a cluster IP or selects other pods, the per-pod names do not resolve, and peers that find each other by them (databases, quorum members) never connect.',
    details: [
      'For each StatefulSet with `spec.serviceName`, the Service of that name in the StatefulSet\'s namespace (objects without a namespace are placed as everywhere else) must exist in the input (`missing`), have `clusterIP: None` (`notHeadless`), and select the StatefulSet\'s pods (`notSelecting`). The Service may be in another file.',
      '',
      'A StatefulSet without `serviceName` (optional in recent Kubernetes versions) is not reported, nor is a Service without a selector, whose endpoints are managed by hand. StatefulSets created by operators from custom resources are not checked.',
    ].join('\n'),
  },
  messages: {
    missing:
      '{{statefulSet}} names serviceName "{{service}}", but there is no Service {{service}} in namespace {{namespace}}, so its pods get no stable DNS names: create a headless Service named {{service}} (clusterIP: None) selecting {{labels}}',
    notHeadless:
      '{{statefulSet}} names serviceName "{{service}}", but {{serviceObject}} is not headless, so its pods get no stable DNS names: set clusterIP: None on {{serviceObject}} (the field cannot be changed in place; recreate the Service), or point serviceName at a headless Service',
    notSelecting:
      '{{statefulSet}} names serviceName "{{service}}", but the selector of {{serviceObject}} does not select its pods, so they get no stable DNS names: set its selector to {{labels}}',
  },
  *check(ctx) {
    for (const statefulSet of ctx.model.workloads()) {
      const { serviceName } = statefulSet;
      if (!serviceName || !statefulSet.portsKnown) continue;
      const service = ctx.model.servicesNamed(serviceName.name).find((s) => s.namespace === statefulSet.namespace);
      const problem = problemWith(ctx.model, statefulSet, service);
      if (!problem) continue;
      const related = !service ? [] : problem === 'notHeadless'
        ? [{ at: service.clusterIPNode, message: `clusterIP of ${service.displayName}` }]
        : [{ at: service.selectorNode, message: `selector of ${service.displayName}` }];
      yield ctx.report({
        at: serviceName.node,
        messageId: problem,
        object: statefulSet,
        data: {
          statefulSet: statefulSet.displayName,
          service: serviceName.name,
          namespace: statefulSet.namespace,
          serviceObject: service?.displayName ?? '',
          labels: formatLabels(statefulSet.podLabels),
        },
        related,
      });
    }
  },
});
