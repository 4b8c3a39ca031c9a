/**
 * The job summary: a Markdown table of every finding, each linked to its line in the repository
 * at the commit the workflow ran on.
 */
import type { FileResult } from '../engine/lint.js';
import type { LintMessage } from '../engine/finding.js';
import { fromOrigin } from '../engine/origin.js';
import type { Range } from '../engine/source.js';
import { repositoryPath } from '../reporters/paths.js';
import { ruleDocUri } from '../package-info.js';

/** Where the workflow runs: the GITHUB_* variables links are built from. */
export interface Repository {
  /** `GITHUB_SERVER_URL`, e.g. https://github.com (another host on GitHub Enterprise Server). */
  readonly serverUrl: string;
  /** `GITHUB_REPOSITORY`: owner/name. */
  readonly name: string;
  /** `GITHUB_SHA`: the commit, so links keep pointing at the lines that were linted. */
  readonly sha: string;
  /** `GITHUB_WORKSPACE`: the checkout, which repository paths are relative to. */
  readonly workspace: string;
}

/**
 * GitHub drops a step summary larger than 1 MiB whole; rows stop short of that, and the last line
 * says how many were left out (the SARIF file and the log have them all).
 */
export const summaryBudget = 1_000_000;

/**
 * A table cell: `|` would end the cell and a line break the row; `<`, `>` and `&` would be read
 * as HTML, which GitHub's Markdown renders.
 */
export function markdownCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>');
}

function lineAnchor(range: Range): string {
  return range.endLine > range.line ? `#L${range.line}-L${range.endLine}` : `#L${range.line}`;
}

/** The finding's place, linked to the file at the commit when it is a file of the repository. */
function locationCell(filePath: string, m: LintMessage, repository: Repository | undefined): string {
  const root = repository && { cwd: repository.workspace, sourceRoot: repository.workspace };
  const inRepository = root && repositoryPath(filePath, root);
  const text = markdownCell(`${inRepository ?? filePath}:${m.range.line}:${m.range.column}`);
  if (!repository || inRepository === undefined) return text;
  const path = inRepository.split('/').map(encodeURIComponent).join('/');
  const url = `${repository.serverUrl.replace(/\/$/, '')}/${repository.name}/blob/${repository.sha}/${path}${lineAnchor(m.range)}`;
  return `[${text}](${url})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export interface SummaryCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly files: number;
}

/** The summary's Markdown: a heading with the counts and one table row per finding, errors first. */
export function summaryMarkdown(files: readonly FileResult[], counts: SummaryCounts, repository: Repository | undefined): string {
  const suppressed = counts.suppressed > 0 ? `, ${counts.suppressed} suppressed` : '';
  const heading = `### netlint: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}${suppressed} in ${plural(counts.files, 'file')}\n`;
  const rows = files
    .flatMap((file) => file.messages.map((m) => ({ file, m })))
    .sort((a, b) => (a.m.severity === b.m.severity ? 0 : a.m.severity === 'error' ? -1 : 1));
  if (rows.length === 0) return `${heading}\nNo problems found.\n`;
  const lines = ['', '| Severity | Rule | Message | Location |', '| --- | --- | --- | --- |'];
  let size = Buffer.byteLength(heading + lines.join('\n'));
  let written = 0;
  for (const { file, m } of rows) {
    const row = `| ${m.severity} | [${markdownCell(m.ruleId)}](${ruleDocUri(m.ruleId)}) | ${markdownCell(m.message + fromOrigin(m.origin))} | ${locationCell(file.filePath, m, repository)} |`;
    size += Buffer.byteLength(row) + 1;
    if (size > summaryBudget - 200) break;
    lines.push(row);
    written++;
  }
  if (written < rows.length) {
    lines.push('', `${plural(rows.length - written, 'more finding')} not shown: GitHub keeps a step summary under 1 MiB. The SARIF file and the step log list them all.`);
  }
  return `${heading}${lines.join('\n')}\n`;
}
