/**
 * Text from manifests never reaches a terminal raw: a label value that erases the line and writes
 * "all good" is shown escaped by every text output (stylish, github, `reach` text, connlist,
 * explanations), and kept exact by the machine formats (JSON, SARIF).
 */
import { describe, expect, it } from 'vitest';
import { printable } from '../../src/reporters/printable.js';
import { runNetlint } from '../helpers/run.js';

const cwd = new URL('../../', import.meta.url).pathname;

/** Erase the line, return to its start, and claim success. */
const hostile = 'x\u001b[2K\rall good: 0 problems';
const shown = 'x\\x1b[2K\\rall good: 0 problems';

/** A Service whose selector value is hostile (so a finding quotes it), and a workload whose name is. */
const manifests = `
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: ${JSON.stringify(hostile)}}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${JSON.stringify(`web\u202egnp.exe`)}, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, ports: [{containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-nowhere, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{podSelector: {matchLabels: {app: ${JSON.stringify(hostile)}}}}]}]
`;

/** Anything a terminal would act on: C0 (but the line feeds that end rows), DEL, C1, bidi controls. */
const unprintableInOutput = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('printable', () => {
  it.each([
    ['escape sequence and carriage return', hostile, shown],
    ['tab and line feed', 'a\tb\nc', 'a\\tb\\nc'],
    ['other C0, DEL and C1 controls', '\u0000\u0007\u007f\u009b', '\\x00\\x07\\x7f\\x9b'],
    ['bidi overrides and isolates', 'a\u202ab\u202ec\u2066d\u2069', 'a\\u202ab\\u202ec\\u2066d\\u2069'],
    ['line and paragraph separators', 'a\u2028b\u2029', 'a\\u2028b\\u2029'],
  ])('shows %s escaped', (_, text, escaped) => {
    expect(printable(text)).toBe(escaped);
  });

  it('leaves ordinary text, non-ASCII letters and emoji alone', () => {
    const text = 'Service shop/api selects app=wëb 🚀 (from chart/templates/svc.yaml) \\x1b';
    expect(printable(text)).toBe(text);
  });
});

describe('text outputs show manifest text escaped', () => {
  it('stylish', () => {
    const { stdout } = runNetlint(['-', '--format', 'stylish'], { cwd, stdin: manifests });
    expect(stdout).toContain(shown);
    expect(stdout).not.toMatch(unprintableInOutput);
  });

  it('github annotations', () => {
    const { stdout } = runNetlint(['-', '--format', 'github'], { cwd, stdin: manifests });
    expect(stdout).toMatch(/^::(error|warning) /m);
    expect(stdout).toContain(shown);
    expect(stdout).not.toMatch(unprintableInOutput);
  });

  // Graphviz strings escape the backslash of the escape once more.
  it.each([
    ['text', 'web\\u202egnp.exe'],
    ['connlist', 'web\\u202egnp.exe'],
    ['dot', 'web\\\\u202egnp.exe'],
    ['mermaid', 'web\\u202egnp.exe'],
  ])('reach --format %s', (format, name) => {
    const { stdout } = runNetlint(['reach', '-', '--format', format], { cwd, stdin: manifests });
    expect(stdout).toContain(name);
    expect(stdout).not.toMatch(unprintableInOutput);
  });

  it('reach explanation', () => {
    const { stdout } = runNetlint(['reach', '-', '--from', 'shop/web\u202egnp.exe', '--to', 'shop/web\u202egnp.exe'], { cwd, stdin: manifests });
    expect(stdout).toContain('shop/web\\u202egnp.exe');
    // The closest rule's miss quotes the policy's hostile peer selector.
    expect(stdout).toContain(shown);
    expect(stdout).not.toMatch(unprintableInOutput);
  });
});

describe('machine formats keep the exact text', () => {
  it('json', () => {
    const { stdout } = runNetlint(['-', '--format', 'json'], { cwd, stdin: manifests });
    const messages = (JSON.parse(stdout) as { messages: { message: string }[] }[]).flatMap((f) => f.messages.map((m) => m.message));
    expect(messages.some((m) => m.includes(hostile))).toBe(true);
  });

  it('sarif', () => {
    const { stdout } = runNetlint(['-', '--format', 'sarif'], { cwd, stdin: manifests });
    const results = (JSON.parse(stdout) as { runs: { results: { message: { text: string } }[] }[] }).runs.flatMap((r) => r.results);
    expect(results.some((r) => r.message.text.includes(hostile))).toBe(true);
  });

  it('reach --format json', () => {
    const { stdout } = runNetlint(['reach', '-', '--format', 'json'], { cwd, stdin: manifests });
    expect((JSON.parse(stdout) as { from: { name?: string } }[]).some((f) => f.from.name === 'web\u202egnp.exe')).toBe(true);
  });
});
