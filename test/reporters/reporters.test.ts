/**
 * Golden output of every reporter for one fixed set of findings (the broken app, a port
 * mismatch with a warning, a file with a syntax error, and a finding with a fix), as if run in /repo.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { lintSources, type LintResult } from '../../src/engine/lint.js';
import { createSourceFile } from '../../src/engine/source.js';
import { rules } from '../../src/rules/index.js';
import { reporters } from '../../src/reporters/index.js';
import { escapeData, escapeProperty } from '../../src/reporters/github.js';
import { reporterContext } from '../helpers/reporter-context.js';

const root = new URL('../../', import.meta.url).pathname;
const golden = (name: string) => new URL(`./golden/${name}`, import.meta.url).pathname;

function fixedResult(): LintResult {
  const files = ['examples/broken-app.yaml', 'examples/port-mismatch.yaml'].map((path) =>
    createSourceFile(path, `/repo/${path}`, readFileSync(`${root}${path}`, 'utf8')),
  );
  files.push(createSourceFile('k8s/broken.yaml', '/repo/k8s/broken.yaml', 'kind: ConfigMap\napiVersion: v1\ndata: {a: "b"\n'));
  // A finding with a fix: SARIF `fixes`, JSON `fix` and `netlintFix`.
  const dns = 'test/fixtures/dns-tcp-missing/fix/flow-item.yaml';
  files.push(createSourceFile('k8s/dns.yaml', '/repo/k8s/dns.yaml', readFileSync(`${root}${dns}`, 'utf8')));
  return lintSources(files, { rules });
}

const context = reporterContext;

const goldenExtension: Record<string, string> = { stylish: 'txt', json: 'json', sarif: 'sarif', github: 'txt', gitlab: 'json', junit: 'xml' };

it('every format has a golden file', () => {
  expect(Object.keys(reporters).sort()).toEqual(Object.keys(goldenExtension).sort());
});

describe.each(Object.keys(goldenExtension))('%s reporter', (format) => {
  it('matches its golden output', async () => {
    const reporter = reporters[format]!;
    const extension = goldenExtension[format];
    await expect(reporter(fixedResult(), context())).toMatchFileSnapshot(golden(`${format}.${extension}`));
  });
});

describe('stylish', () => {
  it('prints nothing when there are no problems', () => {
    const clean = lintSources([createSourceFile('a.yaml', '/repo/a.yaml', readFileSync(`${root}examples/clean-app.yaml`, 'utf8'))], { rules });
    expect(reporters.stylish!(clean, context())).toBe('');
  });
  it('colours severities and the summary when colour is on', () => {
    const out = reporters.stylish!(fixedResult(), context({ color: true }));
    expect(out).toContain('\u001b[31merror\u001b[39m');
    expect(out).toContain('\u001b[33mwarning\u001b[39m');
  });
});

describe('stylish with rendered input', () => {
  const rendered = () =>
    lintSources([createSourceFile('rendered.yaml', '/repo/rendered.yaml', readFileSync(`${root}examples/rendered/helm-template.yaml`, 'utf8'))], { rules });

  it('ends each message with its template, dimmed, keeping the columns aligned', () => {
    const plain = reporters.stylish!(rendered(), context());
    const coloured = reporters.stylish!(rendered(), context({ color: true }));
    expect(coloured).toContain('\u001b[2m (from shop/templates/networkpolicy.yaml)\u001b[22m');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
    const ruleColumns = plain.split('\n').filter((line) => /^ {2}\d+:\d+/.test(line)).map((line) => line.search(/\S+$/));
    expect(ruleColumns).toHaveLength(3);
    expect(new Set(ruleColumns).size).toBe(1);
  });
});

describe('json', () => {
  it('is ESLint-shaped: severities 2 and 1, counts per file, the object on each message', () => {
    const parsed = JSON.parse(reporters.json!(fixedResult(), context())) as {
      filePath: string;
      errorCount: number;
      warningCount: number;
      messages: { severity: number; object: unknown; fatal?: boolean }[];
    }[];
    expect(parsed.map((f) => [f.filePath, f.errorCount, f.warningCount])).toEqual([
      ['/repo/examples/broken-app.yaml', 2, 0],
      ['/repo/examples/port-mismatch.yaml', 1, 1],
      ['/repo/k8s/broken.yaml', 1, 0],
      ['/repo/k8s/dns.yaml', 0, 1],
    ]);
    expect(parsed[1]?.messages.map((m) => m.severity)).toEqual([2, 1]);
    expect(parsed[0]?.messages[0]?.object).toEqual({ kind: 'Service', namespace: 'broken-net', name: 'backend' });
    expect(parsed[2]?.messages[0]?.fatal).toBe(true);
  });

  it('carries a safe fix of the message\'s own file as ESLint does, and counts it as fixable', () => {
    const result = fixedResult();
    const parsed = JSON.parse(reporters.json!(result, context())) as {
      fixableWarningCount: number;
      messages: { fix?: { range: [number, number]; text: string }; netlintFix?: { safe: boolean } }[];
    }[];
    const dns = parsed[3];
    const fix = dns?.messages[0]?.fix;
    expect(dns?.fixableWarningCount).toBe(1);
    expect(dns?.messages[0]?.netlintFix?.safe).toBe(true);
    // Applying ESLint's fix to the text gives what --fix writes.
    const text = result.files[3]!.source.text;
    const fixed = text.slice(0, fix!.range[0]) + fix!.text + text.slice(fix!.range[1]);
    expect(fixed).toContain('        - { protocol: UDP, port: 53 }  # DNS\n        - {protocol: TCP, port: 53}\n');
    expect(parsed[0]?.messages.every((m) => m.fix === undefined)).toBe(true);
  });
});

describe('json schema', () => {
  const schema = JSON.parse(readFileSync(`${root}schemas/netlint-results.schema.json`, 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

  it('describes the json output exactly', () => {
    const output = JSON.parse(reporters.json!(fixedResult(), context())) as unknown;
    expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
  });

  it('describes the inferredNamespace of a file whose namespace-less objects netlint placed', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n';
    const result = lintSources([createSourceFile('k8s/app.yaml', '/repo/k8s/app.yaml', text)], { rules });
    const output = JSON.parse(reporters.json!(result, context())) as { inferredNamespace?: unknown }[];
    expect(output[0]?.inferredNamespace).toEqual({ name: 'shop', objects: 1, reason: 'the only namespace in the input' });
    expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
  });

  it('describes the origin of findings in rendered input', () => {
    const text = readFileSync(`${root}examples/rendered/helm-template.yaml`, 'utf8');
    const result = lintSources([createSourceFile('rendered.yaml', '/repo/rendered.yaml', text)], { rules });
    const output = JSON.parse(reporters.json!(result, context())) as { messages: { origin?: unknown }[] }[];
    expect(output[0]?.messages[0]?.origin).toEqual({ path: 'shop/templates/service.yaml', source: 'helm' });
    expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
    (output[0]!.messages[0]!.origin as { source: string }).source = 'jsonnet';
    expect(validate(output)).toBe(false);
  });

  it('rejects output that breaks it, so the check above can fail', () => {
    const output = JSON.parse(reporters.json!(fixedResult(), context())) as { messages: { severity: number }[] }[];
    output[0]!.messages[0]!.severity = 3;
    expect(validate(output)).toBe(false);
  });
});

describe('github', () => {
  it('escapes data and properties the way the runner decodes them', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });
  it('drops columns on multi-line ranges and notes annotations over the per-step limit', () => {
    const result = fixedResult();
    const many: LintResult = {
      ...result,
      files: [{
        ...result.files[0]!,
        messages: Array.from({ length: 12 }, (_, i) => ({
          ...result.files[0]!.messages[0]!,
          range: { line: i + 1, column: 1, endLine: i + 2, endColumn: 3 },
        })),
      }],
    };
    const out = reporters.github!(many, context()).trimEnd().split('\n');
    expect(out).toHaveLength(13);
    expect(out[0]).toBe('::error file=examples/broken-app.yaml,line=1,endLine=2,title=netlint(selector-no-match)::' + escapeData(result.files[0]!.messages[0]!.message));
    expect(out[12]).toMatch(/^::notice title=netlint::2 more findings/);
  });
});
