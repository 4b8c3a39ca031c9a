/**
 * A RuleTester in ESLint's manner, for a rule on small inline manifests: `valid` cases must give
 * no finding of the rule, `invalid` cases exactly the listed ones (message id, and line, column,
 * data or message text when given). No test framework is assumed: a failing case throws an Error
 * that says which case and what differed, so any runner (vitest, jest, node:test) reports it.
 */
import { lintSources } from '../engine/lint.js';
import type { LintMessage } from '../engine/finding.js';
import type { Rule } from '../engine/rule.js';
import { defaultSettings, type Settings } from '../engine/settings.js';
import { createSourceFile } from '../engine/source.js';

/** Manifests: one file's YAML, or several files by path (a cross-file case). */
export type CaseCode = string | Readonly<Record<string, string>>;

export interface CaseOptions {
  /** Shown in failures; the first line of the code by default. */
  readonly name?: string;
  /** Cluster facts on top of the defaults (the config's `cluster` key, as Settings). */
  readonly settings?: Partial<Settings>;
}

export interface ValidCase extends CaseOptions {
  readonly code: CaseCode;
}

/** One finding an invalid case expects: its message id, and whatever else is given. */
export interface ExpectedFinding {
  readonly messageId: string;
  readonly line?: number;
  readonly column?: number;
  /** The message's placeholders, compared as strings. */
  readonly data?: Readonly<Record<string, string | number>>;
  /** The formatted message text. */
  readonly message?: string;
  /** For a cross-file case: the file the finding is in. */
  readonly file?: string;
}

export interface InvalidCase extends ValidCase {
  /** In the order findings are reported: by file, then line and column. */
  readonly errors: readonly ExpectedFinding[];
}

export interface RuleCases {
  readonly valid: readonly (string | ValidCase)[];
  readonly invalid: readonly InvalidCase[];
}

/** A case ready to run, for runners that report cases one by one (`it.each(ruleTestCases(rule, cases))`). */
export interface RuleTestCase {
  readonly name: string;
  run(): void;
}

/**
 * Inline YAML written in a template literal: the first line break and the common indentation go,
 * so line 1 is the first line of the manifest and columns are as in a file.
 */
export function dedent(code: string): string {
  const lines = code.replace(/^[ \t]*\r?\n/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ ]*/.exec(line)?.[0].length ?? 0);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return `${lines.map((line) => line.slice(common)).join('\n')}\n`;
}

/** The findings one rule gives on inline manifests (`case.yaml` when one file), sorted as netlint prints them. */
export function runRule(rule: Rule, code: CaseCode, settings: Partial<Settings> = {}): LintMessage[] {
  const texts = typeof code === 'string' ? { 'case.yaml': code } : code;
  const files = Object.entries(texts).map(([path, text]) => createSourceFile(path, undefined, dedent(text)));
  const result = lintSources(files, { rules: [rule], only: new Set([rule.id]), settings: { ...defaultSettings, ...settings } });
  const crash = result.internalErrors[0];
  if (crash) throw new Error(`rule ${crash.ruleId} threw: ${crash.message}`);
  return result.files.flatMap((file) => file.messages).filter((m) => m.ruleId === rule.id);
}

function caseName(kind: 'valid' | 'invalid', index: number, testCase: ValidCase): string {
  if (testCase.name) return `${kind}[${index}] ${testCase.name}`;
  const first = typeof testCase.code === 'string' ? dedent(testCase.code).split('\n').find((line) => line.trim() !== '') : Object.keys(testCase.code).join(', ');
  return `${kind}[${index}] ${first ?? ''}`.trimEnd();
}

function describeFinding(m: LintMessage): string {
  return `${m.filePath}:${m.range.line}:${m.range.column} ${m.messageId} ${JSON.stringify(m.data)}: ${m.message}`;
}

/** What differs between one expected finding and the actual one, or undefined. */
function difference(expected: ExpectedFinding, actual: LintMessage): string | undefined {
  const wrong: string[] = [];
  if (expected.messageId !== actual.messageId) wrong.push(`messageId ${actual.messageId}, expected ${expected.messageId}`);
  if (expected.file !== undefined && expected.file !== actual.filePath) wrong.push(`file ${actual.filePath}, expected ${expected.file}`);
  if (expected.line !== undefined && expected.line !== actual.range.line) wrong.push(`line ${actual.range.line}, expected ${expected.line}`);
  if (expected.column !== undefined && expected.column !== actual.range.column) wrong.push(`column ${actual.range.column}, expected ${expected.column}`);
  if (expected.message !== undefined && expected.message !== actual.message) wrong.push(`message "${actual.message}", expected "${expected.message}"`);
  for (const [key, value] of Object.entries(expected.data ?? {})) {
    if (actual.data[key] !== String(value)) wrong.push(`data.${key} ${JSON.stringify(actual.data[key])}, expected ${JSON.stringify(String(value))}`);
  }
  return wrong.length > 0 ? wrong.join('; ') : undefined;
}

function checkValid(rule: Rule, testCase: ValidCase, name: string): void {
  const found = runRule(rule, testCase.code, testCase.settings);
  if (found.length > 0) throw new Error(`${rule.id} ${name}: expected no findings, got ${found.length}:\n  ${found.map(describeFinding).join('\n  ')}`);
}

function checkInvalid(rule: Rule, testCase: InvalidCase, name: string): void {
  if (testCase.errors.length === 0) throw new Error(`${rule.id} ${name}: an invalid case lists at least one expected finding`);
  const unknown = testCase.errors.find((e) => !(e.messageId in rule.messages));
  if (unknown) throw new Error(`${rule.id} ${name}: messageId "${unknown.messageId}" is not one of the rule's (${Object.keys(rule.messages).join(', ')})`);
  const found = runRule(rule, testCase.code, testCase.settings);
  const problems = testCase.errors.flatMap((expected, index) => {
    const actual = found[index];
    const wrong = actual ? difference(expected, actual) : 'missing';
    return wrong ? [`finding ${index + 1}: ${wrong}`] : [];
  });
  if (found.length !== testCase.errors.length) problems.unshift(`expected ${testCase.errors.length} findings, got ${found.length}`);
  if (problems.length > 0) throw new Error(`${rule.id} ${name}:\n  ${problems.join('\n  ')}\nfindings:\n  ${found.map(describeFinding).join('\n  ') || '(none)'}`);
}

/** Every case as a named check, for a runner that reports cases one by one. */
export function ruleTestCases(rule: Rule, cases: RuleCases): RuleTestCase[] {
  const valid = cases.valid.map((written, index) => {
    const testCase = typeof written === 'string' ? { code: written } : written;
    const name = caseName('valid', index, testCase);
    return { name, run: () => checkValid(rule, testCase, name) };
  });
  const invalid = cases.invalid.map((testCase, index) => {
    const name = caseName('invalid', index, testCase);
    return { name, run: () => checkInvalid(rule, testCase, name) };
  });
  return [...valid, ...invalid];
}

/** Runs every case; throws one Error listing each case that failed. */
export function testRule(rule: Rule, cases: RuleCases): void {
  const failures = ruleTestCases(rule, cases).flatMap((testCase) => {
    try {
      testCase.run();
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  });
  if (failures.length > 0) throw new Error(`${failures.length} failing case${failures.length === 1 ? '' : 's'}:\n\n${failures.join('\n\n')}`);
}
