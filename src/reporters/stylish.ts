/**
 * ESLint's default layout: a header per file, one aligned row per problem
 * (`line:col  severity  message  rule-id`), and a summary. Prints nothing when there are no problems.
 * A finding in rendered input names its template at the end of the message, `(from
 * mychart/templates/svc.yaml)`: inside the row, so that problem matchers written for ESLint's
 * layout still read every row.
 */
import { fromOrigin } from '../engine/origin.js';
import { widest } from '../engine/util.js';
import { palette } from './colors.js';
import { printable } from './printable.js';
import type { Reporter } from './types.js';


function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Pads by visible width, so colour codes do not disturb alignment. */
function padEnd(text: string, visible: number, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visible));
}

export const stylish: Reporter = (result, context) => {
  const paint = palette(context.color);
  let errors = 0;
  let warnings = 0;
  let suppressed = 0;
  let fixable = 0;
  let out = '';
  for (const file of result.files) {
    suppressed += file.suppressedMessages.length;
    if (file.messages.length === 0) continue;
    errors += file.errorCount;
    warnings += file.warningCount;
    fixable += file.messages.filter((m) => m.fix?.safe).length;
    const rows = file.messages.map((m) => ({
      position: `${m.range.line}:${m.range.column}`,
      severity: m.severity,
      message: printable(m.message.replace(/\.$/, '')),
      from: printable(fromOrigin(m.origin)),
      ruleId: m.ruleId,
    }));
    const width = {
      position: widest(rows.map((r) => r.position.length)),
      severity: widest(rows.map((r) => r.severity.length)),
      message: widest(rows.map((r) => r.message.length + r.from.length)),
    };
    out += `\n${paint.underline(printable(file.filePath))}\n`;
    for (const row of rows) {
      const severity = row.severity === 'error' ? paint.red(row.severity) : paint.yellow(row.severity);
      out +=
        `  ${padEnd(paint.dim(row.position), row.position.length, width.position)}` +
        `  ${padEnd(severity, row.severity.length, width.severity)}` +
        `  ${padEnd(row.message + paint.dim(row.from), row.message.length + row.from.length, width.message)}` +
        `  ${paint.dim(row.ruleId)}\n`;
    }
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const silenced = suppressed > 0 ? `, ${suppressed} suppressed` : '';
  const summary = `\u2716 ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}${silenced})`;
  const colored = errors > 0 ? paint.red(paint.bold(summary)) : paint.yellow(paint.bold(summary));
  // As ESLint: say when `--fix` would change something.
  const fixHint = fixable > 0 ? `  ${plural(fixable, 'problem')} potentially fixable with the \`--fix\` option.\n` : '';
  return `${out}\n${colored}\n${fixHint}`;
};
