/** Findings in rendered input carry the template or resource they came from. */
import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/engine/lint.js';
import { createSourceFile } from '../../src/engine/source.js';
import { describeOrigin } from '../../src/engine/origin.js';
import { rules } from '../../src/rules/index.js';

/** A workload for the Services below to miss: selector-no-match needs pods in the namespace. */
const deployment = `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n`;

const lint = (text: string) =>
  lintSources([createSourceFile('rendered.yaml', undefined, text + deployment)], { rules }).files[0]!.messages.filter((m) => m.ruleId === 'selector-no-match');

const service = (name: string, selector: string, annotation = '') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\n${annotation}spec:\n  selector: {app: ${selector}}\n  ports: [{port: 80}]\n`;

describe('origin of findings', () => {
  it('each finding names the template of its own document, positions stay in the rendered text', () => {
    const text = `---\n# Source: shop/templates/a.yaml\n${service('a', 'nothing')}---\n# Source: shop/templates/b.yaml\n${service('b', 'none')}`;
    const messages = lint(text);
    expect(messages.map((m) => [m.range.line, m.origin?.path])).toEqual([
      [9, 'shop/templates/a.yaml'],
      [19, 'shop/templates/b.yaml'],
    ]);
  });

  it('a List item has the origin of its own annotation, else its document\'s', () => {
    const item = (name: string, annotation: string) =>
      service(name, 'nothing', annotation)
        .split('\n')
        .filter(Boolean)
        .map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`))
        .join('\n');
    const annotated = '  annotations:\n    config.kubernetes.io/origin: "path: base/a.yaml"\n';
    const text = `# Source: shop/templates/list.yaml\napiVersion: v1\nkind: List\nitems:\n${item('a', annotated)}\n${item('b', '')}\n`;
    const messages = lint(text);
    expect(messages.map((m) => m.origin)).toEqual([
      { path: 'base/a.yaml', source: 'kustomize' },
      { path: 'shop/templates/list.yaml', source: 'helm' },
    ]);
  });

  it('plain manifests have no origin', () => {
    expect(lint(service('a', 'nothing')).map((m) => m.origin)).toEqual([undefined]);
  });

  it('describes a remote resource with its repository and ref', () => {
    expect(describeOrigin({ path: 'base/pod.yaml', source: 'kustomize', repo: 'https://github.com/org/repo', ref: 'v1' })).toBe(
      'base/pod.yaml in https://github.com/org/repo@v1',
    );
    expect(describeOrigin({ path: 'shop/templates/a.yaml', source: 'helm' })).toBe('shop/templates/a.yaml');
  });
});
