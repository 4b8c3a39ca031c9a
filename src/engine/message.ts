/**
 * What rules and the engine's own diagnostics (syntax errors, templates) have in common: their
 * metadata and `{{placeholder}}` message templates. It sits below both the rule contract
 * (`rule.ts`) and the parser, so reading input does not depend on how rules run.
 */
import type { Severity } from './finding.js';

export type Category = 'correctness' | 'reachability' | 'input';

export interface RuleDocs {
  /** One sentence, no trailing period: what the rule reports. */
  readonly summary: string;
  /** Why it matters: what breaks at run time. */
  readonly why: string;
  /** Exact semantics, limits, and how to fix. */
  readonly details?: string;
  /** A page documenting the rule: for plugin rules (built-in rules link their generated docs/rules page). */
  readonly url?: string;
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
  /** Set for a check that is off by default: the command-line option that turns it on. */
  readonly enabledBy?: string;
  /**
   * `'off'` for a rule that runs only when the config (`rules: { <id>: warn }`) or `--rule <id>=warn`
   * turns it on: a sound check that many working setups trip on purpose. Unset: on by default.
   */
  readonly defaultLevel?: 'off';
  /** Some findings carry fixes (`netlint --fix`); the docs and `netlint rules` say so. */
  readonly fixable?: boolean;
  /** Set by the engine for a rule that comes from a plugin: the plugin's name and the file it was loaded from. */
  readonly plugin?: PluginOrigin;
}

/** Where a plugin rule comes from: `name` is the prefix of its id (`acme/…`), `file` the module as the config names it. */
export interface PluginOrigin {
  readonly name: string;
  readonly file: string;
}


/** Whether the rule runs when neither the config nor the command line names it. */
export function onByDefault(meta: RuleMeta): boolean {
  return meta.enabledBy === undefined && meta.defaultLevel !== 'off';
}

/** Fills `{{name}}` placeholders; a missing argument is a programming error, so it throws. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const value = data[name];
    if (value === undefined) throw new Error(`message placeholder {{${name}}} has no value`);
    return String(value);
  });
}
