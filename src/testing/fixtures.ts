/**
 * The fixture directory runner: `<dir>/valid/*` and `<dir>/invalid/*` hold manifests (a file, or a
 * directory linted as one input set); invalid ones say with `# expect:` markers (markers.ts) what
 * the rule must report there. netlint's own rules are tested this way (test/fixtures/<rule-id>).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { LintMessage } from '../engine/finding.js';
import { lintSources } from '../engine/lint.js';
import { loadInputs } from '../engine/load.js';
import type { Rule } from '../engine/rule.js';
import { defaultSettings, type Settings } from '../engine/settings.js';
import { expectationsInText, type Expectation } from './markers.js';

export interface FixtureCase {
  readonly kind: 'valid' | 'invalid';
  /** The file or directory name. */
  readonly name: string;
  /** A file, or a directory linted as one input set. */
  readonly path: string;
  /** The manifest files of the case. */
  readonly files: readonly string[];
}

/** An expectation with the file it is written in (relative to the case's folder, as findings name it). */
export interface FileExpectation extends Expectation {
  readonly file: string;
}

const manifest = /\.(ya?ml|json)$/;

function filesBelow(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesBelow(join(path, entry)))
    .filter((file) => manifest.test(file));
}

/** The cases in `<directory>/<kind>`, sorted by name; none when the folder does not exist. */
export function fixtureCases(directory: string, kind: 'valid' | 'invalid'): FixtureCase[] {
  const folder = join(directory, kind);
  let entries: string[];
  try {
    entries = readdirSync(folder).sort();
  } catch {
    return [];
  }
  return entries
    .filter((entry) => manifest.test(entry) || statSync(join(folder, entry)).isDirectory())
    .map((entry) => {
      const path = join(folder, entry);
      return { kind, name: entry, path, files: filesBelow(path) };
    });
}

/** The markers of a case's files. */
export function caseExpectations(testCase: FixtureCase, knownRuleIds?: ReadonlySet<string>): FileExpectation[] {
  const shownFrom = dirname(testCase.path);
  return testCase.files.flatMap((file) =>
    expectationsInText(readFileSync(file, 'utf8'), knownRuleIds).map((e) => ({ ...e, file: relative(shownFrom, file) })),
  );
}

/**
 * Findings and markers as comparable lines, `file:line[:column] rule[/messageId]`, sorted: a
 * finding shows its column or message id only where a marker on its line asks for one.
 */
export function markerComparison(expected: readonly FileExpectation[], messages: readonly LintMessage[]): { expected: string[]; actual: string[] } {
  const key = (file: string, line: number, column: number | undefined, ruleId: string, messageId: string | undefined) =>
    `${file}:${line}${column !== undefined ? `:${column}` : ''} ${ruleId}${messageId ? `/${messageId}` : ''}`;
  const onLine = (m: LintMessage) => expected.filter((e) => e.file === m.filePath && e.line === m.range.line && e.ruleId === m.ruleId);
  const actual = messages.map((m) => {
    const markers = onLine(m);
    const column = markers.some((e) => e.column !== undefined) ? m.range.column : undefined;
    const messageId = markers.some((e) => e.messageId !== undefined) ? m.messageId : undefined;
    return key(m.filePath, m.range.line, column, m.ruleId, messageId);
  });
  return { expected: expected.map((e) => key(e.file, e.line, e.column, e.ruleId, e.messageId)).sort(), actual: actual.sort() };
}

/** Lints one case with only this rule, from the case's folder (so findings name files as markers do). */
export function lintFixtureCase(rule: Rule, testCase: FixtureCase, settings: Partial<Settings> = {}): LintMessage[] {
  const maxFileBytes = settings.limits?.fileBytes;
  const { files, problems } = loadInputs([testCase.path], { cwd: dirname(testCase.path), ...(maxFileBytes !== undefined ? { maxFileBytes } : {}) });
  if (problems.length > 0) throw new Error(`${testCase.path}: ${problems.map((p) => p.message).join('; ')}`);
  const result = lintSources(files, { rules: [rule], only: new Set([rule.id]), settings: { ...defaultSettings, ...settings } });
  const crash = result.internalErrors[0];
  if (crash) throw new Error(`rule ${crash.ruleId} threw: ${crash.message}`);
  return result.files.flatMap((f) => f.messages).filter((m) => m.ruleId === rule.id);
}

/** One case checked: valid ones report nothing, invalid ones exactly what their markers say. Throws on a mismatch. */
export function checkFixtureCase(rule: Rule, testCase: FixtureCase, settings?: Partial<Settings>): void {
  const expected = caseExpectations(testCase, new Set([rule.id]));
  const where = `${rule.id} ${testCase.kind}/${testCase.name}`;
  if (testCase.kind === 'valid' && expected.length > 0) throw new Error(`${where}: a valid case has no # expect: markers`);
  if (testCase.kind === 'invalid' && expected.length === 0) throw new Error(`${where}: an invalid case needs at least one # expect: marker`);
  const compared = markerComparison(expected, lintFixtureCase(rule, testCase, settings));
  if (compared.actual.join('\n') !== compared.expected.join('\n')) {
    throw new Error(`${where}: findings differ from the markers\n  expected:\n    ${compared.expected.join('\n    ') || '(none)'}\n  actual:\n    ${compared.actual.join('\n    ') || '(none)'}`);
  }
}

/** Every case under `directory` ({valid,invalid}/…) checked; throws one Error listing the cases that failed. */
export function testFixtures(rule: Rule, directory: string, settings?: Partial<Settings>): void {
  const cases = [...fixtureCases(directory, 'valid'), ...fixtureCases(directory, 'invalid')];
  if (cases.length === 0) throw new Error(`${directory}: no cases in valid/ or invalid/`);
  const failures = cases.flatMap((testCase) => {
    try {
      checkFixtureCase(rule, testCase, settings);
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  });
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
}
