/**
 * `netlint rules` lists every rule (and engine diagnostic) with its default severity, category,
 * whether it runs by default, and its summary; `netlint explain <rule-id>` prints a rule's
 * documentation page, like `ruff rule <code>`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Io } from './inputs.js';
import type { RuleMeta } from '../engine/rule.js';
import { unknownRule } from '../engine/config.js';
import { onByDefault } from '../engine/message.js';
import { widest } from '../engine/util.js';
import { packageRoot, ruleHelpUri } from '../package-info.js';
import { allRuleMeta, configuredRuleMeta } from '../registry.js';
import { loadConfig, takeNoConfig } from './config.js';
import { ruleMarkdown } from '../rule-docs.js';

export const rulesUsage = `Usage: netlint rules [--format text|json]

List every rule: id, default severity, category, whether it runs by default, whether --fix can fix
its findings, and summary. The rules of the config's plugins are listed too, as <plugin-name>/<rule-id>.

  -f, --format <name>       text (an aligned table, default) | json
  -c, --config <path>       Use this config file instead of the nearest .netlintrc.yaml/.yml/.json
  --no-config               Use no config file (built-in rules only)
  -h, --help                Print this help

netlint explain <rule-id> prints one rule's documentation.
`;

export const explainUsage = `Usage: netlint explain [-c <config>] <rule-id>

Print a rule's documentation: what it reports, why it matters, an example, and its messages.
netlint rules lists the rule ids (a plugin's too: its rules come from the config's plugins).
`;

function parse(io: Io, command: string, argv: readonly string[], options: { format?: boolean }) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...(options.format ? { format: { type: 'string', short: 'f', default: 'text' } as const } : {}),
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.writeStderr(`netlint ${command}: ${(error as Error).message.replace(/\. To specify a positional.*$/s, '')}\nRun netlint ${command} --help for usage.\n`);
    return undefined;
  }
}

/** The table: one row per rule, columns padded to their widest cell, the summary last. */
export function rulesTable(all: readonly RuleMeta[]): string {
  const header = ['RULE', 'SEVERITY', 'CATEGORY', 'DEFAULT', 'FIX', 'SUMMARY'];
  const rows = [header, ...all.map((r) => [r.id, r.severity, r.category, onByDefault(r) ? 'on' : 'off', r.fixable ? 'yes' : '-', r.docs.summary])];
  const widths = header.map((_, column) => widest(rows.map((row) => (row[column] as string).length)));
  const lines = rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] as number))).join('  '));
  return `${lines.join('\n')}\n`;
}

function rulesJson(all: readonly RuleMeta[]): string {
  const entries = all.map((r) => ({
    id: r.id,
    severity: r.severity,
    category: r.category,
    kinds: r.kinds,
    enabledByDefault: onByDefault(r),
    ...(r.enabledBy ? { enabledBy: r.enabledBy } : {}),
    fixable: r.fixable ?? false,
    summary: r.docs.summary,
    ...(r.plugin ? { plugin: r.plugin.name } : {}),
    ...(ruleHelpUri(r) !== undefined ? { helpUri: ruleHelpUri(r) } : {}),
  }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/** The built-in rules and those of the config's plugins; undefined (a message written) for a bad config. */
function knownRules(io: Io, config: string | undefined, none: boolean, command: string): readonly RuleMeta[] | undefined {
  const loaded = loadConfig(io, { path: config, none, ruleLevels: [], namespace: undefined }, allRuleMeta, command);
  return loaded && configuredRuleMeta(loaded);
}

export function runRulesList(io: Io, argvWithNoConfig: readonly string[]): number {
  const { argv, none } = takeNoConfig(argvWithNoConfig);
  const parsed = parse(io, 'rules', argv, { format: true });
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  if (values.help) {
    io.writeStdout(rulesUsage);
    return 0;
  }
  if (positionals.length > 0) {
    io.writeStderr(`netlint rules: takes no arguments (got ${positionals.join(' ')}); to lint a directory named rules, write netlint ./rules\n`);
    return 2;
  }
  const format = values.format as string;
  if (format !== 'text' && format !== 'json') {
    io.writeStderr(`netlint rules: unknown format "${format}"; choose one of text, json\n`);
    return 2;
  }
  const metas = knownRules(io, values.config, none, 'netlint rules');
  if (!metas) return 2;
  io.writeStdout(format === 'json' ? rulesJson(metas) : rulesTable(metas));
  return 0;
}

/** The installed page (docs/rules/<id>.md, with examples) without its "generated" comment, else one built from metadata. */
function ruleDocumentation(rule: RuleMeta): string {
  if (rule.plugin) return ruleMarkdown(rule);
  try {
    const page = readFileSync(join(packageRoot(), 'docs', 'rules', `${rule.id}.md`), 'utf8');
    return page.replace(/^<!--.*?-->\n/, '');
  } catch {
    return ruleMarkdown(rule);
  }
}

export function runExplain(io: Io, argvWithNoConfig: readonly string[]): number {
  const { argv, none } = takeNoConfig(argvWithNoConfig);
  const parsed = parse(io, 'explain', argv, {});
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  if (values.help) {
    io.writeStdout(explainUsage);
    return 0;
  }
  if (positionals.length !== 1) {
    io.writeStderr(`netlint explain: give one rule id (netlint rules lists them)\n`);
    return 2;
  }
  const id = positionals[0] as string;
  const metas = knownRules(io, values.config, none, 'netlint explain');
  if (!metas) return 2;
  const rule = metas.find((r) => r.id === id);
  if (!rule) {
    io.writeStderr(`netlint explain: ${unknownRule(id, metas)}\n`);
    return 2;
  }
  io.writeStdout(ruleDocumentation(rule));
  return 0;
}
