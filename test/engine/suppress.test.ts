/**
 * Suppressions as a user writes them: annotations on objects, next-line and file comments, their
 * reasons in JSON, their counts in the summary, and what happens to misspelt or stale ones.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/engine/lint.js';
import { createSourceFile } from '../../src/engine/source.js';
import { rules } from '../../src/rules/index.js';
import { runNetlint } from '../helpers/run.js';

const root = new URL('../..', import.meta.url).pathname;

function netlint(args: string[], input: string) {
  return runNetlint([...args, '--stdin-filename', 'app.yaml', '-'], { cwd: root, stdin: input });
}

interface JsonMessage {
  ruleId: string;
  line: number;
  column: number;
  suppressions?: { kind: string; justification: string }[];
}
interface JsonFile {
  messages: JsonMessage[];
  suppressedMessages: JsonMessage[];
  suppressedCount: number;
  errorCount: number;
  warningCount: number;
}

function lintJson(input: string, args: string[] = []): { code: number; file: JsonFile } {
  const { code, stdout } = netlint(['-f', 'json', ...args], input);
  const [file] = JSON.parse(stdout) as JsonFile[];
  return { code, file: file as JsonFile };
}

/** What the programmatic API keeps of silenced findings: position, rule and how each was silenced. */
function suppressedOf(input: string): JsonMessage[] {
  const [file] = lintSources([createSourceFile('app.yaml', undefined, input)], { rules }).files;
  return (file?.suppressedMessages ?? []).map((m) => ({ ruleId: m.ruleId, line: m.range.line, column: m.range.column, suppressions: [...m.suppressions] }));
}

const found = (messages: JsonMessage[]) => messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`);

/** `line:column ruleId` of the first place `needle` is written in the input. */
function at(input: string, needle: string, ruleId: string): string {
  const offset = input.indexOf(needle);
  if (offset === -1) throw new Error(`${needle} is not in the input`);
  const before = input.slice(0, offset).split('\n');
  return `${before.length}:${(before.at(-1) as string).length + 1} ${ruleId}`;
}
const portFinding = (input: string) => at(input, 'htp}', 'port-mismatch');
const selectorFinding = (input: string) => at(input, 'selector: {app: web}', 'selector-no-match');

/** A Deployment, a Service whose targetPort is misspelt, and a Service that selects nothing. */
function app(options: { apiAnnotations?: string; beforeWebSelector?: string; top?: string } = {}): string {
  return `${options.top ?? ''}apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: api, ports: [{name: http, containerPort: 8080}], readinessProbe: {tcpSocket: {port: http}}}]}
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop${options.apiAnnotations ? `\n  annotations:\n${options.apiAnnotations}` : ''}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: htp}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
${options.beforeWebSelector ?? ''}  selector: {app: web}
  ports: [{port: 80}]
`;
}

describe('suppressions', () => {
  it('without any, both findings are reported (the baseline the other cases silence)', () => {
    const input = app();
    const { code, file } = lintJson(input);
    expect(code).toBe(1);
    expect(found(file.messages)).toEqual([portFinding(input), selectorFinding(input)]);
    expect(file.suppressedCount).toBe(0);
    expect(suppressedOf(input)).toEqual([]);
  });

  it('netlint.io/ignore silences the named rule on that object only, and keeps the reason', () => {
    const input = app({ apiAnnotations: '    netlint.io/ignore: port-mismatch\n    netlint.io/ignore-reason: the sidecar serves htp' });
    const { code, file } = lintJson(input);
    expect(code).toBe(1);
    expect(found(file.messages)).toEqual([selectorFinding(input)]);
    expect(found(suppressedOf(input))).toEqual([portFinding(input)]);
    expect(suppressedOf(input)[0]?.suppressions).toEqual([{ kind: 'annotation', justification: 'the sidecar serves htp' }]);
    expect(file.errorCount).toBe(1);
  });

  it('netlint.io/ignore: all silences every rule on the object; findings on other objects stay', () => {
    const input = app({ apiAnnotations: '    netlint.io/ignore: all' });
    const { file } = lintJson(input);
    expect(found(file.messages)).toEqual([selectorFinding(input)]);
    expect(suppressedOf(input)[0]?.suppressions).toEqual([{ kind: 'annotation', justification: '' }]);
  });

  it('an annotation for another rule silences nothing', () => {
    const input = app({ apiAnnotations: '    netlint.io/ignore: selector-no-match' });
    const { file } = lintJson(input);
    expect(found(file.messages)).toEqual([portFinding(input), selectorFinding(input)]);
  });

  it('netlint-disable-next-line silences the next line that is not blank or a comment, with its reason', () => {
    const input = app({ beforeWebSelector: '  # netlint-disable-next-line selector-no-match -- web ships next sprint\n\n  # the selector below\n' });
    const { code, file } = lintJson(input);
    expect(found(file.messages)).toEqual([portFinding(input)]);
    expect(found(suppressedOf(input))).toEqual([selectorFinding(input)]);
    expect(suppressedOf(input)[0]?.suppressions).toEqual([{ kind: 'directive', justification: 'web ships next sprint' }]);
    expect(code).toBe(1);
  });

  it('netlint-disable-next-line without ids silences every rule on that line, and only there', () => {
    const input = app({ beforeWebSelector: '  # netlint-disable-next-line\n' });
    const { file } = lintJson(input);
    expect(found(file.messages)).toEqual([portFinding(input)]);
    expect(found(suppressedOf(input))).toEqual([selectorFinding(input)]);
  });

  it('netlint-disable-file silences the named rules in the whole file; a run with only suppressed findings exits 0', () => {
    const input = app({ top: '# netlint-disable-file port-mismatch, selector-no-match -- legacy app, see TICKET-12\n' });
    const { code, file } = lintJson(input);
    expect(code).toBe(0);
    expect(file.messages).toEqual([]);
    expect(found(suppressedOf(input))).toEqual([portFinding(input), selectorFinding(input)]);
    expect(suppressedOf(input)[1]?.suppressions).toEqual([{ kind: 'directive', justification: 'legacy app, see TICKET-12' }]);
    expect(file.errorCount).toBe(0);
  });

  it('a second comment after the rule ids is not read as rule ids', () => {
    const input = app({ top: '# netlint-disable-file port-mismatch  # TODO remove\n' });
    const { file } = lintJson(input);
    expect(found(file.messages)).toEqual([selectorFinding(input)]);
  });

  it('an unknown rule id is an error where it is written, with the nearest id, and the known ids still work', () => {
    const input = app({ top: '# netlint-disable-file port-mismatch, selector-no-macth\n' });
    const { code, file } = lintJson(input);
    expect(code).toBe(1);
    expect(found(file.messages)).toEqual([at(input, 'selector-no-macth', 'suppression-unknown-rule'), selectorFinding(input)]);
    expect(netlint([], input).stdout).toContain('unknown rule "selector-no-macth" in netlint-disable-file; did you mean selector-no-match?');
  });

  it('an unknown id in an annotation points at the annotation value', () => {
    const input = app({ apiAnnotations: '    netlint.io/ignore: port-mismatch, no-such-rule' });
    const { file } = lintJson(input);
    expect(found(file.messages)).toEqual([at(input, 'port-mismatch, no-such-rule', 'suppression-unknown-rule'), selectorFinding(input)]);
  });

  it('a suppression cannot silence the report of its own unknown id', () => {
    const input = app({ top: '# netlint-disable-file\n# netlint-disable-file not-a-rule\n' });
    const { file } = lintJson(input);
    expect(found(file.messages)).toEqual([at(input, 'not-a-rule', 'suppression-unknown-rule')]);
  });

  it('--report-unused-suppressions reports suppressions that silence nothing, as warnings', () => {
    const input = app({ top: '# netlint-disable-file dns-tcp-missing\n', beforeWebSelector: '  # netlint-disable-next-line selector-no-match\n' });
    expect(found(lintJson(input).file.messages)).toEqual([portFinding(input)]);
    const { file } = lintJson(input, ['--report-unused-suppressions']);
    expect(found(file.messages)).toEqual(['1:1 suppression-unused', portFinding(input)]);
    const { code, stdout } = netlint(['--report-unused-suppressions'], input);
    expect(code).toBe(1);
    expect(stdout).toMatch(/1:1 +warning +netlint-disable-file for dns-tcp-missing silences nothing here; remove it +suppression-unused/);
  });

  it('a suppression for a rule left out with --only is not unused', () => {
    const input = app({ top: '# netlint-disable-file selector-no-match\n' });
    const { file } = lintJson(input, ['--only', 'port-mismatch', '--report-unused-suppressions']);
    expect(found(file.messages)).toEqual([portFinding(input)]);
  });

  it('the stylish summary counts suppressed findings; the counts and exit code leave them out', () => {
    const { code, stdout } = netlint([], app({ top: '# netlint-disable-file port-mismatch\n' }));
    expect(code).toBe(1);
    expect(stdout).toContain('✖ 1 problem (1 error, 0 warnings, 1 suppressed)');
  });

  it('SARIF and GitHub annotations leave suppressed findings out', () => {
    const input = app({ top: '# netlint-disable-file port-mismatch\n' });
    const sarif = JSON.parse(netlint(['-f', 'sarif'], input).stdout) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(['selector-no-match']);
    const github = netlint(['-f', 'github'], input).stdout;
    expect(github).toContain('selector-no-match');
    expect(github).not.toContain('port-mismatch');
  });

  it('JSON leaves silenced findings out, counts them per file, and validates against the results schema', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/netlint-results.schema.json', import.meta.url), 'utf8')) as object;
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    const { stdout } = netlint(['-f', 'json'], app({ top: '# netlint-disable-file port-mismatch -- known\n' }));
    const [file] = JSON.parse(stdout) as JsonFile[];
    expect(validate(JSON.parse(stdout)), JSON.stringify(validate.errors)).toBe(true);
    expect(file?.messages.map((m) => m.ruleId)).toEqual(['selector-no-match']);
    expect(file?.suppressedMessages).toEqual([]);
    expect(file?.suppressedCount).toBe(1);
  });

  it('an annotation on an item of a List silences findings on that item only', () => {
    const input = `apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: c, namespace: shop}
  spec: {selector: {matchLabels: {app: c}}, template: {metadata: {labels: {app: c}}, spec: {containers: [{name: c, image: c}]}}}
- apiVersion: v1
  kind: Service
  metadata: {name: a, namespace: shop, annotations: {netlint.io/ignore: selector-no-match}}
  spec: {selector: {app: a}, ports: [{port: 80}]}
- apiVersion: v1
  kind: Service
  metadata: {name: b, namespace: shop}
  spec: {selector: {app: b}, ports: [{port: 80}]}
`;
    const { file } = lintJson(input);
    expect(found(file.messages)).toEqual([at(input, 'selector: {app: b}', 'selector-no-match')]);
    expect(found(suppressedOf(input))).toEqual([at(input, 'selector: {app: a}', 'selector-no-match')]);
  });
});
