/**
 * A rule's documentation page as Markdown, from its metadata. `npm run gen` adds the examples
 * (from the test fixtures) and writes docs/rules/<id>.md; `netlint explain` prints that page, or
 * this metadata-only form where the page is not installed.
 */
import { onByDefault } from './engine/message.js';
import type { RuleMeta } from './engine/rule.js';

/** ` · off by default (--flag)` for a rule that runs only when asked for; empty otherwise. */
function defaultOffNote(rule: RuleMeta): string {
  if (rule.enabledBy) return ` · off by default (\`${rule.enabledBy}\`)`;
  return onByDefault(rule) ? '' : ' · off by default';
}

/** The page, with `example` (a `## Example` section, or nothing) between the details and the messages. */
export function ruleMarkdown(rule: RuleMeta, example = ''): string {
  const kinds = rule.kinds.length > 0 ? rule.kinds.join(', ') : 'any input file';
  const messages = Object.entries(rule.messages as Record<string, string>)
    .map(([id, template]) => `| \`${id}\` | ${template.replace(/\|/g, '\\|')} |`)
    .join('\n');
  return [
    `# ${rule.id}`,
    '',
    `**${rule.severity}** · ${rule.category} · ${kinds}${rule.fixable ? ' · fixable with `--fix`' : ''}${defaultOffNote(rule)}`,
    '',
    `${rule.docs.summary}.`,
    '',
    '## Why is this bad?',
    '',
    rule.docs.why,
    '',
    ...(rule.docs.details ? ['## Details', '', rule.docs.details, ''] : []),
    example,
    '## Messages',
    '',
    '| id | text |',
    '| --- | --- |',
    messages,
    '',
  ].join('\n');
}
