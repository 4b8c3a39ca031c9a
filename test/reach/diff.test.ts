/**
 * `netlint diff` as a user runs it, on the shop fixture (test/fixtures/_diff): a workload added
 * and one deleted, a rule widened, a peer added, an ipBlock narrowed by an `except`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const fixture = join(root, 'test/fixtures/_diff');

function diff(args: string[], cwd = fixture) {
  const run = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'diff', ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('netlint diff <old> <new>', () => {
  it('text: newly allowed first (with the rules that admit it), then changed, then no longer allowed, with one-sided workloads named', () => {
    const { code, stdout, stderr } = diff(['old', 'new']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'Newly allowed (2 pairs):',
        '  + shop/web[Deployment] -> shop/db[Deployment]      TCP 5432',
        '      admitted by NetworkPolicy shop/web-egress egress rule 1 (new/policies.yaml:8:5)',
        '      admitted by NetworkPolicy shop/db ingress rule 2 (new/policies.yaml:32:5)',
        '  + shop/worker[Deployment] -> shop/api[Deployment]  TCP 9090-9091  (new: shop/worker[Deployment])',
        '      admitted by NetworkPolicy shop/worker-egress egress rule 1 (new/worker.yaml:18:5)',
        '      admitted by NetworkPolicy shop/api ingress rule 1 (new/policies.yaml:17:5)',
        '',
        'Changed (1 pair):',
        '  ~ shop/web[Deployment] -> shop/api[Deployment]  TCP 9090 -> TCP 9090-9091  (opens TCP 9091)',
        '      admitted by NetworkPolicy shop/web-egress egress rule 1 (new/policies.yaml:8:5)',
        '      admitted by NetworkPolicy shop/api ingress rule 1 (new/policies.yaml:17:5)',
        '',
        'No longer allowed (2 pairs):',
        '  - shop/api[Deployment] -> 10.9.0.0-10.9.255.255[External]  TCP 443',
        '  - shop/web[Deployment] -> shop/legacy[Deployment]          TCP 80  (gone: shop/legacy[Deployment])',
        '',
        'Workloads: added shop/worker[Deployment]; removed shop/legacy[Deployment].',
        '2 pairs newly allowed, 1 changed (1 allowing more), 2 no longer allowed.',
        '',
      ].join('\n'),
    );
  });

  it('a side compared with itself has no difference, in every format', () => {
    expect(diff(['old', 'old']).stdout).toBe('No change in allowed connections.\n');
    expect(diff(['old', 'old', '-f', 'npguard']).stdout).toBe('');
    expect(JSON.parse(diff(['new', 'new', '-f', 'json']).stdout)).toMatchObject({ summary: { added: 0, changed: 0, removed: 0, opensConnections: false }, changes: [] });
  });

  it('swapping the sides swaps added and removed', () => {
    const { stdout } = diff(['new', 'old', '-f', 'npguard']);
    expect(stdout).toContain('diff-type: removed, source: shop/worker[Deployment], destination: shop/api[Deployment], ref1: TCP 9090-9091, ref2: No Connections, workloads-diff-info: workload shop/worker[Deployment] removed\n');
    expect(stdout).toContain('diff-type: added, source: shop/api[Deployment], destination: 10.9.0.0-10.9.255.255[External], ref1: No Connections, ref2: TCP 443\n');
  });

  it('npguard: np-guard diff lines, changed/added/removed blocks each sorted', () => {
    const { stdout } = diff(['old', 'new', '-f', 'npguard']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Connectivity diff:');
    expect(lines.slice(1).map((l) => /^diff-type: (\w+)/.exec(l)?.[1])).toEqual(['changed', 'added', 'added', 'removed', 'removed']);
    expect(lines).toContain('diff-type: removed, source: shop/web[Deployment], destination: shop/legacy[Deployment], ref1: TCP 80, ref2: No Connections, workloads-diff-info: workload shop/legacy[Deployment] removed');
  });

  it('json follows schemas/netlint-diff.schema.json, which rejects a broken entry', () => {
    const { stdout } = diff(['old', 'new', '-f', 'json']);
    const report = JSON.parse(stdout) as { changes: Record<string, unknown>[] };
    const schema = JSON.parse(readFileSync(join(root, 'schemas/netlint-diff.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: true }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report).toMatchObject({ summary: { added: 2, changed: 1, removed: 2, opensConnections: true } });
    expect(report.changes).toContainEqual({
      change: 'changed',
      from: { namespace: 'shop', name: 'web', kind: 'Deployment' },
      to: { namespace: 'shop', name: 'api', kind: 'Deployment' },
      before: { TCP: ['9090'] },
      after: { TCP: ['9090-9091'] },
      opened: { TCP: ['9091'] },
      closed: null,
      admittedBy: [
        { policy: { namespace: 'shop', name: 'web-egress' }, direction: 'egress', rule: 1, at: 'new/policies.yaml:8:5' },
        { policy: { namespace: 'shop', name: 'api' }, direction: 'ingress', rule: 1, at: 'new/policies.yaml:17:5' },
      ],
    });
    const broken = { ...report, changes: [{ ...report.changes[0], change: 'moved' }] };
    expect(validate(broken)).toBe(false);
  });

  it('markdown: a verdict line and GitHub tables (golden)', async () => {
    const { stdout } = diff(['old', 'new', '-f', 'markdown']);
    for (const table of stdout.split('\n### ').slice(1)) expect(table).toMatch(/\n\n\| Source \| Destination \|.*\|\n\|(---\|)+\n\| `/);
    await expect(stdout).toMatchFileSnapshot(join(root, 'test/reach/golden/diff.md'));
  });

  it('--fail-on opened exits 1 when the change opens a connection, 0 when it only closes', () => {
    expect(diff(['old', 'new', '--fail-on', 'opened']).code).toBe(1);
    expect(diff(['old', 'new']).code).toBe(0);
    // Undoing the change opens the range cut out by the except, and legacy comes back.
    const back = diff(['new', 'old', '--fail-on', 'opened']);
    expect(back.stdout).toContain('Newly allowed (2 pairs):\n  + shop/api[Deployment] -> 10.9.0.0-10.9.255.255[External]  TCP 443\n');
    expect(back.code).toBe(1);
    expect(diff(['old', 'old', '--fail-on', 'opened']).code).toBe(0);
    // Dropping every policy but the default deny only closes.
    const only = diff(['new', join('new', 'apps.yaml'), '--fail-on', 'opened']);
    expect(only.stdout).not.toContain('Newly allowed');
    expect(only.code).toBe(0);
  });

  it('a side that cannot be read or parsed is an error with file:line, exit 2, and no diff', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-diff-'));
    try {
      writeFileSync(join(dir, 'broken.yaml'), 'kind: Deployment\nmetadata: {name: [oops\n');
      const broken = diff([join(fixture, 'old'), join(dir, 'broken.yaml')], dir);
      expect(broken.code).toBe(2);
      expect(broken.stdout).toBe('');
      expect(broken.stderr).toMatch(/broken\.yaml:\d+:\d+: /);
      expect(broken.stderr).toContain('netlint diff: the new side (');
      const missing = diff(['nowhere', 'new']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('netlint diff: nowhere: ');
      expect(missing.stderr).toContain('the old side (nowhere) could not be read');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warns when the two versions place namespace-less objects in different namespaces, and -n aligns them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-diff-ns-'));
    try {
      const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web}]}\n';
      writeFileSync(join(dir, 'old.yaml'), `apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n${app}`);
      writeFileSync(join(dir, 'new.yaml'), `apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: tools}\n---\n${app}`);
      const guessed = diff(['old.yaml', 'new.yaml'], dir);
      expect(guessed.stderr).toContain('netlint diff: objects without metadata.namespace are placed in namespace shop in the old version and default in the new one');
      expect(guessed.stderr).toContain('netlint diff: old version: note: 1 object without metadata.namespace was placed in namespace shop');
      expect(guessed.stdout).toContain('(gone: shop/web[Deployment])');
      const chosen = diff(['old.yaml', 'new.yaml', '-n', 'shop'], dir);
      expect(chosen.stderr).toBe('');
      expect(chosen.stdout).toBe('No change in allowed connections.\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage errors exit 2', () => {
    expect(diff(['old']).stderr).toContain('expected two inputs, the old and the new version, got 1');
    expect(diff(['old', 'new', '-f', 'xml']).code).toBe(2);
    expect(diff(['old', 'new', '--fail-on', 'closed']).stderr).toContain('--fail-on takes "opened"');
    expect(diff(['--help']).stdout).toContain('Usage: netlint diff [options] <old> <new>');
    const help = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('netlint diff [options] <old> <new>');
  });
});

describe('netlint diff --base <git-ref>', () => {
  const repo = mkdtempSync(join(tmpdir(), 'netlint-diff-git-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('reads the old side from the revision and the new one from the working tree: a file added, one deleted', () => {
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    cpSync(join(fixture, 'old'), join(repo, 'k8s'), { recursive: true });
    git('add', '.');
    git('commit', '-q', '-m', 'old');
    rmSync(join(repo, 'k8s/legacy.yaml'));
    cpSync(join(fixture, 'new'), join(repo, 'k8s'), { recursive: true });
    git('add', '-A');
    git('commit', '-q', '-m', 'new');
    const fromGit = diff(['--base', 'HEAD~1', 'k8s/'], repo);
    expect(fromGit.stderr).toBe('');
    expect(fromGit.code).toBe(0);
    // The same change as between the fixture's folders; the rules are where the working tree has them.
    expect(fromGit.stdout).toBe(diff(['old', 'new']).stdout.replace(/\(new\//g, '(k8s/'));
    // Against HEAD itself the working tree is unchanged.
    expect(diff(['--base', 'HEAD', 'k8s'], repo).stdout).toBe('No change in allowed connections.\n');
  });

  it('the config\'s ignore globs apply to the old side too', () => {
    writeFileSync(join(repo, '.netlintrc.yaml'), 'ignore: [k8s/worker.yaml, k8s/policies.yaml]\n');
    try {
      // Without the policies (everything denied) and the new worker, only legacy's deletion remains.
      const { stdout, stderr } = diff(['--base', 'HEAD~1', 'k8s'], repo);
      expect(stderr).toBe('');
      expect(stdout).toBe('Workloads: removed shop/legacy[Deployment].\nNo change in allowed connections.\n');
    } finally {
      rmSync(join(repo, '.netlintrc.yaml'));
    }
  });

  it('positions in the old side name the revision; an unknown revision is exit 2', () => {
    writeFileSync(join(repo, 'k8s/broken.yaml'), 'metadata: {name: [oops\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'broken');
    rmSync(join(repo, 'k8s/broken.yaml'));
    const broken = diff(['--base', 'HEAD', 'k8s'], repo);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/HEAD:k8s\/broken\.yaml:\d+:\d+: /);
    const unknown = diff(['--base', 'no-such-branch', 'k8s'], repo);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('netlint diff: --base no-such-branch: not a commit in this repository\n');
  });
});
