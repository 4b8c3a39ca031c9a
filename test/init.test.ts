/** `netlint init`, run from the built executable in an empty folder, as a user would. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { githubWorkflowTemplate, netlintrcTemplate, preCommitTemplate } from '../src/commands/init-templates.js';

const root = new URL('..', import.meta.url).pathname;
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

function init(args: string[], cwd = mkdtempSync(join(tmpdir(), 'netlint-init-'))) {
  const result = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'init', ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, cwd };
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

describe('netlint init', () => {
  it('writes a starter .netlintrc.yaml with every key, and only that', () => {
    const run = init([]);
    expect(run).toMatchObject({ code: 0, stdout: 'netlint init: wrote .netlintrc.yaml\n', stderr: '' });
    expect(read(run.cwd, '.netlintrc.yaml')).toBe(netlintrcTemplate);
    expect(parse(netlintrcTemplate)).toEqual({
      rules: { 'selector-no-match': 'error' },
      ignore: [],
      cluster: { domain: 'cluster.local', dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } } },
    });
    expect(netlintrcTemplate).toMatch(/^# namespace: default$/m);
    // netlint reads it: valid against the config schema, its values in the effective config.
    const printed = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), '--print-config'], { cwd: run.cwd, encoding: 'utf8' });
    expect(printed.stderr).toBe('');
    expect(JSON.parse(printed.stdout)).toMatchObject({ rules: { 'selector-no-match': 'error' }, cluster: { domain: 'cluster.local', dns: { namespace: 'kube-system' } } });
    expect(existsSync(join(run.cwd, '.pre-commit-config.yaml'))).toBe(false);
    expect(existsSync(join(run.cwd, '.github'))).toBe(false);
  });

  it('--pre-commit --github also write the pre-commit config and the workflow, pinned to this version', () => {
    const run = init(['--pre-commit', '--github']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      'netlint init: wrote .netlintrc.yaml',
      'netlint init: wrote .pre-commit-config.yaml',
      'netlint init: wrote .github/workflows/netlint.yml',
    ]);
    const preCommit = parse(read(run.cwd, '.pre-commit-config.yaml')) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
    expect(preCommit.repos).toEqual([{ repo: 'https://github.com/netlint/netlint', rev: `v${version}`, hooks: [{ id: 'netlint-all' }] }]);
    const hooks = parse(read(root, '.pre-commit-hooks.yaml')) as { id: string }[];
    expect(hooks.map((h) => h.id)).toContain('netlint-all');

    const workflow = parse(read(run.cwd, '.github/workflows/netlint.yml')) as {
      permissions: Record<string, string>;
      jobs: { netlint: { steps: { uses?: string; id?: string; if?: string; with?: Record<string, string> }[] } };
    };
    expect(workflow.permissions['security-events']).toBe('write');
    const steps = workflow.jobs.netlint.steps;
    expect(steps.map((s) => s.uses)).toEqual(['actions/checkout@v6', `netlint/netlint@v${version}`, 'github/codeql-action/upload-sarif@v4']);
    expect(steps[2]?.if).toMatch(/^always\(\)/);
    expect(steps[2]?.with?.sarif_file).toBe('${{ steps.netlint.outputs.sarif-file }}');
    // The workflow's inputs are the action's.
    const action = parse(read(root, 'action.yml')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    for (const input of Object.keys(steps[1]?.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    expect(Object.keys(action.outputs)).toContain('sarif-file');
  });

  it('never overwrites: an existing file is left as it was, the snippet printed to merge by hand, the rest written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-init-'));
    writeFileSync(join(dir, '.netlintrc.yaml'), 'rules: {}\n');
    writeFileSync(join(dir, '.pre-commit-config.yaml'), 'repos: []\n');
    const run = init(['--pre-commit', '--github'], dir);
    expect(run.code).toBe(0);
    expect(read(dir, '.netlintrc.yaml')).toBe('rules: {}\n');
    expect(read(dir, '.pre-commit-config.yaml')).toBe('repos: []\n');
    expect(read(dir, '.github/workflows/netlint.yml')).toBe(githubWorkflowTemplate(version));
    expect(run.stdout).toContain('netlint init: .netlintrc.yaml already exists, left unchanged\n');
    expect(run.stdout).toContain(`netlint init: .pre-commit-config.yaml already exists, left unchanged; to add netlint, merge in:\n\n${preCommitTemplate(version)}`);
    expect(run.stdout).toContain('netlint init: wrote .github/workflows/netlint.yml\n');
  });

  it('run twice: nothing changes, exit 0', () => {
    const first = init(['--github']);
    const second = init(['--github'], first.cwd);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('wrote');
  });

  it('a file that cannot be written is exit 2 with its name; the others are still written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-init-'));
    writeFileSync(join(dir, '.github'), 'a file where the folder should be\n');
    const run = init(['--github'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^netlint init: cannot write \.github\/workflows\/netlint\.yml: /);
    expect(read(dir, '.netlintrc.yaml')).toBe(netlintrcTemplate);
  });

  it('an unknown option is a usage error, exit 2', () => {
    const run = init(['--gitlab']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("netlint init: Unknown option '--gitlab'");
    expect(existsSync(join(run.cwd, '.netlintrc.yaml'))).toBe(false);
  });

  it('the README shows the files init writes', () => {
    const readme = read(root, 'README.md');
    expect(readme).toContain(githubWorkflowTemplate(version));
    expect(readme).toContain(preCommitTemplate(version));
  });
});
