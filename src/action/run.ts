/**
 * The GitHub Action: lint the workspace with the programmatic API, then hand the findings to each
 * place GitHub shows them (annotations, the job summary, a SARIF file for code scanning) and set
 * the step's outputs and exit status.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { lint, NetlintError, type LintReport } from '../api.js';
import { version } from '../commands/lint.js';
import { runDiff } from '../commands/diff.js';
import { allRuleMeta } from '../registry.js';
import { annotationCommand, annotationsPerType, workflowCommand } from '../reporters/github.js';
import { sarif } from '../reporters/sarif.js';
import { stylish } from '../reporters/stylish.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { summaryMarkdown, type Repository } from './summary.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface ActionIo {
  readonly env: Env;
  /** Where the runner reads workflow commands: the step's standard output. */
  writeStdout(text: string): void;
}

/**
 * At most `annotationsPerType` errors, then as many warnings: the runner attaches no more per step.
 * Then one notice counting the rest, which the job summary lists.
 */
export function annotationLines(report: LintReport, workspace: string, summary: boolean): string[] {
  const context = { cwd: workspace, sourceRoot: workspace };
  const all = report.files.flatMap((file) => file.messages.map((m) => ({ filePath: file.filePath, m })));
  const lines: string[] = [];
  let hidden = 0;
  for (const severity of ['error', 'warning'] as const) {
    const ofSeverity = all.filter(({ m }) => m.severity === severity);
    for (const { filePath, m } of ofSeverity.slice(0, annotationsPerType)) lines.push(annotationCommand(filePath, m, context));
    hidden += Math.max(0, ofSeverity.length - annotationsPerType);
  }
  if (hidden > 0) {
    const where = summary ? 'in the job summary' : 'in the log above';
    lines.push(workflowCommand('notice', { title: 'netlint' }, `${hidden} more finding${hidden === 1 ? ' is' : 's are'} not annotated (GitHub shows ${annotationsPerType} of each level per step); all are listed ${where} and in the SARIF file`));
  }
  return lines;
}

/** `name=value` lines for $GITHUB_OUTPUT; a path uses the heredoc form, safe whatever it contains. */
export function outputLines(outputs: Readonly<Record<string, string | number>>): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (typeof value === 'number') return `${name}=${value}\n`;
      const delimiter = `ghadelimiter_${randomUUID()}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
}

export function exitCodeFor(failOn: ActionInputs['failOn'], errors: number, warnings: number): number {
  if (failOn === 'never') return 0;
  return errors > 0 || (failOn === 'warning' && warnings > 0) ? 1 : 0;
}

function repositoryOf(env: Env, workspace: string): Repository | undefined {
  const { GITHUB_REPOSITORY: name, GITHUB_SHA: sha } = env;
  if (!name || !sha) return undefined;
  return { serverUrl: env.GITHUB_SERVER_URL || 'https://github.com', name, sha, workspace };
}

/**
 * `netlint diff --base <ref> --format markdown` of the same paths and config, run in the
 * workspace: the Markdown, or why it could not run (the ref not fetched, a side that does not parse).
 */
function reachabilityDiff(inputs: ActionInputs, workspace: string, env: Env): { readonly markdown: string } | { readonly problem: string } {
  let stdout = '';
  let stderr = '';
  const io = {
    argv: [],
    cwd: workspace,
    env,
    stdinIsTTY: false,
    stdoutIsTTY: false,
    readStdin: () => '',
    writeStdout: (text: string) => (stdout += text),
    writeStderr: (text: string) => (stderr += text),
  };
  const config = inputs.config ? ['--config', inputs.config] : [];
  const code = runDiff(io, ['--base', inputs.diffBase, '--format', 'markdown', ...config, ...inputs.paths]);
  if (code === 0) return { markdown: stdout };
  return { problem: stderr.trim().split('\n')[0] ?? `netlint diff exited with ${code}` };
}

export function runAction(io: ActionIo): number {
  const fail = (message: string) => {
    io.writeStdout(`${workflowCommand('error', { title: 'netlint' }, message)}\n`);
    return 2;
  };
  let inputs: ActionInputs;
  try {
    inputs = readInputs(io.env);
  } catch (error) {
    if (error instanceof InputError) return fail(error.message);
    throw error;
  }
  const workspace = resolve(io.env.GITHUB_WORKSPACE || process.cwd());
  let report: LintReport;
  try {
    // Without the config input, lint() finds .netlintrc.* from the workspace upwards, as the CLI does.
    report = lint(inputs.paths, { cwd: workspace, ...(inputs.config ? { config: inputs.config } : {}) });
  } catch (error) {
    if (error instanceof NetlintError) return fail(error.message);
    throw error;
  }

  const { errorCount: errors, warningCount: warnings } = report;
  const broken = report.problems.length > 0 || report.internalErrors.length > 0;
  const exitCode = broken ? 2 : exitCodeFor(inputs.failOn, errors, warnings);
  const context = { rules: allRuleMeta, color: false, cwd: workspace, version: version(), sourceRoot: workspace, exitCode };

  // The log: the same report `netlint` prints, then the annotations.
  io.writeStdout(stylish(report, context));
  for (const problem of report.problems) io.writeStdout(`${workflowCommand('error', { title: 'netlint' }, `${problem.input}: ${problem.message}`)}\n`);
  for (const failure of report.internalErrors) io.writeStdout(`${workflowCommand('error', { title: 'netlint' }, `rule ${failure.ruleId} crashed; please report this bug: ${failure.message}`)}\n`);
  if (inputs.annotations) for (const line of annotationLines(report, workspace, inputs.summary)) io.writeStdout(`${line}\n`);

  let sarifPath = '';
  if (inputs.sarifFile) {
    sarifPath = resolve(workspace, inputs.sarifFile);
    try {
      mkdirSync(dirname(sarifPath), { recursive: true });
      writeFileSync(sarifPath, sarif(report, context));
    } catch (error) {
      return fail(`cannot write the SARIF file ${inputs.sarifFile}: ${(error as Error).message}`);
    }
  }
  if (inputs.diffBase && inputs.summary && io.env.GITHUB_STEP_SUMMARY) {
    // First in the summary: what the change does to reachability is what a reviewer asks first.
    const diff = reachabilityDiff(inputs, workspace, io.env);
    if ('markdown' in diff) appendFileSync(io.env.GITHUB_STEP_SUMMARY, `## Reachability since ${inputs.diffBase}\n\n${diff.markdown}\n`);
    else io.writeStdout(`${workflowCommand('warning', { title: 'netlint diff' }, `no reachability diff against ${inputs.diffBase}: ${diff.problem} (is that commit fetched? actions/checkout needs fetch-depth: 0)`)}\n`);
  }
  if (inputs.summary && io.env.GITHUB_STEP_SUMMARY) {
    const counts = { errors, warnings, suppressed: report.files.reduce((n, f) => n + f.suppressedMessages.length, 0), files: report.files.length };
    appendFileSync(io.env.GITHUB_STEP_SUMMARY, summaryMarkdown(report.files, counts, repositoryOf(io.env, workspace)));
  }
  if (io.env.GITHUB_OUTPUT) {
    appendFileSync(io.env.GITHUB_OUTPUT, outputLines({ 'sarif-file': sarifPath, errors, warnings }));
  }
  return exitCode;
}
