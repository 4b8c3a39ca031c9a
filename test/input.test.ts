/** Reading input as the commands do: charts, non-Kubernetes YAML, skipped-input summaries, stdin. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, type Io } from '../src/command.js';

/** Runs the command in-process with a fake terminal-less process. */
function netlint(argv: string[], cwd: string, options: { stdin?: string; stdinIsTTY?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    argv,
    cwd,
    env: {},
    stdinIsTTY: options.stdinIsTTY ?? false,
    stdoutIsTTY: false,
    readStdin: () => options.stdin ?? '',
    writeStdout: (text) => {
      stdout += text;
    },
    writeStderr: (text) => {
      stderr += text;
    },
  };
  const code = run(io);
  return { code, stdout, stderr };
}

/** A temporary directory with these files (paths relative to it). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'netlint-input-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const fixture = (path: string) => readFileSync(new URL(`fixtures/${path}`, import.meta.url), 'utf8');

const templated = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-${name}\n`;

describe('netlint reach: skipped input on standard error', () => {
  it('summarises unrendered templates in one line and names each syntax error', () => {
    const root = tree({
      'a.yaml': templated('a'),
      'b.yaml': templated('b'),
      'c.yaml': templated('c'),
      'd.yaml': templated('d'),
      'broken.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: x]\n',
    });
    const { code, stderr } = netlint(['reach', '.'], root);
    expect(code).toBe(0);
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      'netlint reach: skipped 4 unrendered Helm templates (a.yaml, b.yaml, c.yaml and 1 more); render them first: `helm template <release> <chart> | netlint reach -`',
      'netlint reach: broken.yaml:3:19: missed comma between flow collection entries (yaml-syntax); that part of the input is skipped',
    ]);
  });
});

describe('YAML that is not a Kubernetes manifest', () => {
  const repository = () =>
    tree({
      'infra/stack.yaml': fixture('yaml-syntax/valid/cloudformation-tags.yaml'),
      'mkdocs.yml': fixture('yaml-syntax/valid/mkdocs-python-tags.yml'),
      '.gitlab/ci.yaml': fixture('yaml-syntax/valid/gitlab-ci-reference.yaml'),
      'ansible/site.yaml': fixture('incomplete-object/valid/ansible-playbook.yaml'),
      'values/fluent-bit.yaml': fixture('incomplete-object/valid/helm-values-with-kind.yaml'),
      'package.json': '{"name": "shop", "private": true}',
      'k8s/web.yaml': fixture('incomplete-object/valid/basic.yaml'),
    });

  it('is read without findings, and --verbose names what was skipped', () => {
    const root = repository();
    const quiet = netlint(['.', '-f', 'json'], root);
    expect(quiet.stderr).toBe('');
    const files = JSON.parse(quiet.stdout) as { filePath: string; messages: unknown[] }[];
    expect(files.flatMap((f) => f.messages)).toEqual([]);
    expect(quiet.code).toBe(0);
    // Dot folders are not walked, so the GitLab file is not read at all.
    const verbose = netlint(['.', '--verbose'], root);
    expect(verbose.stderr).toBe(
      'netlint: skipped 5 documents without apiVersion and kind (not Kubernetes objects): ansible/site.yaml, infra/stack.yaml, mkdocs.yml, package.json, values/fluent-bit.yaml\n',
    );
    expect(netlint(['.gitlab/ci.yaml', '--verbose'], root).stderr).toContain('skipped 1 document without apiVersion and kind');
  });

  it('a manifest missing apiVersion or kind is an error at the key it has', () => {
    const root = tree({
      'a.yaml': 'kind: Service\nmetadata: {name: web}\n---\napiVersion: apps/v1\nmetadata: {name: web}\n',
    });
    const { code, stdout } = netlint(['a.yaml', '-f', 'json'], root);
    expect(code).toBe(1);
    const [file] = JSON.parse(stdout) as { messages: { ruleId: string; line: number; message: string }[] }[];
    expect(file?.messages.map((m) => [m.ruleId, m.line, m.message])).toEqual([
      ['incomplete-object', 1, '`kind: Service` without `apiVersion` is not a Kubernetes object, so nothing checks it; add `apiVersion: v1`'],
      [
        'incomplete-object',
        4,
        '`apiVersion: apps/v1` without `kind` is not a Kubernetes object, so nothing checks it; add the `kind` of the object, e.g. `kind: Deployment` or `kind: StatefulSet` or `kind: DaemonSet`',
      ],
    ]);
  });
});
