/**
 * The contract between the engine and a rule module. A rule is pure: it reads the cluster model
 * and yields findings built with `ctx.report`; it never reads files or raw documents.
 */
import type { ClusterModel } from './model/cluster.js';
import type { Finding, Fix, NodeRef, ObjectIdentity, Severity } from './finding.js';
import type { Settings } from './settings.js';
import type { Reachability } from './reach/analysis.js';
import { formatMessage, type RuleMeta } from './message.js';

export type { Category, PluginOrigin, RuleDocs, RuleMeta } from './message.js';
// What rules may use of the reachability engine: the analysis handed to them as `ctx.reach`.
export type { DnsVerdict, Reachability } from './reach/analysis.js';
export type { PodClass } from './reach/peers.js';

export interface ReportDescriptor<MessageId extends string> {
  readonly at: NodeRef;
  readonly messageId: MessageId;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly object?: ObjectIdentity;
  /** Overrides the rule's default severity for this finding (a variant that is only a warning). */
  readonly severity?: Severity;
  readonly related?: readonly { readonly at: NodeRef; readonly message: string }[];
  /** Edits that resolve the finding; a rule that gives fixes sets `fixable` in its metadata. */
  readonly fix?: Fix;
}

export interface RuleContext<MessageId extends string> {
  readonly model: ClusterModel;
  /** The reachability analysis of the model, built on first use and shared by all rules. */
  readonly reach: Reachability;
  readonly settings: Settings;
  report(descriptor: ReportDescriptor<MessageId>): Finding;
}

export interface Rule<MessageId extends string = string> extends RuleMeta<MessageId> {
  check(ctx: RuleContext<MessageId>): Iterable<Finding>;
}

/** `{ fix }` for a report when there is one: `...fixOf(maybe)` keeps `fix` out when undefined. */
export function fixOf(fix: Fix | undefined): { fix?: Fix } {
  return fix ? { fix } : {};
}

/** Identity function that lets TypeScript check message ids against the rule's own messages. */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}

export function createContext<MessageId extends string>(
  rule: RuleMeta<MessageId>,
  model: ClusterModel,
  settings: Settings,
  reach: () => Reachability,
): RuleContext<MessageId> {
  return {
    model,
    settings,
    get reach() {
      return reach();
    },
    report(descriptor) {
      // As ESLint: a fix from a rule that does not say it fixes is a bug in the rule (docs would lie).
      if (descriptor.fix && !rule.fixable) throw new Error(`rule ${rule.id} reported a fix but does not declare fixable: true`);
      const data = Object.fromEntries(
        Object.entries(descriptor.data ?? {}).map(([key, value]) => [key, String(value)]),
      );
      const template: string | undefined = rule.messages[descriptor.messageId];
      // TypeScript checks message ids in rules written with defineRule; a plugin in plain JavaScript may not.
      if (template === undefined) throw new Error(`report() names messageId "${descriptor.messageId}", which the rule's messages do not define`);
      return {
        ruleId: rule.id,
        messageId: descriptor.messageId,
        message: formatMessage(template, data),
        data,
        severity: descriptor.severity ?? rule.severity,
        at: descriptor.at,
        ...(descriptor.object ? { object: descriptor.object } : {}),
        ...(descriptor.related ? { related: descriptor.related } : {}),
        ...(descriptor.fix ? { fix: descriptor.fix } : {}),
      };
    },
  };
}
