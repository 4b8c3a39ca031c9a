import { defineRule } from '../engine/rule.js';
import { compareText } from '../engine/util.js';
import { formatSelector, selectorMisses, type Labels } from '../engine/model/selectors.js';
import type { Service, Workload } from '../engine/model/types.js';

/** How each selector key reads on a workload's pods: `app=backend` or `no label tier`. */
function describeKeys(selector: Labels, labels: Labels): string {
  return Object.keys(selector)
    .map((key) => (key in labels ? `${key}=${labels[key]}` : `no label ${key}`))
    .join(', ');
}

/**
 * The workload the selector most likely meant: fewest differing selector labels, then one whose
 * name is the Service's, then one that at least has the mismatched keys, then by name.
 */
function nearestWorkload(service: Service, selector: Labels, candidates: readonly Workload[]): Workload | undefined {
  const score = (w: Workload) => {
    const misses = selectorMisses(selector, w.podLabels);
    return [misses.length, w.name === service.name ? 0 : 1, misses.filter((k) => !(k in w.podLabels)).length] as const;
  };
  return [...candidates].sort((a, b) => {
    const [x, y] = [score(a), score(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || compareText(a.displayName, b.displayName);
  })[0];
}

export default defineRule({
  id: 'selector-no-match',
  severity: 'error',
  category: 'correctness',
  kinds: ['Service'],
  docs: {
    summary: "A Service's selector matches no pod template in its namespace",
    why: 'A Service sends traffic only to pods whose labels contain every pair of its selector. When none match, the Service has no endpoints: its name resolves, but every connection is refused or times out.',
    details: [
      'The rule compares the selector with the pod template labels of every workload (Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job, CronJob) in the Service\'s namespace. Labels on the workload object itself do not count: only the pod template\'s do.',
      '',
      'When the input holds no workload in that namespace, the input is taken to be partial (the pods are deployed from elsewhere) and nothing is reported. Services of type ExternalName and Services without a selector are skipped.',
      '',
      'The message names the nearest workload (fewest differing selector labels) so the typo is easy to see; it is also given as a related location.',
    ].join('\n'),
  },
  messages: {
    noMatch: 'selector {{selector}} matches no pods in namespace {{namespace}}; nearest: {{workload}} has {{labels}}',
  },
  *check(ctx) {
    for (const service of ctx.model.services()) {
      const { selector } = service;
      if (service.type === 'ExternalName' || !selector || Object.keys(selector).length === 0) continue;
      const candidates = ctx.model.workloadsIn(service.namespace);
      if (candidates.length === 0 || ctx.model.workloadsSelectedBy(service).length > 0) continue;
      const nearest = nearestWorkload(service, selector, candidates) as Workload;
      yield ctx.report({
        at: service.selectorNode,
        messageId: 'noMatch',
        object: service,
        data: {
          selector: formatSelector(selector),
          namespace: service.namespace,
          workload: nearest.displayName,
          labels: describeKeys(selector, nearest.podLabels),
        },
        related: [{ at: nearest.podLabelsNode, message: `pod labels of ${nearest.displayName}` }],
      });
    }
  },
});
