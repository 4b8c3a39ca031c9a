/**
 * The pre-commit hooks, run by the real `pre-commit` (`pre-commit try-repo` installs this checkout
 * the way users' repositories install netlint: `language: node`, npm install, npm pack, npm
 * install -g). Skipped, with the reason, where pre-commit is not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const available = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
if (!available) console.log('pre-commit tests skipped: pre-commit is not installed (`apt-get install pre-commit` or `pipx install pre-commit`)');

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: api:1, ports: [{name: http, containerPort: 8080}]}]}
`;
const service = (selector: string) => `apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: ${selector}}
  ports: [{port: 80, targetPort: http}]
`;

let repo: string;
let cache: string;

function git(...args: string[]): void {
  const run = spawnSync('git', ['-c', 'user.name=netlint', '-c', 'user.email=netlint@example.invalid', ...args], { cwd: repo, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
}

function tryRepo(hook: string, ...args: string[]) {
  const run = spawnSync('pre-commit', ['try-repo', root, hook, '--color', 'never', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, PRE_COMMIT_HOME: cache, NO_COLOR: '1' },
  });
  return { code: run.status, output: run.stdout + run.stderr };
}

describe.skipIf(!available)('pre-commit hooks (real pre-commit)', () => {
  beforeAll(() => {
    const work = mkdtempSync(join(tmpdir(), 'netlint-pre-commit-'));
    repo = join(work, 'repo');
    cache = join(work, 'cache');
    mkdirSync(join(repo, 'k8s'), { recursive: true });
    git('init', '-q');
    writeFileSync(join(repo, 'k8s', 'api.yaml'), deployment);
    writeFileSync(join(repo, 'k8s', 'api-service.yaml'), service('apii'));
    git('add', '.');
    git('commit', '-qm', 'broken');
  });

  it('netlint-all installs, fails on a cross-file bug and names file:line and the rule', () => {
    const { code, output } = tryRepo('netlint-all', '--all-files');
    expect(code, output).toBe(1);
    expect(output).toMatch(/netlint \(all manifests\)\.+Failed/);
    expect(output).toContain('k8s/api-service.yaml');
    expect(output).toMatch(/ {2}5:3 {2}error {2}selector app=apii matches no pods in namespace shop; .* selector-no-match/);
  }, 300_000);

  it('netlint-all passes once the manifests are right', () => {
    writeFileSync(join(repo, 'k8s', 'api-service.yaml'), service('api'));
    git('commit', '-qam', 'fixed');
    const { code, output } = tryRepo('netlint-all', '--all-files');
    expect(output).toMatch(/netlint \(all manifests\)\.+Passed/);
    expect(code, output).toBe(0);
  }, 300_000);

  it('netlint lints only the files it is given', () => {
    writeFileSync(join(repo, 'k8s', 'api-service.yaml'), service('apii'));
    git('commit', '-qam', 'broken again');
    const broken = tryRepo('netlint', '--files', 'k8s/api.yaml', 'k8s/api-service.yaml');
    expect(broken.code, broken.output).toBe(1);
    expect(broken.output).toMatch(/netlint \(changed files only\)\.+Failed/);
    expect(broken.output).toContain('5:3  error');
    const clean = tryRepo('netlint', '--files', 'k8s/api.yaml');
    expect(clean.output).toMatch(/netlint \(changed files only\)\.+Passed/);
    expect(clean.code, clean.output).toBe(0);
  }, 300_000);
});
