/**
 * Lint: inputs → cluster model (`pipeline.ts`) → run rules → locate → sort.
 */
import type { ClusterModel } from './model/cluster.js';
import { compareText } from './util.js';
import { Reachability } from './reach/analysis.js';
import { buildModel } from './pipeline.js';
import type { ParsedDocument } from './parse.js';
import { locate } from './locate.js';
import { resolveFix } from './fix.js';
import { originAt } from './origin.js';
import { createContext, type Rule } from './rule.js';
import { defaultSettings, type Settings } from './settings.js';
import { engineDiagnostics, unusedSuppression } from './diagnostics.js';
import { Suppressions } from './suppress.js';
import { noProgress, type Progress } from './progress.js';
import { alwaysError, defaultLevel, type RuleLevel } from './config.js';
import type { SourceFile } from './source.js';
import {
  formatNodePath,
  isNodeRef,
  type Finding,
  type LintMessage,
  type LocatedRelated,
  type NodeRef,
  type FileLocation,
  type Severity,
  type SuppressedMessage,
} from './finding.js';
import type { Range } from './source.js';

export interface LintOptions {
  readonly rules: readonly Rule[];
  readonly settings?: Settings;
  /** Run only these rules; all when absent. The engine's own diagnostics (syntax errors, suppressions) are always reported. */
  readonly only?: ReadonlySet<string>;
  /** Per rule id: off (not run, not reported), or the severity its findings are reported at. */
  readonly levels?: Readonly<Record<string, RuleLevel>>;
  /** Report suppressions that silenced nothing (`suppression-unused`). */
  readonly reportUnusedSuppressions?: boolean;
  /** Told of each step, for a progress line on long runs. */
  readonly progress?: Progress;
}

export interface FileResult {
  /** Path as shown to people (relative to the working directory). */
  readonly filePath: string;
  readonly absolutePath: string | undefined;
  readonly source: SourceFile;
  readonly messages: readonly LintMessage[];
  readonly errorCount: number;
  readonly warningCount: number;
  /** Where this file's objects without a namespace went, when netlint chose the namespace (no -n). */
  readonly inferredNamespace?: { readonly name: string; readonly objects: number; readonly reason: string };
  /** Findings silenced by suppressions: out of the counts and the exit code; JSON lists them, the summary counts them. */
  readonly suppressedMessages: readonly SuppressedMessage[];
}

export interface InternalError {
  readonly ruleId: string;
  /** The error's message (its first line). */
  readonly message: string;
  /** Its stack trace, for --verbose. */
  readonly stack: string | undefined;
}

export interface LintResult {
  readonly files: readonly FileResult[];
  readonly model: ClusterModel;
  readonly documentCount: number;
  /** Documents that are not Kubernetes objects (no `apiVersion` and `kind`), skipped without a finding. */
  readonly skipped: readonly ParsedDocument[];
  /** Rules that crashed: reported separately, and the CLI exits 2. */
  readonly internalErrors: readonly InternalError[];
  /** The ids of the rules and engine diagnostics this run checked, sorted (JUnit reports the quiet ones as passed). */
  readonly rulesRun: readonly string[];
}

interface Located {
  readonly file: SourceFile;
  readonly range: Range;
  readonly approximate: boolean;
  readonly nodePath: string;
}

function locateAt(at: NodeRef | FileLocation): Located {
  if (!isNodeRef(at)) return { file: at.file, range: at.range, approximate: false, nodePath: '' };
  const { range, approximate } = locate(at);
  return { file: at.doc.file, range, approximate, nodePath: formatNodePath(at.path) };
}

function toMessage(finding: Finding, levels: Readonly<Record<string, RuleLevel>>): { file: SourceFile; message: LintMessage } {
  const where = locateAt(finding.at);
  const origin = originAt(finding.at);
  const related: LocatedRelated[] = (finding.related ?? []).map((r) => {
    const place = locateAt(r.at);
    return { filePath: place.file.path, range: place.range, message: r.message };
  });
  const fix = finding.fix && resolveFix(finding.fix);
  return {
    file: where.file,
    message: {
      ruleId: finding.ruleId,
      messageId: finding.messageId,
      severity: severityOf(finding, levels),
      message: finding.message,
      data: finding.data,
      filePath: where.file.path,
      range: where.range,
      approximate: where.approximate,
      nodePath: where.nodePath,
      ...(finding.object ? { object: finding.object } : {}),
      related,
      ...(origin ? { origin } : {}),
      ...(fix ? { fix } : {}),
    },
  };
}

function inferredFor(model: ClusterModel, file: SourceFile): Pick<FileResult, 'inferredNamespace'> {
  const inferred = model.inferredNamespace;
  const objects = inferred?.objectsByFile.get(file.path);
  return inferred && objects !== undefined ? { inferredNamespace: { name: inferred.name, objects, reason: inferred.reason } } : {};
}

/** The finding's severity, or the one the config sets for its rule. */
function severityOf(finding: Finding, levels: Readonly<Record<string, RuleLevel>>): Severity {
  const level = levels[finding.ruleId];
  return level === 'warn' ? 'warning' : level === 'error' ? 'error' : finding.severity;
}

/** What makes two findings in one file the same finding: rule, position and text. */
export function messageKey(m: Pick<LintMessage, 'ruleId' | 'range' | 'message'>): string {
  return `${m.ruleId}\0${m.range.line}:${m.range.column}\0${m.message}`;
}

export function compareMessages(a: LintMessage, b: LintMessage): number {
  return (
    a.range.line - b.range.line ||
    a.range.column - b.range.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

function runRules(rules: readonly Rule[], model: ClusterModel, settings: Settings, errors: InternalError[], progress: Progress): Finding[] {
  const findings: Finding[] = [];
  let reach: Reachability | undefined;
  const shared = () => (reach ??= new Reachability(model));
  for (const rule of rules) {
    progress.step('running rules');
    try {
      // Appended one by one: spreading a large iterable into push() overflows the stack.
      for (const finding of rule.check(createContext(rule, model, settings, shared))) findings.push(finding);
    } catch (error) {
      // The other rules still run; the CLI names this one and exits 2.
      const message = error instanceof Error ? error.message : String(error);
      errors.push({ ruleId: rule.id, message: message.split('\n')[0] ?? '', stack: error instanceof Error ? error.stack : undefined });
    }
  }
  return findings;
}

/**
 * Whether a rule runs: one `only` names runs unless a level turns it off; otherwise its level,
 * or its default when no level is given (a default-off rule runs only when turned on).
 */
function runs(rule: Rule, levels: Readonly<Record<string, RuleLevel>>, only: ReadonlySet<string> | undefined): boolean {
  if (only) return only.has(rule.id) && levels[rule.id] !== 'off';
  return (levels[rule.id] ?? defaultLevel(rule)) !== 'off';
}

export function lintSources(files: readonly SourceFile[], options: LintOptions): LintResult {
  const settings = options.settings ?? defaultSettings;
  const progress = options.progress ?? noProgress;
  const input = buildModel(files, settings, progress);
  const { model } = input;
  const findings: Finding[] = [...input.findings];
  // A level equal to the rule's default changes nothing (a rule's own warnings stay warnings).
  const metas = [...options.rules, ...engineDiagnostics];
  const levels = Object.fromEntries(
    Object.entries(options.levels ?? {}).filter(([id, level]) => {
      const meta = metas.find((m) => m.id === id);
      return meta === undefined || level !== defaultLevel(meta);
    }),
  );
  const active = options.rules.filter((r) => runs(r, levels, options.only));
  const internalErrors: InternalError[] = [];
  // model.settings: the namespace for namespace-less objects may have been inferred from the input.
  for (const finding of runRules(active, model, model.settings, internalErrors, progress)) findings.push(finding);

  const known = new Set([...options.rules, ...engineDiagnostics].map((r) => r.id));
  const suppressions = new Suppressions(files, model.objects, known);

  const byFile = new Map<SourceFile, LintMessage[]>(files.map((f) => [f, []]));
  const suppressed = new Map<SourceFile, SuppressedMessage[]>();
  const seen = new Set<string>();
  const report = (finding: Finding, suppressible: boolean) => {
    if (levels[finding.ruleId] === 'off') return;
    const { file, message } = toMessage(finding, levels);
    const key = `${file.path}\0${messageKey(message)}`;
    if (seen.has(key)) return;
    seen.add(key);
    // A file that cannot be read is never silenced: it would pass with nothing checked.
    const suppression = suppressible && !alwaysError.has(finding.ruleId) ? suppressions.silencing(finding, file, message.range.line) : undefined;
    if (suppression) {
      suppressed.set(file, [...(suppressed.get(file) ?? []), { ...message, suppressions: [suppression] }]);
      return;
    }
    byFile.get(file)?.push(message);
  };
  progress.step('locating findings');
  for (const finding of findings) report(finding, true);
  // A suppression cannot silence what is wrong with the suppressions themselves.
  for (const problem of suppressions.problems) report(problem, false);
  if (options.reportUnusedSuppressions) {
    const ran = new Set([...active, ...engineDiagnostics].map((r) => r.id));
    // A rule that is off by default and was not turned on is not part of the run asked for.
    const everyRuleRan = options.rules.every((rule) => active.includes(rule) || (!options.only && levels[rule.id] === undefined && defaultLevel(rule) === 'off'));
    for (const finding of suppressions.unused(ran, everyRuleRan)) report(finding, false);
  }
  const results: FileResult[] = files.map((file) => {
    const messages = (byFile.get(file) ?? []).sort(compareMessages);
    return {
      filePath: file.path,
      absolutePath: file.absolutePath,
      source: file,
      messages,
      errorCount: messages.filter((m) => m.severity === 'error').length,
      warningCount: messages.filter((m) => m.severity === 'warning').length,
      suppressedMessages: (suppressed.get(file) ?? []).sort(compareMessages),
      ...inferredFor(model, file),
    };
  });
  // The engine's diagnostics always run (--only selects among rules), unless the config turns one off.
  const diagnosticsRun = engineDiagnostics.filter((d) => levels[d.id] !== 'off' && (d.id !== unusedSuppression.id || options.reportUnusedSuppressions));
  const rulesRun = [...active, ...diagnosticsRun].map((r) => r.id).sort(compareText);
  return { files: results, model, documentCount: input.documents.length, skipped: input.skipped, internalErrors, rulesRun };
}
