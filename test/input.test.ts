/** Reading input as the commands do: charts, non-Kubernetes YAML, skipped-input summaries, stdin. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readAllBytes } from '../src/stdin.js';

const readAll = (...args: Parameters<typeof readAllBytes>) => readAllBytes(...args).toString('utf8');
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

describe('a Helm chart is one unit', () => {
  const invalid = new URL('fixtures/unrendered-template/invalid/', import.meta.url).pathname;
  const chartWarning =
    'unrendered Helm chart shop: its files are not manifests until Helm renders them, so none of them is linted; lint its output instead: `helm template <release> helm-chart | netlint -`';
  const lint = (args: string[], cwd = invalid) => {
    const { code, stdout, stderr } = netlint([...args, '-f', 'json'], cwd);
    const files = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[];
    // The JSON report has absolute paths, as ESLint's does.
    return { code, stderr, messages: files.flatMap((f) => f.messages.map((m) => [relative(cwd, f.filePath), m.line, m.ruleId, m.message])) };
  };

  it('with every rule, the chart gets its one warning and its plain Service is not linted', () => {
    expect(lint(['helm-chart'])).toEqual({ code: 0, stderr: '', messages: [['helm-chart/Chart.yaml', 3, 'unrendered-template', chartWarning]] });
  });

  it('a template inside the chart, named or globbed, stands for the chart', () => {
    const expected = { code: 0, stderr: '', messages: [['helm-chart/Chart.yaml', 3, 'unrendered-template', chartWarning]] };
    expect(lint(['helm-chart/templates/service.yaml'])).toEqual(expected);
    expect(lint(['helm-chart/templates'])).toEqual(expected);
    expect(lint(['helm-chart/templates/*.yaml', 'helm-chart/values.yaml'])).toEqual(expected);
  });

  it('beside plain manifests: the manifests are linted, the chart (and its subcharts) reported once', () => {
    const root = tree({
      'k8s/api.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: apl}}\n  template:\n    metadata: {labels: {app: apl}}\n    spec: {containers: [{name: api}]}\n',
      'k8s/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n',
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      'charts/web/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
      'charts/web/charts/redis/Chart.yaml': 'apiVersion: v2\nname: redis\nversion: 1.0.0\n',
      'charts/web/charts/redis/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: redis}\nspec: {selector: {app: redis}}\n',
      'charts/web/crds/crd.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: a}\n',
    });
    const { messages } = lint(['.'], root);
    expect(messages.map(([file, line, ruleId]) => [file, line, ruleId])).toEqual([
      ['charts/web/Chart.yaml', 2, 'unrendered-template'],
      ['k8s/service.yaml', 5, 'selector-no-match'],
    ]);
    // Named directly, a subchart is the innermost chart holding it.
    expect(lint(['charts/web/charts/redis/templates/service.yaml'], root).messages.map((m) => m[0])).toEqual(['charts/web/charts/redis/Chart.yaml']);
    expect(netlint(['reach', '.'], root).stderr).toBe(
      'netlint reach: skipped 1 unrendered Helm chart (charts/web/Chart.yaml); render it first: `helm template <release> <chart> | netlint reach -`\n',
    );
  });
});

describe('standard input', () => {
  it('reads to the end, waiting while a non-blocking descriptor has nothing yet (EAGAIN)', () => {
    const script: (string | 'EAGAIN')[] = ['kind: ', 'EAGAIN', 'EAGAIN', 'Service\n', 'EAGAIN', ''];
    const waits: number[] = [];
    const read = (_fd: number, buffer: Buffer) => {
      const next = script.shift();
      if (next === undefined) throw new Error('read past the end');
      if (next === 'EAGAIN') throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, read'), { code: 'EAGAIN' });
      return buffer.write(next);
    };
    expect(readAll(0, Infinity, read, (ms) => waits.push(ms))).toBe('kind: Service\n');
    expect(waits).toHaveLength(3);
    expect(script).toEqual([]);
  });

  it('keeps multi-byte characters split across reads whole', () => {
    const bytes = Buffer.from('name: café\n');
    const parts = [bytes.subarray(0, 10), bytes.subarray(10)];
    const read = (_fd: number, buffer: Buffer) => {
      const next = parts.shift();
      return next ? next.copy(buffer) : 0;
    };
    expect(readAll(0, Infinity, read, () => undefined)).toBe('name: café\n');
  });

  it('stops at the byte limit it is given instead of reading an endless stream', () => {
    let reads = 0;
    const endless = (_fd: number, buffer: Buffer) => {
      reads++;
      return buffer.fill(97).length;
    };
    expect(readAll(0, 100_001, endless, () => undefined)).toHaveLength(100_001);
    expect(reads).toBe(2);
  });

  it('other read errors are not swallowed', () => {
    const read = () => {
      throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    };
    expect(() => readAll(0, Infinity, read, () => undefined)).toThrow('EIO');
  });

  it('on a terminal, `-` says it is waiting for manifests', () => {
    const { code, stderr } = netlint(['-'], tmpdir(), { stdinIsTTY: true, stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n' });
    expect(stderr).toBe('netlint: reading manifests from standard input (Ctrl-D to end)\n');
    expect(code).toBe(0);
    expect(netlint(['-'], tmpdir(), { stdinIsTTY: false }).stderr).toBe('');
  });

  it('the built CLI reads manifests typed at a real terminal until Ctrl-D (a pty from `script`)', () => {
    const cli = new URL('../dist/cli.cjs', import.meta.url).pathname;
    const manifest = new URL('../examples/broken-app.yaml', import.meta.url).pathname;
    const out = join(mkdtempSync(join(tmpdir(), 'netlint-tty-')), 'report.txt');
    // The manifest is typed into the pty, then Ctrl-D (\x04) ends the input as at a keyboard.
    const typing = `cat ${manifest}; sleep 1; printf '\\004'`;
    const run = spawnSync('sh', ['-c', `(${typing}) | script -qec "${process.execPath} ${cli} - > ${out}; echo exit=\\$?" /dev/null`], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    const terminal = run.stdout.replaceAll('\r', '');
    expect(terminal).toContain('netlint: reading manifests from standard input (Ctrl-D to end)');
    expect(terminal).not.toContain('EAGAIN');
    expect(terminal).toContain('exit=1');
    expect(readFileSync(out, 'utf8')).toContain('selector app=api matches no pods in namespace broken-net');
  });
});
