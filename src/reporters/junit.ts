/**
 * JUnit XML for the test report views of Jenkins (the `junit` step) and GitLab
 * (`artifacts: reports: junit:`).
 *
 * Each rule is a test suite (`netlint.<rule-id>`, which Jenkins shows as package `netlint`,
 * class `<rule-id>`, and GitLab as the suite), and each object a rule reports on is a failing
 * test case named after it (`Service shop/web`; a finding about a file rather than an object,
 * such as a syntax error, is named by the file). Its failure lists every finding of that rule on
 * that object as `path:line:col: severity: message`.
 *
 * A rule that ran and found nothing is one passing test case, `no findings`. Both CI systems
 * expect that: Jenkins fails the `junit` step on a report without any test case (unless told
 * `allowEmptyResults`), so a clean run must still contain tests; the pass/fail counts and trend
 * charts read as "rules passed"; and GitLab, which compares the report with the target branch's,
 * shows a rule that stopped failing as fixed rather than as vanished. Objects without findings
 * are not listed one by one: that would be every object times every rule, mostly noise.
 *
 * Output is deterministic: suites by rule id, cases by name, no timestamps or host names, and
 * `time="0"` throughout (netlint does not time rules separately).
 */
import { describeObject, type LintMessage } from '../engine/finding.js';
import { compareText, groupBy } from '../engine/util.js';
import { repositoryPath } from './paths.js';
import type { Reporter } from './types.js';

/** Characters XML 1.0 forbids anywhere (controls other than tab, LF, CR; U+FFFE/U+FFFF; lone surrogates). */
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;

/** Text content: markup characters escaped, forbidden characters replaced by U+FFFD. */
export function escapeXmlText(text: string): string {
  return text.replace(forbidden, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Attribute values: also quotes, and whitespace a parser would otherwise normalise to spaces. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

interface TestCase {
  readonly name: string;
  readonly file?: string;
  readonly messages: readonly { readonly path: string; readonly message: LintMessage }[];
}

const attributes = (pairs: readonly (readonly [string, string | number])[]) =>
  pairs.map(([key, value]) => ` ${key}="${escapeXmlAttribute(String(value))}"`).join('');

type PathOf = (filePath: string) => string;

function failureText({ path, message: m }: TestCase['messages'][number], pathOf: PathOf): string {
  const lines = [`${path}:${m.range.line}:${m.range.column}: ${m.severity}: ${m.message} (${m.ruleId})`];
  for (const r of m.related) lines.push(`  note: ${r.message} (${pathOf(r.filePath)}:${r.range.line}:${r.range.column})`);
  return lines.join('\n');
}

function renderCase(classname: string, testCase: TestCase, pathOf: PathOf): string {
  const open = `    <testcase${attributes([['classname', classname], ['name', testCase.name], ...(testCase.file ? [['file', testCase.file] as const] : []), ['time', 0]])}`;
  const [first] = testCase.messages;
  if (!first) return `${open}/>`;
  const more = testCase.messages.length - 1;
  const summary = more > 0 ? `${first.message.message} (and ${more} more)` : first.message.message;
  const type = testCase.messages.some((x) => x.message.severity === 'error') ? 'error' : 'warning';
  const text = testCase.messages.map((m) => failureText(m, pathOf)).join('\n');
  return [`${open}>`, `      <failure${attributes([['message', summary], ['type', type]])}>${escapeXmlText(text)}</failure>`, '    </testcase>'].join('\n');
}

/** One test case per object (or file) a rule reported on; an object defined in several files gets each file's name added. */
function casesOf(messages: readonly { path: string; message: LintMessage }[]): TestCase[] {
  const byTarget = groupBy(messages, ({ path, message }) => `${path}\0${message.object ? describeObject(message.object) : ''}`);
  const cases = [...byTarget.values()].map((group) => {
    const { path, message } = group[0]!;
    return { name: message.object ? describeObject(message.object) : path, file: path, messages: group };
  });
  const nameCount = groupBy(cases, (c) => c.name);
  return cases
    .map((c) => ((nameCount.get(c.name)?.length ?? 0) > 1 ? { ...c, name: `${c.name} (${c.file})` } : c))
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.file, b.file));
}

export const junit: Reporter = (result, context) => {
  const pathOf: PathOf = (filePath) => repositoryPath(filePath, context) ?? filePath;
  const found = result.files.flatMap((file) => file.messages.map((message) => ({ path: pathOf(file.filePath), message })));
  const byRule = groupBy(found, (f) => f.message.ruleId);
  const ruleIds = [...new Set([...result.rulesRun, ...byRule.keys()])].sort(compareText);
  let tests = 0;
  let failures = 0;
  const suites = ruleIds.map((ruleId) => {
    const classname = `netlint.${ruleId}`;
    const failing = casesOf(byRule.get(ruleId) ?? []);
    const cases: TestCase[] = failing.length > 0 ? failing : [{ name: 'no findings', messages: [] }];
    tests += cases.length;
    failures += failing.length;
    return [
      `  <testsuite${attributes([['name', classname], ['tests', cases.length], ['failures', failing.length], ['errors', 0], ['skipped', 0], ['time', 0]])}>`,
      ...cases.map((c) => renderCase(classname, c, pathOf)),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes([['name', 'netlint'], ['tests', tests], ['failures', failures], ['errors', 0], ['skipped', 0], ['time', 0]])}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
};
