/**
 * The GitHub Action, run as the runner runs it: `node <runs.main>` from action.yml, with the
 * inputs as INPUT_* variables (action.yml's defaults filled in, as the runner does), a workspace,
 * and the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, workflowCommand } from '../src/reporters/github.js';
import { markdownCell, summaryMarkdown } from '../src/action/summary.js';
import type { FileResult } from '../src/engine/lint.js';
import type { LintMessage } from '../src/engine/finding.js';

const root = new URL('..', import.meta.url).pathname;

interface ActionMetadata {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}
const metadata = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionMetadata;

/** A Deployment, `errors` Services that select no pod and `warnings` policies that select no pod. */
function brokenManifest(errors: number, warnings: number, deployment = 'web'): string {
  const docs = [
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${deployment}, namespace: shop }\nspec:\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          ports: [{ containerPort: 80 }]`,
  ];
  for (let i = 0; i < errors; i++) {
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: { name: svc-${i}, namespace: shop }\nspec:\n  selector: { app: missing-${i} }\n  ports: [{ port: 80 }]`);
  }
  for (let i = 0; i < warnings; i++) {
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: pol-${i}, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: missing-${i} } }\n  policyTypes: [Ingress]`);
  }
  return `${docs.join('\n---\n')}\n`;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** Parses $GITHUB_OUTPUT as the runner does: `name=value` lines and `name<<DELIMITER` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] as string, i + 1);
      outputs[heredoc[1] as string] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

/** Runs the action on a workspace holding `files`, with `inputs` as a workflow's `with:` gives them. */
function runAction(files: Record<string, string>, inputs: Record<string, string> = {}, prepare?: (workspace: string) => void): Run {
  const base = mkdtempSync(join(tmpdir(), 'netlint-action-'));
  const workspace = join(base, 'workspace');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(workspace, path, '..'), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  mkdirSync(workspace, { recursive: true });
  const outputFile = join(base, 'output');
  const summaryFile = join(base, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REPOSITORY: 'acme/deploy',
    GITHUB_SERVER_URL: 'https://github.example.com',
  };
  for (const [name, input] of Object.entries(metadata.inputs)) {
    const value = inputs[name] ?? input.default;
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  prepare?.(workspace);
  // The runner starts the action in the workspace, with its own node, on runs.main.
  const result = spawnSync(process.execPath, [join(root, metadata.runs.main)], { cwd: workspace, env, encoding: 'utf8' });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    workspace,
  };
}

const commands = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::'));

describe('action.yml', () => {
  it('is a node24 JavaScript action whose main is the committed bundle', () => {
    expect(metadata.runs).toEqual({ using: 'node24', main: 'action/bundle/index.mjs' });
    expect(Object.keys(metadata.inputs).sort()).toEqual(['annotations', 'config', 'diff-base', 'fail-on', 'paths', 'sarif-file', 'summary']);
    expect(Object.keys(metadata.outputs).sort()).toEqual(['errors', 'sarif-file', 'warnings']);
    expect(metadata.inputs).toMatchObject({ paths: { default: '.' }, 'fail-on': { default: 'error' }, 'sarif-file': { default: 'netlint.sarif' } });
  });

  it('runs a bundle built from the current sources (npm run build:action)', () => {
    const check = spawnSync(process.execPath, [join(root, 'scripts/build-action.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});

describe('the action on a workspace with 12 errors and 11 warnings', () => {
  const run = runAction({ 'k8s/app.yaml': brokenManifest(12, 11) }, { paths: 'k8s' });

  it('annotates errors first, at most 10 of each level, then one notice counting the rest', () => {
    const lines = commands(run.stdout);
    const levels = lines.map((line) => /^::(\w+)/.exec(line)?.[1]);
    expect(levels).toEqual([...Array(10).fill('error'), ...Array(10).fill('warning'), 'notice']);
    expect(lines[0]).toMatch(/^::error file=k8s\/app\.yaml,line=\d+,endLine=\d+,col=\d+,endColumn=\d+,title=netlint\(selector-no-match\)::selector app=missing-0 matches no pods/);
    expect(lines[10]).toContain('title=netlint(policy-selects-nothing)');
    expect(lines[20]).toBe(
      '::notice title=netlint::3 more findings are not annotated (GitHub shows 10 of each level per step); all are listed in the job summary and in the SARIF file',
    );
  });

  it('prints the stylish report in the log', () => {
    expect(run.stdout).toContain('✖ 23 problems (12 errors, 11 warnings)');
  });

  it('lists every finding in the job summary, linked to its line at the commit', () => {
    const rows = run.summary.split('\n').filter((line) => line.startsWith('| error') || line.startsWith('| warning'));
    expect(run.summary.startsWith('### netlint: 12 errors, 11 warnings in 1 file\n')).toBe(true);
    expect(rows).toHaveLength(23);
    expect(rows.slice(0, 12).every((r) => r.startsWith('| error'))).toBe(true);
    const line = brokenManifest(12, 11).split('\n').indexOf('  selector: { app: missing-0 }') + 1;
    expect(rows[0]).toContain(
      `[k8s/app.yaml:${line}:3](https://github.example.com/acme/deploy/blob/0123456789abcdef0123456789abcdef01234567/k8s/app.yaml#L${line})`,
    );
    expect(rows[0]).toContain('| [selector-no-match](https://github.com/netlint/netlint/blob/main/docs/rules/selector-no-match.md) |');
  });

  it('sets the outputs errors, warnings and sarif-file', () => {
    expect(run.outputs).toEqual({ errors: '12', warnings: '11', 'sarif-file': join(run.workspace, 'netlint.sarif') });
  });

  it('writes the SARIF file with every finding, URIs relative to the workspace', () => {
    const log = JSON.parse(readFileSync(run.outputs['sarif-file'] as string, 'utf8')) as {
      runs: { tool: { driver: { version: string } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(23);
    expect(results.filter((r) => r.level === 'error')).toHaveLength(12);
    expect(new Set(results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))).toEqual(new Set(['k8s/app.yaml']));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(log.runs[0]!.tool.driver.version).toBe(pkg.version);
  });

  it('fails the step: fail-on error with errors', () => {
    expect(run.status).toBe(1);
  });
});

describe('exit status by fail-on', () => {
  const onlyWarnings = { 'app.yaml': brokenManifest(0, 2) };
  const withErrors = { 'app.yaml': brokenManifest(1, 0) };
  const clean = { 'app.yaml': brokenManifest(0, 0) };

  it.each([
    ['error', 'errors', withErrors, 1],
    ['error', 'only warnings', onlyWarnings, 0],
    ['warning', 'only warnings', onlyWarnings, 1],
    ['warning', 'no findings', clean, 0],
    ['never', 'errors', withErrors, 0],
  ] as const)('fail-on %s with %s: exit %i', (failOn, _, files, status) => {
    const run = runAction(files, { 'fail-on': failOn });
    expect(run.status).toBe(status);
  });

  it('never still annotates and sets the outputs', () => {
    const run = runAction(withErrors, { 'fail-on': 'never' });
    expect(commands(run.stdout).filter((l) => l.startsWith('::error'))).toHaveLength(1);
    expect(run.outputs.errors).toBe('1');
  });

  it('a clean workspace: no annotations, a summary that says so', () => {
    const run = runAction(clean);
    expect(commands(run.stdout)).toEqual([]);
    expect(run.summary).toBe('### netlint: 0 errors, 0 warnings in 1 file\n\nNo problems found.\n');
    expect(run.outputs).toMatchObject({ errors: '0', warnings: '0' });
  });

  it.each([
    [{ 'fail-on': 'sometimes' }, 'input fail-on must be one of error, warning, never, not "sometimes"'],
    [{ annotations: 'yes' }, 'input annotations must be true or false, not "yes"'],
    [{ paths: 'missing/' }, 'missing/: no such file or directory'],
    [{ config: 'missing.yaml' }, 'missing.yaml: cannot read the config: '],
  ])('a wrong input %o is one error and exit 2', (inputs, message) => {
    const run = runAction(withErrors, inputs);
    expect(run.status).toBe(2);
    expect(commands(run.stdout).some((line) => line.startsWith(`::error title=netlint::${message}`))).toBe(true);
    expect(run.stderr).toBe('');
  });
});

describe('inputs', () => {
  it('annotations false and summary false: neither, but the SARIF file and outputs', () => {
    const run = runAction({ 'app.yaml': brokenManifest(1, 1) }, { annotations: 'false', summary: 'FALSE' });
    expect(commands(run.stdout)).toEqual([]);
    expect(run.summary).toBe('');
    expect(run.outputs).toMatchObject({ errors: '1', warnings: '1' });
  });

  it('sarif-file: a nested path is created; empty writes none and sets the output empty', () => {
    const nested = runAction({ 'app.yaml': brokenManifest(1, 0) }, { 'sarif-file': 'reports/netlint.sarif' });
    expect(JSON.parse(readFileSync(join(nested.workspace, 'reports/netlint.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
    const none = runAction({ 'app.yaml': brokenManifest(1, 0) }, { 'sarif-file': '' });
    expect(none.outputs['sarif-file']).toBe('');
  });

  it('config: the workspace .netlintrc.yaml applies without the input; the input names another', () => {
    const files = { 'app.yaml': brokenManifest(1, 1), '.netlintrc.yaml': 'rules:\n  policy-selects-nothing: off\n', 'ci/strict.yaml': 'rules:\n  policy-selects-nothing: error\n' };
    expect(runAction(files).outputs).toMatchObject({ errors: '1', warnings: '0' });
    expect(runAction(files, { config: 'ci/strict.yaml' }).outputs).toMatchObject({ errors: '2', warnings: '0' });
    const bad = runAction({ ...files, '.netlintrc.yaml': 'rules:\n  policy-selects-nothing: sometimes\n' });
    expect(bad.status).toBe(2);
    expect(commands(bad.stdout)).toEqual(['::error title=netlint::.netlintrc.yaml:2:27: "rules.policy-selects-nothing" must be off, warn or error (or [severity, {options}])']);
  });

  it('paths: several, on separate lines, relative to the workspace', () => {
    // Distinct Deployments: one defined in two files would be a duplicate-resource error of its own.
    const run = runAction({ 'a/one.yaml': brokenManifest(1, 0, 'one'), 'b/two.yaml': brokenManifest(0, 1, 'two'), 'c/three.yaml': brokenManifest(1, 0, 'three') }, { paths: 'a\nb\n' });
    expect(run.outputs).toMatchObject({ errors: '1', warnings: '1' });
  });
});

describe('workflow command escaping, as @actions/core does it', () => {
  // Expected values from @actions/core's command.ts rules: escapeData replaces % with %25, CR with
  // %0D and LF with %0A (% first); escapeProperty does the same and then : with %3A and , with %2C.
  // The cases below also run @actions/core itself (a dev dependency) on the same text.
  it.each([
    ['100% done', '100%25 done', '100%25 done'],
    ['line one\nline two\r\n', 'line one%0Aline two%0D%0A', 'line one%0Aline two%0D%0A'],
    ['%0A is not a newline', '%250A is not a newline', '%250A is not a newline'],
    ['k8s/a,b:c.yaml', 'k8s/a,b:c.yaml', 'k8s/a%2Cb%3Ac.yaml'],
    ['::error::x', '::error::x', '%3A%3Aerror%3A%3Ax'],
    ['50%,\n:', '50%25,%0A:', '50%25%2C%0A%3A'],
  ])('%j', (text, data, property) => {
    expect(escapeData(text)).toBe(data);
    expect(escapeProperty(text)).toBe(property);
  });

  it('a whole command: properties escaped as properties, the message as data', () => {
    expect(workflowCommand('warning', { file: 'a,b:c.yaml', line: 3, col: undefined, title: 'x: y' }, 'first\nsecond 5%')).toBe(
      '::warning file=a%2Cb%3Ac.yaml,line=3,title=x%3A y::first%0Asecond 5%25',
    );
  });

  it.each([
    ['a plain message', 'k8s/app.yaml'],
    ['100% done, 50%0A left:\nsecond line\r\nthird', 'k8s/odd,name:1.yaml'],
    ['::error::injected', 'a%2C,b::c.yaml'],
  ])('prints what @actions/core prints for the same annotation: %j in %j', async (message, file) => {
    const core = await import('@actions/core');
    const properties = { file, startLine: 3, endLine: 4, startColumn: 2, endColumn: 9, title: 'netlint(rule: x, y)' };
    let printed = '';
    const write = process.stdout.write;
    process.stdout.write = ((text: string) => {
      printed += text;
      return true;
    }) as typeof process.stdout.write;
    try {
      core.error(message, properties);
    } finally {
      process.stdout.write = write;
    }
    const ours = workflowCommand('error', { file, line: 3, endLine: 4, col: 2, endColumn: 9, title: properties.title }, message);
    // The runner reads properties by name; @actions/core writes them in another order.
    const parse = (command: string) => {
      const match = /^::(\w+) ([^:]*)::(.*)$/s.exec(command.trimEnd());
      const pairs = (match?.[2] ?? '').split(',').map((pair) => pair.split('=') as [string, string]);
      return { command: match?.[1], properties: Object.fromEntries(pairs), message: match?.[3] };
    };
    expect(parse(printed).command).toBe('error');
    expect(parse(ours)).toEqual(parse(printed));
  });

  it.skipIf(process.platform === 'win32')('the action escapes a file name with , and : in its annotations', () => {
    const run = runAction({ 'k8s/odd,name:1.yaml': brokenManifest(1, 0) });
    expect(commands(run.stdout)[0]).toMatch(/^::error file=k8s\/odd%2Cname%3A1\.yaml,line=/);
  });
});

describe('the job summary table', () => {
  it('escapes | and line breaks in cells, and HTML', () => {
    expect(markdownCell('a | b\nc\r\nd <e> & f')).toBe('a \\| b<br>c<br>d &lt;e&gt; &amp; f');
  });

  it('a file outside the workspace is named without a link', () => {
    const message = {
      ruleId: 'selector-no-match',
      severity: 'error',
      message: 'one | two',
      range: { line: 4, column: 2, endLine: 6, endColumn: 1 },
    } as LintMessage;
    const files = [{ filePath: '../elsewhere.yaml', messages: [message] }, { filePath: 'in/repo.yaml', messages: [message] }] as unknown as FileResult[];
    const repository = { serverUrl: 'https://github.com/', name: 'o/r', sha: 'abc', workspace: '/w' };
    const text = summaryMarkdown(files, { errors: 2, warnings: 0, suppressed: 1, files: 2 }, repository);
    expect(text).toContain('### netlint: 2 errors, 0 warnings, 1 suppressed in 2 files');
    expect(text).toContain('| one \\| two | ../elsewhere.yaml:4:2 |');
    expect(text).toContain('| one \\| two | [in/repo.yaml:4:2](https://github.com/o/r/blob/abc/in/repo.yaml#L4-L6) |');
  });
});

describe('the action with the repository examples', () => {
  it('rendered Helm output: annotations and summary rows name the template', () => {
    const run = runAction({ 'rendered/helm.yaml': readFileSync(join(root, 'examples/rendered/helm-template.yaml'), 'utf8') });
    const annotation = commands(run.stdout).find((l) => l.includes('title=netlint(policy-port-is-service-port)'));
    expect(annotation).toMatch(/^::error file=rendered\/helm\.yaml,line=57,.* \(from shop\/templates\/networkpolicy\.yaml\)$/);
    expect(run.summary).toMatch(/\| error \| \[policy-port-is-service-port\]\(.*\) \| .* \(from shop\/templates\/networkpolicy\.yaml\) \| \[rendered\/helm\.yaml:57:/);
  });


  it('finds the broken example the CLI finds', () => {
    const run = runAction({ 'broken-app.yaml': readFileSync(join(root, 'examples/broken-app.yaml'), 'utf8') });
    expect(commands(run.stdout).map((l) => /title=netlint\(([^)]+)\)/.exec(l)?.[1])).toEqual(['selector-no-match', 'deny-all-without-dns']);
  });
});

describe('diff-base', () => {
  const policy = (port: number) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: web, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: web } }\n  policyTypes: [Ingress]\n  ingress: [{ ports: [{ port: ${port} }] }]\n`;
  // web serves both ports, so neither version of the policy opens a port it does not declare.
  const web = brokenManifest(0, 0).replace('ports: [{ containerPort: 80 }]', 'ports: [{ containerPort: 80 }, { containerPort: 8080 }]');
  /** The workspace as a git repository whose last commit allows port 80; the working tree allows 8080 instead. */
  const committedThenChanged = (workspace: string) => {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: workspace, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(join(workspace, 'k8s/policy.yaml'), policy(8080));
  };

  it('starts the job summary with the reachability diff against the given ref', () => {
    const run = runAction({ 'k8s/web.yaml': web, 'k8s/policy.yaml': policy(80) }, { paths: 'k8s', 'diff-base': 'HEAD' }, committedThenChanged);
    expect(run.status).toBe(0);
    expect(run.summary.startsWith('## Reachability since HEAD\n')).toBe(true);
    expect(run.summary).toMatch(/### Changed \(1\)/);
    expect(run.summary).toContain('TCP 8080');
    // The lint summary still follows.
    expect(run.summary.indexOf('## Reachability')).toBeLessThan(run.summary.indexOf('netlint', 30));
    expect(commands(run.stdout).filter((line) => line.startsWith('::warning'))).toEqual([]);
  });

  it('a ref that cannot be read is a warning in the log, and the lint goes on', () => {
    const run = runAction({ 'k8s/web.yaml': web, 'k8s/policy.yaml': policy(80) }, { paths: 'k8s', 'diff-base': 'no-such-ref' }, committedThenChanged);
    expect(run.status).toBe(0);
    expect(run.summary).not.toContain('## Reachability');
    expect(commands(run.stdout).find((line) => line.startsWith('::warning title=netlint diff::'))).toMatch(/no reachability diff against no-such-ref: .*fetch-depth: 0/);
  });

  it('is off by default', () => {
    expect(metadata.inputs['diff-base']?.default).toBe('');
    const run = runAction({ 'k8s/web.yaml': web, 'k8s/policy.yaml': policy(80) }, { paths: 'k8s' });
    expect(run.summary).not.toContain('## Reachability');
  });
});
