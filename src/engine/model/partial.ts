/**
 * Where the input may not show every pod: custom resources whose operator creates pods with labels
 * netlint cannot read. Rules that would say "matches nothing" say "may be partial" instead, with
 * the same wording and the same related locations everywhere.
 */
import type { NodeRef } from '../finding.js';
import { someNames } from '../util.js';
import type { ClusterModel } from './cluster.js';
import type { LabelSelector } from './selectors.js';

export interface PartialInput {
  /** `Elasticsearch logs/es, Kafka logs/bus`, for the message's {{creators}}. */
  readonly creators: string;
  /** Each creator's name, as a related location of the finding. */
  readonly related: readonly { readonly at: NodeRef; readonly message: string }[];
}

/** The pod creators of these namespaces the input cannot read, or undefined when there are none. */
export function partialInput(model: ClusterModel, namespaces: readonly string[]): PartialInput | undefined {
  const creators = [...new Set(namespaces.flatMap((ns) => model.unreadablePodCreators(ns)))];
  if (creators.length === 0) return undefined;
  return {
    creators: someNames(creators.map((c) => c.displayName)),
    related: creators.map((c) => ({ at: c.at('metadata', 'name'), message: `pods created from ${c.displayName} are not in the input` })),
  };
}

/**
 * Labels that controllers put on pods they create at run time, with no manifest or custom resource
 * of them in the input: cert-manager's ACME HTTP-01 solver (one pod per challenge), Tekton's task
 * run pods, Argo Workflows' step pods.
 */
const onDemandPodLabels: readonly string[] = [
  'acme.cert-manager.io/http01-solver',
  'tekton.dev/taskRun',
  'tekton.dev/pipelineRun',
  'workflows.argoproj.io/workflow',
];

/** Whether a selector requires a label only pods created on demand carry: it selects pods the input cannot show. */
export function selectsOnDemandPods(selector: LabelSelector): boolean {
  const required = [...Object.keys(selector.matchLabels), ...selector.matchExpressions.filter((e) => e.operator === 'In' || e.operator === 'Exists').map((e) => e.key)];
  return required.some((key) => onDemandPodLabels.includes(key));
}
