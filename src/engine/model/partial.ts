/**
 * Where the input may not show every pod: custom resources whose operator creates pods with labels
 * netlint cannot read. Rules that would say "matches nothing" say "may be partial" instead, with
 * the same wording and the same related locations everywhere.
 */
import type { NodeRef } from '../finding.js';
import { someNames } from '../util.js';
import type { ClusterModel } from './cluster.js';

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
