import { defineRule, fixOf } from '../engine/rule.js';
import type { Fix, NodeRef } from '../engine/finding.js';
import { resolveTargetPort } from '../engine/model/ports.js';
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

/**
 * Why `clusterIP: None` may not be written as a fix, if it may not. clusterIP is immutable: a
 * Service that already has an address keeps it until it is deleted and created again, so the fix
 * only suits a manifest that sets no address. A headless Service also has no ports of its own
 * (clients reach the pods' ports directly) and cannot be a NodePort, LoadBalancer or an Ingress
 * or route backend that controllers send to its cluster IP.
 */
function headlessUnsafe(model: ClusterModel, statefulSet: Workload, service: Service): string | undefined {
  if (service.type !== 'ClusterIP') return `it is of type ${service.type}`;
  if (service.clusterIPs.length > 0) return 'it has a fixed cluster IP';
  if (!model.servicesSelecting(statefulSet).includes(service)) return 'it does not select the pods';
  const translated = service.ports.some((p) => p.protocol === undefined || p.port === undefined || resolveTargetPort(statefulSet.ports, p.targetPort, p.protocol) !== p.port);
  if (translated) return 'it maps a port to another target port, which only a cluster IP does';
  const backends = [...model.ingresses().flatMap((i) => i.backends), ...model.routes().flatMap((r) => r.backendRefs)];
  if (backends.some((b) => b.namespace === service.namespace && b.service === service.name)) return 'an Ingress or route sends to it';
  return undefined;
}

/** `clusterIP: None` after the selector (or the ports), when that is safe. */
function makeHeadless(model: ClusterModel, statefulSet: Workload, service: Service): Fix | undefined {
  if (headlessUnsafe(model, statefulSet, service) !== undefined) return undefined;
  const after = service.selector !== undefined ? service.selectorNode : service.ports.length > 0 ? service.at('spec', 'ports') : undefined;
  return after && { description: `make ${service.displayName} headless (clusterIP: None)`, safe: true, edits: [{ insertAfter: after, value: { clusterIP: 'None' } }] };
}

/**
 * A place in the input that calls a pod of the set by its per-pod DNS name (`db-0.db`,
 * `db-1.db.data.svc.cluster.local`), which only the headless Service makes resolve.
 */
function perPodNameUse(model: ClusterModel, statefulSet: Workload, serviceName: string): { at: NodeRef; host: string } | undefined {
  const isPodOfSet = (label: string) => label.startsWith(`${statefulSet.name}-`) && /^\d+$/.test(label.slice(statefulSet.name.length + 1));
  for (const { consumer, reference, at } of model.hostsInStrings()) {
    const [first, second, namespace] = reference.host.toLowerCase().split('.');
    if (first === undefined || !isPodOfSet(first) || second !== serviceName) continue;
    if ((namespace ?? consumer.namespace) === statefulSet.namespace) return { at, host: reference.host };
  }
  return undefined;
}

export default defineRule({
  id: 'headless-service-missing',
  severity: 'error',
  category: 'correctness',
  kinds: ['StatefulSet'],
  fixable: true,
  docs: {
    summary: "A StatefulSet's serviceName is not a headless Service selecting its pods",
    why: 'A StatefulSet gives each pod a stable DNS name (`<pod>.<serviceName>.<namespace>.svc`) only through the headless Service its `spec.serviceName` names. Without that Service, or when it has a cluster IP or selects other pods, the per-pod names do not resolve, and peers that find each other by them (databases, quorum members) never connect.',
    details: [
      'For each StatefulSet with `spec.serviceName`, the Service of that name in the StatefulSet\'s namespace (objects without a namespace are placed as everywhere else) must exist in the input (`missing`), have `clusterIP: None` (`notHeadless`), and select the StatefulSet\'s pods (`notSelecting`). The Service may be in another file.',
      '',
      'A missing Service is an error where the input calls a pod of the set by its per-pod name (`db-0.db`, in an env value, an argument or a ConfigMap), or where a Service of that name exists in another namespace, and a warning otherwise: the set runs without it, and many (Argo CD\'s application controller) never use those names. A Service that is not headless or selects other pods is always an error.',
      '',
      'A StatefulSet without `serviceName` (optional in recent Kubernetes versions) is not reported, nor is a Service without a selector, whose endpoints are managed by hand. StatefulSets created by operators from custom resources are not checked.',
      '',
      '`--fix` adds `clusterIP: None` to a Service that is not headless only when that is safe: the manifest sets no cluster IP and the Service is of type ClusterIP, selects the StatefulSet\'s pods, maps each port to the same target port (a headless Service has no address to translate ports on), and is no Ingress or route backend. clusterIP is immutable, so a Service that already exists in a cluster must be deleted and created again for the change to apply (`kubectl apply` refuses it); in every other case the fix is left to you.',
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
      // Without the Service the set runs; only its per-pod names fail, which matters where something
      // uses them, or where the Service was evidently meant (it exists, in another namespace).
      const use = problem === 'missing' ? perPodNameUse(ctx.model, statefulSet, serviceName.name) : undefined;
      const elsewhere = problem === 'missing' && ctx.model.servicesNamed(serviceName.name).length > 0;
      yield ctx.report({
        at: serviceName.node,
        messageId: problem,
        object: statefulSet,
        ...(problem === 'missing' && !use && !elsewhere ? { severity: 'warning' as const } : {}),
        data: {
          statefulSet: statefulSet.displayName,
          service: serviceName.name,
          namespace: statefulSet.namespace,
          serviceObject: service?.displayName ?? '',
          labels: formatLabels(statefulSet.podLabels),
        },
        related: use ? [...related, { at: use.at, message: `${use.host} is a per-pod name of ${statefulSet.displayName}` }] : related,
        ...fixOf(problem === 'notHeadless' && service ? makeHeadless(ctx.model, statefulSet, service) : undefined),
      });
    }
  },
});
