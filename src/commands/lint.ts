/**
 * `netlint [paths…]`: arguments → load → lint → report → exit code
 * (0 clean, 1 errors or too many warnings, 2 usage error, unreadable input or internal error).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeSkipped, inferredNamespaceNote, loadCommandInputs, progressFor, type Io } from './inputs.js';
import type { Progress } from '../engine/progress.js';
import { lintSources, type InternalError, type LintResult } from '../engine/lint.js';
import { ConfigError, printableConfig, unknownRule, type NetlintConfig } from '../engine/config.js';
import { unusedSuppression } from '../engine/diagnostics.js';
import { definedInSeveralFolders, filesMatching, groupFiles, mergeResults, mergedClustersNote, type ClusterGroup } from '../engine/clusters.js';
import type { RuleMeta } from '../engine/message.js';
import type { SourceFile } from '../engine/source.js';
import { configBase, loadConfig, ruleLevels, takeNoConfig, withoutIgnored } from './config.js';
import { rules } from '../rules/index.js';
import { allRuleMeta, configuredRuleMeta } from '../registry.js';
import { reporters, formatNames } from '../reporters/index.js';
import { sarif } from '../reporters/sarif.js';
import { shouldUseColor } from '../reporters/colors.js';
import { packageInfo } from '../package-info.js';
import { changedFiles, fixDiff, fixSources, writeFixedFiles } from './fix.js';

export const lintUsage = `Usage: netlint [options] [file|dir|glob|-]...
       netlint reach [options] [file|dir|glob|-]...   (see netlint reach --help)
       netlint diff [options] <old> <new>              reachability before and after a change
                                                       (see netlint diff --help)
       netlint rules [--format text|json]              list every rule
       netlint explain <rule-id>                       print a rule's documentation
       netlint init [--pre-commit] [--github]          write starter config files

Lint Kubernetes manifests for networking mistakes, offline.

Input:
  files, directories (recursive: .yaml, .yml, .json), globs, or - for stdin
  --stdin-filename <path>   Name shown for standard input
  -n, --namespace <name>    Namespace of objects without metadata.namespace (default: the input's
                            only namespace if it has exactly one, else default)
  --verbose                 Say on stderr which documents were skipped as not Kubernetes objects,
                            and print the stack trace of a rule that throws

Configuration:
  -c, --config <path>       Use this config file instead of the nearest .netlintrc.yaml/.yml/.json
                            (its plugins are loaded: their code runs)
  --no-config               Use no config file
  --rule <id>=<level>       Set a rule to off, warn or error (repeatable; overrides the config)
  --only <id>[,<id>…]       Run only these rules (repeatable); syntax errors are always reported
  --print-config            Print the effective configuration as JSON and exit

Fixing:
  --fix                     Apply the safe fixes to the files in place, then report what remains
                            (standard input is never written: use --fix-dry-run)
  --fix-dry-run             Print the fixes as a unified diff on stdout and write nothing; the
                            report of what would remain goes to stderr

Output:
  -f, --format <name>       ${formatNames.join(' | ')} (default: stylish)
  -o, --output-file <path>  Write the report to a file instead of stdout
  --sarif-file <path>       Also write SARIF to this file, whatever --format prints
  --sarif-category <name>   SARIF automationDetails.id, one per upload of a commit (default: netlint/)
  -q, --quiet               Report errors only
  --max-warnings <n>        Exit 1 when there are more than n warnings
  --report-unused-suppressions
                            Warn about suppressions that silence nothing
  --color, --no-color       Force colour on or off (default: on for a terminal; NO_COLOR, FORCE_COLOR)

  -v, --version             Print the version
  -h, --help                Print this help

Suppress a finding where it is written: \`# netlint-disable-next-line <rule-id> -- reason\`,
\`# netlint-disable-file <rule-id>\`, or the annotation \`netlint.io/ignore: <rule-id>\` on the object.

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage or internal error.
Examples:
  netlint k8s/
  helm template my-release ./chart | netlint -
  netlint k8s/ --sarif-file netlint.sarif
  netlint k8s/ --format junit --output-file netlint-junit.xml
`;

/** netlint's version, from package.json. */
export function version(): string {
  return packageInfo().version;
}

class UsageError extends Error {}

/** `--max-warnings -1` (ESLint's "no limit") would read as a flag: join it to its option. */
function joinNegativeNumbers(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if (arg === '--max-warnings' && next !== undefined && /^-\d+$/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: joinNegativeNumbers(argv),
      allowPositionals: true,
      allowNegative: true,
      options: {
        // Several values are collected only to refuse them: the last one silently winning hides a mistake.
        format: { type: 'string', short: 'f', multiple: true },
        'output-file': { type: 'string', short: 'o' },
        'sarif-file': { type: 'string' },
        'sarif-category': { type: 'string' },
        quiet: { type: 'boolean', short: 'q', default: false },
        'max-warnings': { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        'stdin-filename': { type: 'string' },
        rule: { type: 'string', multiple: true },
        only: { type: 'string', multiple: true },
        config: { type: 'string', short: 'c' },
        'print-config': { type: 'boolean', default: false },
        fix: { type: 'boolean', default: false },
        'fix-dry-run': { type: 'boolean', default: false },
        'report-unused-suppressions': { type: 'boolean', default: false },
        color: { type: 'boolean' },
        verbose: { type: 'boolean', default: false },
        version: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

/** The repository root SARIF URIs are relative to: GITHUB_WORKSPACE, else the nearest `.git`. */
function sourceRoot(cwd: string, env: Io['env']): string {
  if (env.GITHUB_WORKSPACE) return resolve(env.GITHUB_WORKSPACE);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

/** --only a,b --only c: the rules to run; undefined for all. A ConfigError names an unknown id. */
export function selectedRules(only: readonly string[] | undefined, metas: readonly RuleMeta[] = allRuleMeta): ReadonlySet<string> | undefined {
  if (!only) return undefined;
  const ids = only.flatMap((list) => list.split(',')).map((id) => id.trim()).filter(Boolean);
  const unknown = ids.find((id) => !metas.some((meta) => meta.id === id));
  if (unknown !== undefined) throw new ConfigError(unknownRule(unknown, metas));
  return new Set(ids);
}

/** What linting under a config gives: the whole result, and each cluster's (one unless `clusters` splits the input). */
export interface ConfiguredLint {
  readonly full: LintResult;
  readonly results: readonly LintResult[];
  readonly groups: readonly ClusterGroup[];
}

/**
 * Lints files as the config says: its `ignore` globs left out, each of its `clusters` linted as
 * a cluster of its own, its rule levels and cluster facts applied. The CLI and the API both lint here.
 */
export function lintConfigured(
  loaded: readonly SourceFile[],
  config: NetlintConfig,
  cwd: string,
  choice: { readonly only: ReadonlySet<string> | undefined; readonly reportUnusedSuppressions: boolean; readonly progress?: Progress },
): ConfiguredLint {
  const base = configBase(cwd, config);
  const files = withoutIgnored(loaded, config, base);
  const levels = ruleLevels(config);
  // A rule named in --only runs even where the config turns it off: the command line asked for it.
  for (const id of choice.only ?? []) if (levels[id] === 'off') delete levels[id];
  // suppression-unused runs when the flag, the config (a level other than off) or --only asks for it.
  const unusedLevel = levels[unusedSuppression.id];
  const reportUnusedSuppressions = choice.reportUnusedSuppressions || (unusedLevel !== undefined && unusedLevel !== 'off') || (choice.only?.has(unusedSuppression.id) ?? false);
  const options = { rules: config.pluginRules.length > 0 ? [...rules, ...config.pluginRules] : rules, settings: config.settings, levels, reportUnusedSuppressions, ...(choice.only ? { only: choice.only } : {}), ...(choice.progress ? { progress: choice.progress } : {}) };
  const groups = groupFiles(files, config.clusters, base);
  const results = groups.length > 1 ? groups.map((group) => lintSources(group.files, options)) : [lintSources(files, options)];
  const full = results.length > 1 ? mergeResults(results, files) : (results[0] as LintResult);
  return { full, results, groups };
}

/**
 * A rule that threw: which rule (and plugin), and the error's message. The stack trace only with
 * --verbose: for a plugin rule it is the plugin author's business, not every user's.
 */
function describeCrash(failure: InternalError, metas: readonly RuleMeta[], verbose: boolean): string {
  const plugin = metas.find((meta) => meta.id === failure.ruleId)?.plugin;
  const head = plugin
    ? `netlint: rule ${failure.ruleId} (plugin ${plugin.file}) threw an error, so its findings are missing: ${failure.message}`
    : `netlint: rule ${failure.ruleId} crashed, so its findings are missing; please report this bug: ${failure.message}`;
  const detail = verbose && failure.stack ? `\n${failure.stack}` : verbose ? '' : ' (--verbose shows the stack trace)';
  return `${head}${detail}\n`;
}

function withoutWarnings(result: LintResult): LintResult {
  return {
    ...result,
    files: result.files.map((file) => ({
      ...file,
      messages: file.messages.filter((m) => m.severity === 'error'),
      warningCount: 0,
    })),
  };
}

function writeReport(io: Io, path: string, report: string): boolean {
  try {
    writeFileSync(resolve(io.cwd, path), report);
    return true;
  } catch (error) {
    io.writeStderr(`netlint: cannot write ${path}: ${(error as Error).message}\n`);
    return false;
  }
}

export function runLint(io: Io, argv: readonly string[]): number {
  let args: ReturnType<typeof parse>;
  const { argv: rest, none: noConfig } = takeNoConfig(argv);
  try {
    args = parse(rest);
  } catch (error) {
    io.writeStderr(`netlint: ${(error as Error).message}\nRun netlint --help for usage.\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.writeStdout(lintUsage);
    return 0;
  }
  if (values.version) {
    io.writeStdout(`${version()}\n`);
    return 0;
  }
  const formats = values.format ?? ['stylish'];
  if (formats.length > 1) {
    io.writeStderr(`netlint: --format may be given once (got ${formats.join(', ')}); to write SARIF as well, add --sarif-file <path>\n`);
    return 2;
  }
  const format = formats[0] as string;
  const reporter = reporters[format];
  if (!reporter) {
    io.writeStderr(`netlint: unknown format "${format}"; choose one of ${formatNames.join(', ')}\n`);
    return 2;
  }
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!/^-?\d+$/.test(values['max-warnings'])) {
      io.writeStderr(`netlint: --max-warnings takes a whole number, not "${values['max-warnings']}"\n`);
      return 2;
    }
  }
  const config = loadConfig(io, { path: values.config, none: noConfig, ruleLevels: values.rule ?? [], namespace: values.namespace }, allRuleMeta, 'netlint');
  if (!config) return 2;
  const metas = configuredRuleMeta(config);
  if (values['print-config']) {
    io.writeStdout(`${JSON.stringify(printableConfig(config, allRuleMeta), null, 2)}\n`);
    return 0;
  }
  let only: ReadonlySet<string> | undefined;
  try {
    only = selectedRules(values.only, metas);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.writeStderr(`netlint: --only: ${error.message}\n`);
    return 2;
  }

  const fixing = values.fix || values['fix-dry-run'];
  if (values.fix && values['fix-dry-run']) {
    io.writeStderr('netlint: --fix and --fix-dry-run exclude each other: --fix-dry-run shows what --fix would write\n');
    return 2;
  }
  const loaded = loadCommandInputs(io, positionals, { stdinFilename: values['stdin-filename'], usage: lintUsage, command: 'netlint', maxFileBytes: config.settings.limits.fileBytes });
  if (!loaded) return 2;
  // As ESLint: fixed text on stdout would mix with the report, so stdin is only ever diffed.
  if (values.fix && loaded.files.some((file) => file.absolutePath === undefined)) {
    io.writeStderr('netlint: --fix cannot write standard input back; use --fix-dry-run to print the fixes as a diff\n');
    return 2;
  }

  const choice = { only, reportUnusedSuppressions: values['report-unused-suppressions'] };
  let fixPatch = '';
  let fixedRun: ReturnType<typeof lintConfigured> | undefined;
  if (fixing) {
    const outcome = fixSources(loaded.files, (files) => lintConfigured(files, config, io.cwd, choice), (run) => run.full);
    const changes = changedFiles(loaded.files, outcome.files);
    if (values.fix) {
      const problem = writeFixedFiles(changes);
      if (problem) {
        io.writeStderr(`netlint: ${problem}\n`);
        return 2;
      }
    } else {
      fixPatch = fixDiff(changes);
    }
    fixedRun = outcome.run;
  }
  // After --fix, the last pass already linted the fixed text: report that run.
  const progress = progressFor(io);
  const { full, results, groups } = fixedRun ?? lintConfigured(loaded.files, config, io.cwd, { ...choice, progress });
  progress.done();
  // On stderr for every format: stdout stays a clean report that tools can parse.
  results.forEach((r, i) => {
    const note = inferredNamespaceNote(r.model);
    if (note) io.writeStderr(groups.length > 1 ? `${note.trimEnd()} (cluster ${groups[i]?.name})\n` : note);
  });
  const base = configBase(io.cwd, config);
  // As ESLint: a file named on the command line but ignored by the config is said, not silently passed.
  const ignored = config.ignore.length > 0 ? filesMatching(config.ignore, base) : new Set<string>();
  for (const path of positionals) {
    if (ignored.has(resolve(io.cwd, path))) io.writeStderr(`note: ${path} is ignored by ${config.file ?? 'the config'} (ignore), so it was not linted\n`);
  }
  const merged = Object.keys(config.clusters).length === 0 ? mergedClustersNote(definedInSeveralFolders(full.model), io.cwd, base) : undefined;
  if (merged) io.writeStderr(merged);
  const unmatched = Object.keys(config.clusters).filter((name) => !groups.some((group) => group.name === name));
  if (unmatched.length > 0) {
    io.writeStderr(`note: ${unmatched.length === 1 ? 'cluster' : 'clusters'} ${unmatched.join(', ')} of ${config.file ?? 'the config'} ${unmatched.length === 1 ? 'matches' : 'match'} none of the input files (their globs are relative to the config file's folder)\n`);
  }
  const result = values.quiet ? withoutWarnings(full) : full;
  const skipped = values.verbose ? describeSkipped('netlint', full.skipped) : undefined;
  if (skipped) io.writeStderr(skipped);
  for (const failure of result.internalErrors) io.writeStderr(describeCrash(failure, metas, values.verbose));

  const errors = result.files.reduce((n, f) => n + f.errorCount, 0);
  // --quiet hides warnings but --max-warnings still counts them, as in ESLint.
  const warnings = full.files.reduce((n, f) => n + f.warningCount, 0);
  const tooManyWarnings = maxWarnings !== undefined && maxWarnings >= 0 && warnings > maxWarnings;
  const exitCode = loaded.problems.length > 0 || result.internalErrors.length > 0 ? 2 : errors > 0 || tooManyWarnings ? 1 : 0;

  const outputFile = values['output-file'];
  const color = outputFile === undefined && shouldUseColor({ isTTY: io.stdoutIsTTY }, values.color, io.env);
  const context = {
    rules: metas,
    color: format === 'stylish' && color,
    cwd: io.cwd,
    version: version(),
    sourceRoot: sourceRoot(io.cwd, io.env),
    exitCode,
    ...(values['sarif-category'] !== undefined ? { sarifCategory: values['sarif-category'] } : {}),
    warn: (message: string) => io.writeStderr(message),
  };
  const report = reporter(result, context);
  if (values['fix-dry-run']) io.writeStdout(fixPatch);
  if (outputFile !== undefined) {
    if (!writeReport(io, outputFile, report)) return 2;
  } else if (report) {
    // With --fix-dry-run stdout holds the diff, which `git apply` or `patch` can read.
    if (values['fix-dry-run']) io.writeStderr(report);
    else io.writeStdout(report);
  }
  const sarifFile = values['sarif-file'];
  if (sarifFile !== undefined) {
    // The same run written twice: --format sarif with --sarif-file reuses the report (and its warning).
    const sarifReport = format === 'sarif' ? report : sarif(result, context);
    if (!writeReport(io, sarifFile, sarifReport)) return 2;
  }
  if (tooManyWarnings && errors === 0) {
    io.writeStderr(`netlint found too many warnings (maximum: ${maxWarnings}).\n`);
  }
  return exitCode;
}
