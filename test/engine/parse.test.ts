import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/engine/parse.js';
import { createSourceFile } from '../../src/engine/source.js';
import { isNodeRef, type FileLocation } from '../../src/engine/finding.js';

const parse = (text: string, path = 'm.yaml') => parseFile(createSourceFile(path, undefined, text));
const where = (at: unknown) => (at as FileLocation).range;

describe('parseFile', () => {
  it('reads every document of a multi-document file and skips empty ones', () => {
    const result = parse('---\n# only a comment\n---\na: 1\n---\n---\nb: [2]\n');
    expect(result.findings).toEqual([]);
    expect(result.documents.map((d) => d.value)).toEqual([{ a: 1 }, { b: [2] }]);
    expect(result.documents.map((d) => d.index)).toEqual([1, 3]);
  });

  it('keeps every sequence whole when it compacts them, and an anchored one shared with its aliases', () => {
    const result = parse('a: &list [1, [2, 3], {b: [4]}]\nc: *list\nd:\n  - x\n  -\n  - - y\ne: []\n');
    const value = result.documents[0]?.value as Record<string, unknown>;
    expect(value).toEqual({ a: [1, [2, 3], { b: [4] }], c: [1, [2, 3], { b: [4] }], d: ['x', null, ['y']], e: [] });
    expect(value.c).toBe(value.a);
  });

  it('reports a syntax error at its line and column and keeps the other documents', () => {
    const result = parse('a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n');
    expect(result.documents.map((d) => d.value)).toEqual([{ a: 1 }, { d: 4 }]);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding?.ruleId).toBe('yaml-syntax');
    expect(isNodeRef(finding!.at)).toBe(false);
    expect(where(finding!.at).line).toBe(4);
  });

  it('treats duplicate keys as syntax errors, at the duplicate', () => {
    const result = parse('metadata:\n  name: a\n  name: b\n');
    expect(result.documents).toEqual([]);
    expect(result.findings[0]?.message).toMatch(/^the key name appears twice in this mapping: remove one or merge them/);
    expect(where(result.findings[0]!.at)).toMatchObject({ line: 3 });
  });

  it('reports absurdly deep nesting as a syntax error of that document only', () => {
    const result = parse(`a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n---\nb: 1\n`);
    expect(result.documents.map((d) => d.value)).toEqual([{ b: 1 }]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['yaml-syntax']);
  });

  it('keeps YAML 1.2 strings as Kubernetes does for labels', () => {
    const [doc] = parse('labels: {date: 2024-01-01, on: yes, v: "80", n: 80}\n').documents;
    expect(doc?.value).toEqual({ labels: { date: '2024-01-01', on: 'yes', v: '80', n: 80 } });
  });

  it('applies merge keys', () => {
    const [doc] = parse('base: &b {port: 80}\nsvc:\n  <<: *b\n  name: x\n').documents;
    expect((doc?.value as { svc: unknown }).svc).toEqual({ port: 80, name: 'x' });
  });

  it('parses JSON files, and reports JSON errors with a position', () => {
    expect(parse('{"kind": "Service", "apiVersion": "v1"}', 'svc.json').documents[0]?.value).toEqual({ kind: 'Service', apiVersion: 'v1' });
    const broken = parse('{\n  "kind": "Service",\n  "apiVersion" "v1"\n}\n', 'svc.json');
    expect(broken.documents).toEqual([]);
    expect(broken.findings[0]).toMatchObject({ ruleId: 'yaml-syntax', messageId: 'json' });
    expect(where(broken.findings[0]!.at).line).toBe(3);
  });

  it('recognises an unrendered Helm template and does not parse it', () => {
    const result = parse('apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {{ .Values.replicas }}\n');
    expect(result.documents).toEqual([]);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: 'unrendered-template', severity: 'warning' });
    expect(where(result.findings[0]!.at)).toMatchObject({ line: 4, column: 13 });
  });

  it('leaves rendered files with template-like text in strings alone', () => {
    const result = parse('kind: ConfigMap\napiVersion: v1\ndata:\n  alert: "{{ $labels.instance }} is down"\n');
    expect(result.findings).toEqual([]);
    expect(result.documents).toHaveLength(1);
  });

  it('lints a rendered file that quotes Helm-like text as data', () => {
    const result = parse('apiVersion: v1\nkind: ConfigMap\ndata:\n  cmd: "helm install --set x={{ .Values.x }}"\n');
    expect(result.findings).toEqual([]);
    expect(result.documents).toHaveLength(1);
  });

  it('calls a parseable file with an unquoted Helm action a template', () => {
    const result = parse('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "{{ .Release.Name }}"\ndata:\n  n: {{ .Values.n }}\n');
    expect(result.findings.map((f) => [f.ruleId, where(f.at).line])).toEqual([['unrendered-template', 6]]);
  });

  it('calls a file with {{ that does not parse a template rather than broken YAML', () => {
    const result = parse('metadata:\n  name: {{ something }}-x\n  labels:\n  {{- with .Labels }}\n');
    expect(result.findings.map((f) => f.ruleId)).toEqual(['unrendered-template']);
  });
});

describe('origin of rendered documents', () => {
  const origins = (text: string) => parse(text).documents.map((d) => d.origin);

  it('gives each document of helm template output the template named by its # Source: comment', () => {
    const stream = [
      '---',
      '# Source: shop/templates/service.yaml',
      'apiVersion: v1',
      'kind: Service',
      '---',
      '# Source: shop/charts/redis/templates/deployment.yaml',
      'apiVersion: apps/v1',
      'kind: Deployment',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      '',
    ].join('\n');
    expect(origins(stream)).toEqual([
      { path: 'shop/templates/service.yaml', source: 'helm' },
      { path: 'shop/charts/redis/templates/deployment.yaml', source: 'helm' },
      undefined,
    ]);
  });

  it('finds the comment among other leading comments, and in a first document without ---', () => {
    const stream = [
      '# Source: shop/templates/first.yaml',
      'kind: A',
      '---',
      '# Copyright the shop authors',
      '',
      '# Source: shop/templates/second.yaml',
      '# a comment the template itself starts with',
      'kind: B',
      '',
    ].join('\n');
    expect(origins(stream)).toEqual([
      { path: 'shop/templates/first.yaml', source: 'helm' },
      { path: 'shop/templates/second.yaml', source: 'helm' },
    ]);
  });

  it('ignores a Source comment below the first field, which belongs to that field', () => {
    expect(origins('kind: A\n# Source: shop/templates/x.yaml\nmetadata: {}\n')).toEqual([undefined]);
    expect(origins('kind: A # Source: shop/templates/x.yaml\n')).toEqual([undefined]);
  });

  it('keeps the template of a document that does not parse on its syntax finding', () => {
    const result = parse('---\n# Source: shop/templates/broken.yaml\nkind: [A\n');
    expect(result.findings.map((f) => f.ruleId)).toEqual(['yaml-syntax']);
    expect((result.findings[0]!.at as FileLocation).origin).toEqual({ path: 'shop/templates/broken.yaml', source: 'helm' });
  });

  it('reads the config.kubernetes.io/origin annotation of kustomize build output', () => {
    const annotated = (origin: string) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n${origin
        .split('\n')
        .map((line) => `      ${line}`)
        .join('\n')}\n  name: web\n`;
    expect(origins(annotated('path: ../base/service.yaml'))).toEqual([{ path: '../base/service.yaml', source: 'kustomize' }]);
    expect(origins(annotated('path: examples/multibases/base/pod.yaml\nrepo: https://github.com/kubernetes-sigs/kustomize\nref: v1.0.6'))).toEqual([
      { path: 'examples/multibases/base/pod.yaml', source: 'kustomize', repo: 'https://github.com/kubernetes-sigs/kustomize', ref: 'v1.0.6' },
    ]);
    // A generated object has no file of its own: the file configuring its generator stands for it.
    expect(origins(annotated('configuredIn: kustomization.yaml\nconfiguredBy:\n  apiVersion: builtin\n  kind: ConfigMapGenerator'))).toEqual([
      { path: 'kustomization.yaml', source: 'kustomize' },
    ]);
    // Unreadable or empty annotations are no origin, and no error.
    expect(origins(annotated('path: [unclosed'))).toEqual([undefined]);
    expect(origins(annotated('ref: v1'))).toEqual([undefined]);
  });

  it('prefers the object\'s own annotation to the comment above its document', () => {
    const text = '# Source: shop/templates/x.yaml\nkind: A\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: "path: base/a.yaml"\n';
    expect(origins(text)).toEqual([{ path: 'base/a.yaml', source: 'kustomize' }]);
  });
});
