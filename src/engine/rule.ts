/**
 * The contract between the engine and a rule module. A rule is pure: it reads the cluster model
 * and yields findings built with `ctx.report`; it never reads files or raw documents.
 */
import type { ClusterModel } from './model/cluster.js';
import type { Finding, NodeRef, ObjectIdentity, Severity } from './finding.js';
import type { Settings } from './settings.js';
import type { Reachability } from './reach/analysis.js';

export type Category = 'correctness' | 'reachability' | 'input';

export interface RuleDocs {
  /** One sentence, no trailing period: what the rule reports. */
  readonly summary: string;
  /** Why it matters: what breaks at run time. */
  readonly why: string;
  /** Exact semantics, limits, and how to fix. */
  readonly details?: string;
}

export interface RuleMeta<MessageId extends string = string> {
  /** Kebab-case id; names the file, fixture folder, doc page and SARIF ruleId. */
  readonly id: string;
  readonly severity: Severity;
  readonly category: Category;
  /** The kinds the rule reports on. */
  readonly kinds: readonly string[];
  readonly docs: RuleDocs;
  /** Message templates with `{{placeholder}}` arguments, keyed by message id. */
  readonly messages: Readonly<Record<MessageId, string>>;
}

export interface ReportDescriptor<MessageId extends string> {
  readonly at: NodeRef;
  readonly messageId: MessageId;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly object?: ObjectIdentity;
  /** Overrides the rule's default severity for this finding (a variant that is only a warning). */
  readonly severity?: Severity;
  readonly related?: readonly { readonly at: NodeRef; readonly message: string }[];
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

/** Identity function that lets TypeScript check message ids against the rule's own messages. */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}

/** Fills `{{name}}` placeholders; a missing argument is a programming error, so it throws. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const value = data[name];
    if (value === undefined) throw new Error(`message placeholder {{${name}}} has no value`);
    return String(value);
  });
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
      const data = Object.fromEntries(
        Object.entries(descriptor.data ?? {}).map(([key, value]) => [key, String(value)]),
      );
      return {
        ruleId: rule.id,
        messageId: descriptor.messageId,
        message: formatMessage(rule.messages[descriptor.messageId], data),
        data,
        severity: descriptor.severity ?? rule.severity,
        at: descriptor.at,
        ...(descriptor.object ? { object: descriptor.object } : {}),
        ...(descriptor.related ? { related: descriptor.related } : {}),
      };
    },
  };
}
