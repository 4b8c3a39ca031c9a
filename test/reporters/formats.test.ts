/**
 * The CI formats beyond the goldens: JUnit XML read back by a real XML parser, GitLab Code
 * Quality against its schema, and the SARIF details GitHub relies on (links, fingerprints that
 * survive reformatting, the 25,000-result limit, categories).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it, vi } from 'vitest';
import { mergeResults } from '../../src/engine/clusters.js';
import { onByDefault } from '../../src/engine/message.js';
import { lintSources, type LintResult } from '../../src/engine/lint.js';
import type { LintMessage } from '../../src/engine/finding.js';
import { createSourceFile } from '../../src/engine/source.js';
import { rules } from '../../src/rules/index.js';
import { allRuleMeta } from '../../src/registry.js';
import { reporters } from '../../src/reporters/index.js';
import { escapeXmlAttribute, escapeXmlText } from '../../src/reporters/junit.js';
import { maxResultsPerRun, withinLimit } from '../../src/reporters/sarif.js';
import type { ReporterContext } from '../../src/reporters/types.js';
import { reporterContext } from '../helpers/reporter-context.js';

const root = new URL('../../', import.meta.url).pathname;
const example = (name: string) => readFileSync(`${root}examples/${name}`, 'utf8');

const context = reporterContext;

function lint(files: Record<string, string>, options: { only?: string[] } = {}): LintResult {
  const sources = Object.entries(files).map(([path, text]) => createSourceFile(path, `/repo/${path}`, text));
  return lintSources(sources, { rules, ...(options.only ? { only: new Set(options.only) } : {}) });
}

/**
 * Each file linted as a cluster of its own and the results merged, as the `clusters` config key
 * does: the way one object is defined in two files (dev and prod) without being a duplicate.
 */
function lintApart(files: Record<string, string>, base = '/repo/'): LintResult {
  const sources = Object.entries(files).map(([path, text]) => createSourceFile(path, `${base}${path}`, text));
  return mergeResults(sources.map((source) => lintSources([source], { rules })), sources);
}

interface SarifLog {
  runs: {
    tool: { driver: { informationUri: string; rules: { id: string; helpUri: string }[] } };
    automationDetails: { id: string };
    invocations: { toolExecutionNotifications?: { message: { text: string } }[] }[];
    results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; partialFingerprints: Record<string, string> }[];
  }[];
}
const sarifOf = (result: LintResult, overrides: Partial<ReporterContext> = {}) => JSON.parse(reporters.sarif!(result, context(overrides))) as SarifLog;

interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}
const gitlabOf = (result: LintResult) => JSON.parse(reporters.gitlab!(result, context())) as GitlabIssue[];

/** Reads JUnit XML with Python's expat-based parser, a conforming XML 1.0 parser independent of ours. */
function readJunit(xml: string): { suites: { name: string; tests: number; failures: number; cases: { classname: string; name: string; file: string | null; failure: { message: string; type: string; text: string } | null }[] }[] } {
  const script = [
    'import json, sys, xml.etree.ElementTree as ET',
    'root = ET.fromstring(sys.stdin.buffer.read())',
    'assert root.tag == "testsuites"',
    'def case(c):',
    '    f = c.find("failure")',
    '    return {"classname": c.get("classname"), "name": c.get("name"), "file": c.get("file"), "failure": None if f is None else {"message": f.get("message"), "type": f.get("type"), "text": f.text}}',
    'print(json.dumps({"suites": [{"name": s.get("name"), "tests": int(s.get("tests")), "failures": int(s.get("failures")), "cases": [case(c) for c in s.findall("testcase")]} for s in root.findall("testsuite")]}))',
  ].join('\n');
  const run = spawnSync(python!, ['-c', script], { input: xml, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as ReturnType<typeof readJunit>;
}
/** The interpreter itself, resolved once: version-manager shims take seconds per start. */
function findPython(): string | undefined {
  const run = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}
const python = findPython();
if (!python) console.log('JUnit XML parsing checks skipped: python3 (whose XML parser reads the report back) is not installed');

describe.skipIf(!python)('junit', () => {
  it('is well-formed XML with one failing case per rule and object, and a passing case per quiet rule', () => {
    const result = lint({ 'examples/broken-app.yaml': example('broken-app.yaml'), 'examples/port-mismatch.yaml': example('port-mismatch.yaml') });
    const { suites } = readJunit(reporters.junit!(result, context()));
    expect(suites.map((s) => s.name)).toEqual(result.rulesRun.map((id) => `netlint.${id}`));
    const portMismatch = suites.find((s) => s.name === 'netlint.port-mismatch')!;
    // Two findings on one Service: one test case, failing with both.
    expect(portMismatch).toMatchObject({ tests: 1, failures: 1 });
    const [service] = portMismatch.cases;
    expect(service).toMatchObject({ classname: 'netlint.port-mismatch', name: 'Service ports-demo/web', file: 'examples/port-mismatch.yaml' });
    expect(service?.failure?.type).toBe('error');
    expect(service?.failure?.text?.split('\n').filter((line) => !line.startsWith('  '))).toEqual([
      expect.stringMatching(/^examples\/port-mismatch\.yaml:23:43: error: targetPort "htpp"/),
      expect.stringMatching(/^examples\/port-mismatch\.yaml:24:28: warning: targetPort is unset/),
    ]);
    const quiet = suites.find((s) => s.name === 'netlint.dns-tcp-missing')!;
    expect(quiet).toMatchObject({ tests: 1, failures: 0, cases: [{ name: 'no findings', failure: null }] });
  });

  it('has test cases even for a clean run (Jenkins rejects a report without any)', () => {
    const { suites } = readJunit(reporters.junit!(lint({ 'clean.yaml': example('clean-app.yaml') }), context()));
    expect(suites.length).toBe(allRuleMeta.filter(onByDefault).length); // all but the opt-in ones
    expect(suites.every((s) => s.tests === 1 && s.failures === 0)).toBe(true);
  });

  it('lists only the rules that ran: those --only selects, and the input diagnostics that always run', () => {
    const result = lint({ 'examples/port-mismatch.yaml': example('port-mismatch.yaml') }, { only: ['port-mismatch'] });
    expect(readJunit(reporters.junit!(result, context())).suites.map((s) => s.name)).toEqual([
      'netlint.incomplete-object',
      'netlint.input-limit',
      'netlint.port-mismatch',
      'netlint.suppression-unknown-rule',
      'netlint.unrendered-template',
      'netlint.yaml-syntax',
    ]);
  });

  it('names the file when the same object is defined in two files', () => {
    const text = example('port-mismatch.yaml');
    const { suites } = readJunit(reporters.junit!(lintApart({ 'k8s/dev/app.yaml': text, 'k8s/prod/app.yaml': text }), context()));
    const names = suites.find((s) => s.name === 'netlint.port-mismatch')!.cases.map((c) => c.name);
    expect(names).toEqual(['Service ports-demo/web (k8s/dev/app.yaml)', 'Service ports-demo/web (k8s/prod/app.yaml)']);
  });

  it('escapes markup and replaces characters XML cannot hold, in text and attributes', () => {
    const nasty = 'a<b>&"c\'\u0001d\ttab\nline\uD800';
    expect(escapeXmlText(nasty)).toBe('a&lt;b&gt;&amp;"c\'\uFFFDd\ttab\nline\uFFFD');
    expect(escapeXmlAttribute(nasty)).toBe('a&lt;b&gt;&amp;&quot;c&apos;\uFFFDd&#9;tab&#10;line\uFFFD');
    const result = lint({ 'examples/port-mismatch.yaml': example('port-mismatch.yaml') }, { only: ['port-mismatch'] });
    const file = result.files[0]!;
    const messages: LintMessage[] = file.messages.map((m) => ({ ...m, message: nasty }));
    const poisoned: LintResult = { ...result, files: [{ ...file, messages }] };
    const suite = readJunit(reporters.junit!(poisoned, context())).suites.find((s) => s.name === 'netlint.port-mismatch');
    expect(suite?.cases[0]?.failure?.message).toBe('a<b>&"c\'\uFFFDd\ttab\nline\uFFFD (and 1 more)');
  });
});

describe('gitlab', () => {
  const schema = JSON.parse(readFileSync(`${root}schemas/netlint-gitlab.schema.json`, 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
  const result = () => lint({ 'examples/broken-app.yaml': example('broken-app.yaml'), 'examples/port-mismatch.yaml': example('port-mismatch.yaml') });

  it('follows schemas/netlint-gitlab.schema.json, which rejects a broken entry', () => {
    const issues = gitlabOf(result());
    expect(validate(issues), JSON.stringify(validate.errors)).toBe(true);
    issues[0]!.severity = 'error';
    expect(validate(issues)).toBe(false);
  });

  it('maps severities, names the rule and the repository path, and gives every finding its own fingerprint', () => {
    const issues = gitlabOf(result());
    expect(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin])).toEqual([
      ['selector-no-match', 'major', 'examples/broken-app.yaml', 60],
      ['deny-all-without-dns', 'major', 'examples/broken-app.yaml', 76],
      ['port-mismatch', 'major', 'examples/port-mismatch.yaml', 23],
      ['port-mismatch', 'minor', 'examples/port-mismatch.yaml', 24],
    ]);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  });

  it('prints an empty array for clean input (GitLab expects the file)', () => {
    expect(reporters.gitlab!(lint({ 'clean.yaml': example('clean-app.yaml') }), context())).toBe('[]\n');
  });
});

describe('fingerprints (SARIF partialFingerprints, GitLab fingerprint)', () => {
  const original = example('broken-app.yaml');
  // Blank lines and comments at the top and just above the Service's selector move every finding.
  const reformatted = `# owned by the platform team\n\n\n${original.replace(/^(\s*)selector:/m, '$1# the pods of the api\n\n$1selector:')}`;

  const sarifPrints = (text: string, path = 'k8s/app.yaml') =>
    sarifOf(lint({ [path]: text })).runs[0]!.results.map((r) => ({
      rule: r.ruleId,
      line: r.locations[0]!.physicalLocation.region.startLine,
      print: r.partialFingerprints['netlintFinding/v2'],
    }));

  it('stay the same when lines move', () => {
    const before = sarifPrints(original);
    const after = sarifPrints(reformatted);
    expect(before.length).toBeGreaterThan(0);
    expect(after.map((r) => r.line)).not.toEqual(before.map((r) => r.line));
    expect(after.map((r) => [r.rule, r.print])).toEqual(before.map((r) => [r.rule, r.print]));
    const gitlabBefore = gitlabOf(lint({ 'k8s/app.yaml': original })).map((i) => i.fingerprint);
    expect(gitlabOf(lint({ 'k8s/app.yaml': reformatted })).map((i) => i.fingerprint)).toEqual(gitlabBefore);
  });

  it('differ for the same object in two files, and do not depend on the working directory', () => {
    const text = example('port-mismatch.yaml');
    const result = lintApart({ 'k8s/dev/app.yaml': text, 'k8s/prod/app.yaml': text });
    const prints = sarifOf(result).runs[0]!.results.map((r) => r.partialFingerprints['netlintFinding/v2']);
    expect(prints).toHaveLength(4);
    expect(new Set(prints).size).toBe(4);
    // The path tells them apart, not their order: each file alone has the prints it has beside the other.
    const alone = (path: string) => sarifOf(lint({ [path]: text })).runs[0]!.results.map((r) => r.partialFingerprints['netlintFinding/v2']);
    expect([...alone('k8s/dev/app.yaml'), ...alone('k8s/prod/app.yaml')]).toEqual(prints);
    // Run from a subdirectory: paths shown differ, the repository paths and so the prints do not.
    const fromK8s = lintApart({ 'dev/app.yaml': text, 'prod/app.yaml': text }, '/repo/k8s/');
    const printsFromK8s = sarifOf(fromK8s, { cwd: '/repo/k8s' }).runs[0]!.results.map((r) => r.partialFingerprints['netlintFinding/v2']);
    expect(printsFromK8s).toEqual(prints);
  });
});

describe('sarif', () => {
  const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { homepage: string; repository: { url: string } };

  it('links the tool and every rule from package.json', () => {
    const driver = sarifOf(lint({ 'clean.yaml': example('clean-app.yaml') })).runs[0]!.tool.driver;
    expect(driver.informationUri).toBe(manifest.homepage);
    const repository = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(driver.rules.map((r) => r.helpUri)).toEqual(allRuleMeta.map((r) => `${repository}/blob/main/docs/rules/${r.id}.md`));
  });

  it('sets automationDetails.id from --sarif-category, as a category (trailing slash)', () => {
    const clean = lint({ 'clean.yaml': example('clean-app.yaml') });
    expect(sarifOf(clean).runs[0]!.automationDetails.id).toBe('netlint/');
    expect(sarifOf(clean, { sarifCategory: 'netlint/prod/' }).runs[0]!.automationDetails.id).toBe('netlint/prod/');
    expect(sarifOf(clean, { sarifCategory: 'netlint/dev' }).runs[0]!.automationDetails.id).toBe('netlint/dev/');
  });

  it('keeps errors first when a selection must be cut', () => {
    const items = [
      { severity: 'warning' as const, n: 1 },
      { severity: 'error' as const, n: 2 },
      { severity: 'warning' as const, n: 3 },
      { severity: 'error' as const, n: 4 },
    ];
    expect(withinLimit(items, 3)).toEqual({ kept: [items[0], items[1], items[3]], dropped: 1 });
    expect(withinLimit(items, 1)).toEqual({ kept: [items[1]], dropped: 3 });
    expect(withinLimit(items, 4)).toEqual({ kept: items, dropped: 0 });
  });

  it(`holds at most ${maxResultsPerRun} results, says on stderr how many it left out, and records it`, () => {
    const base = lint({ 'examples/port-mismatch.yaml': example('port-mismatch.yaml') });
    const [error, warning] = base.files[0]!.messages as [LintMessage, LintMessage];
    const messages = [
      ...Array.from({ length: maxResultsPerRun }, (_, i) => ({ ...warning, range: { ...warning.range, line: i + 1 } })),
      ...Array.from({ length: 3 }, (_, i) => ({ ...error, range: { ...error.range, line: maxResultsPerRun + i + 1 } })),
    ];
    const many: LintResult = { ...base, files: [{ ...base.files[0]!, messages }] };
    const warn = vi.fn();
    const run = sarifOf(many, { warn }).runs[0]!;
    expect(run.results).toHaveLength(maxResultsPerRun);
    expect(run.results.filter((r) => r.level === 'error')).toHaveLength(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe(
      'netlint: netlint found 25,003 problems, more than the 25,000 GitHub code scanning accepts in one run: the SARIF report keeps 25,000 (errors first) and leaves out 3.\n',
    );
    expect(run.invocations[0]!.toolExecutionNotifications?.[0]?.message.text).toContain('leaves out 3');
  });
});
