/**
 * GitHub Actions workflow commands: one `::error`/`::warning` line per finding, which the runner
 * turns into annotations on the pull request. The GitHub Action (src/action/) writes its
 * annotations with the same functions.
 */
import type { LintMessage } from '../engine/finding.js';
import { fromOrigin } from '../engine/origin.js';
import { repositoryPath } from './paths.js';
import { printable } from './printable.js';
import type { Reporter, ReporterContext } from './types.js';

/**
 * Escaping for the message part (the runner decodes these), as @actions/core's `escapeData`.
 * `%` must go first, or the escapes themselves would be escaped.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping for property values, where `:` and `,` are separators, as @actions/core's `escapeProperty`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::command key=value,…::message`, escaped; properties without a value are left out, as @actions/core does. */
export function workflowCommand(command: string, properties: Readonly<Record<string, string | number | undefined>>, message: string): string {
  const pairs = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${command}${pairs.length > 0 ? ` ${pairs.join(',')}` : ''}::${escapeData(message)}`;
}

/** The annotation for one finding. Columns are sent only for single-line ranges, as the runner drops them otherwise. */
export function annotationCommand(filePath: string, m: LintMessage, context: Pick<ReporterContext, 'cwd' | 'sourceRoot'>): string {
  const { line, column, endLine, endColumn } = m.range;
  const singleLine = line === endLine;
  return workflowCommand(
    m.severity,
    {
      file: repositoryPath(filePath, context) ?? filePath,
      line,
      endLine,
      col: singleLine ? column : undefined,
      endColumn: singleLine ? endColumn : undefined,
      title: `netlint(${m.ruleId})`,
    },
    // The annotation sits on the rendered file (or `<stdin>`): its text names the template too.
    // The runner prints the message in the log, which obeys escape sequences: show them escaped.
    printable(m.message + fromOrigin(m.origin)),
  );
}

/** The runner attaches at most this many annotations of one type per step. */
export const annotationsPerType = 10;

export const github: Reporter = (result, context) => {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0 };
  for (const file of result.files) {
    for (const m of file.messages) {
      counts[m.severity]++;
      lines.push(annotationCommand(file.filePath, m, context));
    }
  }
  const hidden = Math.max(0, counts.error - annotationsPerType) + Math.max(0, counts.warning - annotationsPerType);
  if (hidden > 0) {
    lines.push(
      workflowCommand(
        'notice',
        { title: 'netlint' },
        `${hidden} more findings are in the log but not annotated (GitHub shows ${annotationsPerType} of each type per step); use --format sarif for code scanning`,
      ),
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};
