import { defineRule } from '../engine/rule.js';
import { partialInput } from '../engine/model/partial.js';
import { closestName, compareText } from '../engine/util.js';
import {
  describeLabelValue,
  formatLabels,
  formatSelector,
  isControllerLabel,
  ownLabel,
  matchesLabels,
  perPodValues,
  selectorMisses,
  statefulSetPodName,
  type Labels,
} from '../engine/model/selectors.js';
import type { NodeRef } from '../engine/finding.js';
import type { ClusterModel } from '../engine/model/cluster.js';
import type { Service, Workload } from '../engine/model/types.js';

/** How each selector key reads on a workload's pods: `app=backend` or `no label tier`. */
function describeKeys(selector: Labels, labels: Labels): string {
  return Object.keys(selector)
    .map((key) => {
      const value = describeLabelValue(labels, key);
      return value === undefined ? `no label ${key}` : `${key}=${value}`;
    })
    .join(', ');
}

/**
 * What to change so the selector matches a workload: the selector, with each pair the pods miss
 * set to the pods' value (or dropped when they have none a person wrote), or the pod labels, with
 * those pairs added. `set the selector to app=web, or add app=wbe to the pod labels of …`.
 */
function describeFix(selector: Labels, workload: Workload): string {
  const missed = selectorMisses(selector, workload.podLabels);
  // Labels a controller sets (job-name, pod-template-hash) cannot be added to a pod template.
  const settable = missed.filter((key) => !isControllerLabel(workload.podLabels, key));
  const suggested: Record<string, string> = {};
  for (const [key, value] of Object.entries(selector)) {
    if (!missed.includes(key)) suggested[key] = value;
    else {
      const value = ownLabel(workload.podLabels, key);
      if (value !== undefined && !isControllerLabel(workload.podLabels, key)) suggested[key] = value;
    }
  }
  const wanted = Object.fromEntries(settable.map((key) => [key, selector[key] as string]));
  const addLabels = settable.length > 0 ? `add ${formatSelector(wanted)} to the pod labels of ${workload.displayName}` : undefined;
  // A selector with every pair dropped would select all pods of the namespace: not a fix.
  if (Object.keys(suggested).length > 0) return `set the selector to ${formatSelector(suggested)}${addLabels ? `, or ${addLabels}` : ''}`;
  if (addLabels) return addLabels;
  return `the controller sets ${missed.join(', ')}, so select the pods by labels of their template instead (${formatLabels(workload.podLabels)})`;
}

/**
 * Length of the longest common substring: how much of one name the other contains. `run[j]` is
 * the length of the common run ending at the current letter of a and letter j of b.
 */
function commonLength(a: string, b: string): number {
  let best = 0;
  let run = new Int32Array(b.length + 1);
  let next = new Int32Array(b.length + 1);
  for (let i = 0; i < a.length; i++) {
    const letter = a.charCodeAt(i);
    for (let j = 0; j < b.length; j++) {
      const length = letter === b.charCodeAt(j) ? (run[j] as number) + 1 : 0;
      next[j + 1] = length;
      if (length > best) best = length;
    }
    [run, next] = [next, run];
  }
  return best;
}

/** Whether two label values look like one mistyped for the other (`cart-db`, `carts-db`), or one extends the other. */
function similarValues(a: string, b: string): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return closestName(a, [b]) !== undefined || (shorter.length >= 3 && longer.includes(shorter));
}

/**
 * How a workload's pods read on one selector pair: the pair holds; a slip (the same key with a
 * similar value, the value under another key, or a similar key with the value); absent (no such
 * key, as people wrote the labels); or different (the key with another value: another app).
 */
function pairOn(key: string, value: string, labels: Labels): 'holds' | 'slip' | 'absent' | 'different' {
  const own = isControllerLabel(labels, key) ? undefined : ownLabel(labels, key);
  if (own === value) return 'holds';
  if (own !== undefined) return similarValues(own, value) ? 'slip' : 'different';
  const written = Object.keys(labels).filter((k) => !isControllerLabel(labels, k));
  if (written.some((k) => labels[k] === value) || closestName(key, written.filter((k) => labels[k] === value)) !== undefined) return 'slip';
  return 'absent';
}

/** A name without the words every Service or workload may end in (`vets-service` → `vets`). */
function distinctivePart(name: string): string {
  return name.replace(/-(service|svc|deployment|deploy|app|server)$/, '');
}

/**
 * The length of the words two names both start with, dashes included, when each has more:
 * `thanos-sidecar` and `thanos-query` share the project's name (7), not the part that says which
 * component they are.
 */
function sharedLeadingWords(a: string, b: string): number {
  const [wordsA, wordsB] = [a.split('-'), b.split('-')];
  let shared = 0;
  let length = 0;
  while (shared < wordsA.length - 1 && shared < wordsB.length - 1 && wordsA[shared] === wordsB[shared]) length += (wordsA[shared++] as string).length + 1;
  return length;
}

/**
 * Whether a workload is worth naming as the one the selector meant: the Service's name contains
 * most of its name (`carts` and `cart`), or its labels read like the selector with slips and gaps
 * but no label that names something else (`app.kubernetes.io/name: alertmanager` for a grafana
 * Service's `grafana`, however many stack-wide labels they share). Otherwise "nearest" would point
 * at an unrelated workload.
 */
function isPlausible(service: Service, selector: Labels, workload: Workload): boolean {
  const [serviceName, name] = [distinctivePart(service.name), distinctivePart(workload.name)];
  const common = commonLength(serviceName, name);
  // More in common than the words both start with (a project's name, `thanos-`).
  if (common >= 3 && common * 2 > name.length && common > sharedLeadingWords(serviceName, name)) return true;
  const pairs = Object.entries(selector).map(([key, value]) => pairOn(key, value, workload.podLabels));
  return !pairs.includes('different') && pairs.some((p) => p === 'holds' || p === 'slip');
}

/** Labels whose value is the pod's ordinal, and how to read the ordinal from a selector value. */
const ordinalLabels: Readonly<Record<string, (value: string, workload: Workload) => number | undefined>> = {
  [statefulSetPodName]: (value, workload) => {
    const match = /^(.*)-(\d+)$/.exec(value);
    return match && match[1] === workload.name ? Number(match[2]) : undefined;
  },
  'apps.kubernetes.io/pod-index': (value) => (/^\d+$/.test(value) ? Number(value) : undefined),
};

/**
 * A StatefulSet whose pods the selector would select but for an ordinal at or beyond its replica
 * count (`pod-name: redis-3` with 3 replicas), and that ordinal.
 */
function ordinalBeyondReplicas(selector: Labels, candidates: readonly Workload[]): { workload: Workload; ordinal: number } | undefined {
  for (const workload of candidates) {
    const ordinalKeys = Object.keys(selector).filter((key) => Object.hasOwn(ordinalLabels, key) && perPodValues(workload.podLabels, key) !== undefined);
    if (ordinalKeys.length === 0) continue;
    const rest = Object.fromEntries(Object.entries(selector).filter(([key]) => !ordinalKeys.includes(key)));
    if (!matchesLabels(rest, workload.podLabels)) continue;
    for (const key of ordinalKeys) {
      const ordinal = ordinalLabels[key]?.(selector[key] as string, workload);
      if (ordinal !== undefined && ordinal >= workload.replicas) return { workload, ordinal };
    }
  }
  return undefined;
}

/**
 * `3 replicas (redis-0 … redis-2)`, or with an autoscaler `at most 5 replicas (kafka-0 … kafka-4)
 * under HorizontalPodAutoscaler data/kafka`.
 */
function describeReplicas(workload: Workload): string {
  const count = `${workload.autoscaler ? 'at most ' : ''}${workload.replicas} replica${workload.replicas === 1 ? '' : 's'}`;
  const names = describeLabelValue(workload.podLabels, statefulSetPodName);
  const listed = workload.replicas === 0 || !names ? count : `${count} (${names})`;
  return workload.autoscaler ? `${listed} under ${workload.autoscaler.displayName}` : listed;
}

/** What sets the replica count, to raise and to point at: spec.replicas, or the autoscaler's maximum. */
function replicaLimit(workload: Workload): { field: string; related: { at: NodeRef; message: string } } {
  const { autoscaler } = workload;
  if (autoscaler) {
    return { field: 'its maxReplicas', related: { at: autoscaler.maxReplicasNode, message: `maxReplicas of ${autoscaler.displayName}` } };
  }
  // Without spec.replicas the location falls back to the nearest enclosing node.
  return { field: 'spec.replicas', related: { at: workload.at('spec', 'replicas'), message: `replicas of ${workload.displayName}` } };
}

/**
 * The workload the selector most likely meant: fewest differing selector labels, then one whose
 * name is the Service's, then one that at least has the mismatched keys, then by name.
 */
function nearestWorkload(service: Service, selector: Labels, candidates: readonly Workload[]): Workload | undefined {
  const scored = candidates.map((workload) => {
    const misses = selectorMisses(selector, workload.podLabels);
    return { workload, score: [misses.length, workload.name === service.name ? 0 : 1, misses.filter((k) => !(k in workload.podLabels)).length] as const };
  });
  return scored.sort((a, b) => {
    const [x, y] = [a.score, b.score];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || compareText(a.workload.displayName, b.workload.displayName);
  })[0]?.workload;
}

/**
 * Workloads of other namespaces whose pods the selector matches, in namespaces without a Service
 * of this name: the Service most likely stands in the wrong namespace.
 */
function podsElsewhere(model: ClusterModel, service: Service, selector: Labels) {
  const served = new Set(model.namespacesWithService(service.name));
  const elsewhere = model.workloads().filter((w) => !served.has(w.namespace) && matchesLabels(selector, w.podLabels));
  if (elsewhere.length === 0) return undefined;
  const namespaces = [...new Set(elsewhere.map((w) => w.namespace))];
  return {
    data: {
      workloads: elsewhere.map((w) => w.displayName).join(', '),
      other: namespaces.join(' or '),
      calledAs: `${service.name}.${namespaces.length === 1 ? namespaces[0] : '<namespace>'}`,
    },
    related: elsewhere.map((w) => ({ at: w.podLabelsNode, message: `pod labels of ${w.displayName}` })),
  };
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
      'The rule compares the selector with the labels of the pods of every workload in the Service\'s namespace: the pod template labels of Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, ReplicationControllers, Jobs and CronJobs, plus the labels their controllers add. Labels on the workload object itself do not count.',
      '',
      'Labels added by controllers (see the README, "Pods created by controllers and operators"): a StatefulSet\'s pods carry `statefulset.kubernetes.io/pod-name: <name>-<i>` and `apps.kubernetes.io/pod-index: <i>` for each ordinal i below `replicas` (default 1), so a per-pod Service (`redis-announce-0` selecting `pod-name: redis-0`) selects one pod; an ordinal at or beyond `replicas` is reported (`ordinalOutOfRange`). When a HorizontalPodAutoscaler in the same namespace scales the StatefulSet (`spec.scaleTargetRef`), the count is decided at run time, so ordinals below its `maxReplicas` count as existing pods, and an ordinal at or beyond `maxReplicas` is reported, pointing at the autoscaler\'s `maxReplicas`. A Deployment\'s pods carry `pod-template-hash` and a Job\'s `job-name` and `controller-uid` (with `batch.kubernetes.io/` twins); values set at run time (a hash, a uid) match any value, and the Job name of a CronJob run matches `<cronjob>-<number>` only.',
      '',
      'Pods created by operators count too: prometheus-operator\'s Prometheus, Alertmanager and ThanosRuler (`spec.podMetadata.labels` plus the operator\'s `app.kubernetes.io/name`, `app.kubernetes.io/instance`, `app.kubernetes.io/managed-by` and `prometheus`/`alertmanager`/`thanos-ruler: <name>`), and any custom resource with a pod template (`spec.template.metadata.labels` and `spec.template.spec`: Argo Rollouts, OpenKruise, Knative, KubeVirt).',
      '',
      'When the input holds no workload in that namespace, the input is taken to be partial (the pods are deployed from elsewhere) and nothing is reported; so is a Service in kube-system or the DNS pods\' namespace, which the platform fills with pods no manifest shows (static control-plane pods, the DNS, network add-ons). When the namespace holds custom resources that create pods whose labels the input does not show (their spec has replicas, an image, containers or a pod template, as an Elasticsearch or a Kafka does), the finding is a warning saying the input may be partial (`partialInput`). Services of type ExternalName and Services without a selector are skipped.',
      '',
      'The message names the nearest workload (fewest differing selector labels) so the typo is easy to see, and gives it as a related location, but only when it is plausibly the one meant: its name is mostly contained in the Service\'s (beyond the words both start with: `thanos-query` is no slip for `thanos-sidecar`), or its labels read like the selector with slips (a similar value, the value under another key) and gaps but none that names something else (`app.kubernetes.io/name: alertmanager` for a Service selecting `grafana`, however many stack-wide labels such as `part-of` they share). Otherwise the message says that no workload has labels like the selector (`noSimilar`). When no workload of the namespace is plausible but pods of another namespace without a Service of this name match the selector, the message says so instead (`otherNamespace`): a Service selects pods of its own namespace only.',
    ].join('\n'),
  },
  messages: {
    noMatch: 'selector {{selector}} matches no pods in namespace {{namespace}}; nearest: {{workload}} has {{labels}}: {{fix}}',
    noSimilar:
      'selector {{selector}} matches no pods in namespace {{namespace}}, and no workload there has labels like it; use the pod template labels of the workload this Service is for',
    otherNamespace:
      'selector {{selector}} matches no pods in namespace {{namespace}}, but the pods of {{workloads}} match it, and a Service selects pods of its own namespace only: put the Service in {{other}} (clients then call it {{calledAs}}), or run the pods in {{namespace}}',
    ordinalOutOfRange:
      'selector selects pod {{pod}} of {{workload}}, which has {{replicas}}; select an existing pod or raise {{limit}}',
    partialInput:
      'selector {{selector}} matches no pod template in namespace {{namespace}}, but the input may be partial: the pods created from {{creators}} have labels netlint cannot read; if none of them has these labels, set the selector to the labels of the pods this Service is for',
  },
  *check(ctx) {
    for (const service of ctx.model.services()) {
      const { selector } = service;
      if (service.type === 'ExternalName' || !selector || Object.keys(selector).length === 0) continue;
      const candidates = ctx.model.workloadsIn(service.namespace);
      if (ctx.model.mayHoldUnseenPods(service.namespace) || ctx.model.workloadsSelectedBy(service).length > 0) continue;
      const beyond = ordinalBeyondReplicas(selector, candidates);
      if (beyond) {
        const { workload, ordinal } = beyond;
        const limit = replicaLimit(workload);
        yield ctx.report({
          at: service.selectorNode,
          messageId: 'ordinalOutOfRange',
          object: service,
          data: { pod: `${workload.name}-${ordinal}`, workload: workload.displayName, replicas: describeReplicas(workload), limit: limit.field },
          related: [limit.related],
        });
        continue;
      }
      const data = { selector: formatSelector(selector), namespace: service.namespace };
      const partial = partialInput(ctx.model, [service.namespace]);
      if (partial) {
        yield ctx.report({
          at: service.selectorNode,
          messageId: 'partialInput',
          object: service,
          severity: 'warning',
          data: { ...data, creators: partial.creators },
          related: partial.related,
        });
        continue;
      }
      // The nearest of the workloads plausibly meant: a nearer unrelated one must not hide a slip.
      const nearest = nearestWorkload(service, selector, candidates.filter((w) => isPlausible(service, selector, w)));
      if (!nearest) {
        const other = podsElsewhere(ctx.model, service, selector);
        if (other) yield ctx.report({ at: service.selectorNode, messageId: 'otherNamespace', object: service, data: { ...data, ...other.data }, related: other.related });
        else yield ctx.report({ at: service.selectorNode, messageId: 'noSimilar', object: service, data });
        continue;
      }
      yield ctx.report({
        at: service.selectorNode,
        messageId: 'noMatch',
        object: service,
        data: { ...data, workload: nearest.displayName, labels: describeKeys(selector, nearest.podLabels), fix: describeFix(selector, nearest) },
        related: [{ at: nearest.podLabelsNode, message: `pod labels of ${nearest.displayName}` }],
      });
    }
  },
});
