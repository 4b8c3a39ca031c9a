/**
 * GitHub Actions workflow commands: one `::error`/`::warning` line per finding, which the runner
 * turns into annotations on the pull request. Columns are sent only for single-line ranges, as
 * the runner drops them otherwise.
 */
import { fromOrigin } from '../engine/origin.js';
import { repositoryPath } from './paths.js';
import type { Reporter } from './types.js';

/** Escaping for the message part (the runner decodes these). `%` must go first. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping for property values, where `:` and `,` are separators. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The runner attaches at most this many annotations of one type per step. */
const annotationsPerType = 10;

export const github: Reporter = (result, context) => {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0 };
  for (const file of result.files) {
    for (const m of file.messages) {
      counts[m.severity]++;
      const { line, column, endLine, endColumn } = m.range;
      // GitHub maps annotations to files by their path from the repository root.
      const path = repositoryPath(file.filePath, context) ?? file.filePath;
      const properties = [`file=${escapeProperty(path)}`, `line=${line}`, `endLine=${endLine}`];
      if (line === endLine) properties.push(`col=${column}`, `endColumn=${endColumn}`);
      properties.push(`title=${escapeProperty(`netlint(${m.ruleId})`)}`);
      // The annotation sits on the rendered file (or `<stdin>`): its text names the template too.
      lines.push(`::${m.severity} ${properties.join(',')}::${escapeData(m.message + fromOrigin(m.origin))}`);
    }
  }
  const hidden = Math.max(0, counts.error - annotationsPerType) + Math.max(0, counts.warning - annotationsPerType);
  if (hidden > 0) {
    lines.push(
      `::notice title=netlint::${escapeData(`${hidden} more findings are in the log but not annotated (GitHub shows ${annotationsPerType} of each type per step); use --format sarif for code scanning`)}`,
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};
