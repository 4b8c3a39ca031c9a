/** The programmatic API returns what the CLI prints. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, NetlintError, reach } from '../src/index.js';

const root = new URL('..', import.meta.url).pathname;

function cli(args: string[]) {
  const run = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout };
}

describe('lint()', () => {
  it('returns the findings `netlint --format json` prints, in the same order', () => {
    const report = lint(['examples/'], { cwd: root });
    const json = JSON.parse(cli(['examples/', '--format', 'json']).stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number; message: string }[] }[];
    expect(report.files.map((f) => [f.absolutePath, f.messages.map((m) => [m.ruleId, m.range.line, m.range.column, m.message])])).toEqual(
      json.map((f) => [f.filePath, f.messages.map((m) => [m.ruleId, m.line, m.column, m.message])]),
    );
    expect(report.errorCount).toBe(json.flatMap((f) => f.messages).filter((m) => (m as { severity?: number }).severity === 2).length);
    expect(report.errorCount).toBeGreaterThan(0);
  });

  it('lints files held in memory, named as given', () => {
    const text = readFileSync(join(root, 'examples/broken-app.yaml'), 'utf8');
    const report = lint({ files: [{ path: 'k8s/app.yaml', text }] }, { cwd: root });
    expect(report.files[0]?.filePath).toBe('k8s/app.yaml');
    expect(report.files[0]?.messages.map((m) => [m.ruleId, m.range.line])).toEqual([
      ['selector-no-match', 60],
      ['deny-all-without-dns', 76],
    ]);
  });

  it('options: only, namespace', () => {
    const only = lint('examples/broken-app.yaml', { cwd: root, only: ['deny-all-without-dns'] });
    expect(only.files[0]?.messages.map((m) => m.ruleId)).toEqual(['deny-all-without-dns']);
    // The Service has no namespace: -n other puts it beside its pods, -n shop beside the wrong ones.
    const deployment = (namespace: string, app: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${app}, namespace: ${namespace} }\nspec:\n  selector: { matchLabels: { app: ${app} } }\n  template:\n    metadata: { labels: { app: ${app} } }\n    spec: { containers: [{ name: ${app}, image: nginx, readinessProbe: { tcpSocket: { port: 80 } } }] }`;
    const service = 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: web }\n  ports: [{ port: 80 }]';
    const files = { files: [{ path: 'app.yaml', text: [deployment('other', 'web'), deployment('shop', 'api'), service].join('\n---\n') }] };
    expect(lint(files, { namespace: 'other' }).files[0]?.messages).toEqual([]);
    expect(lint(files, { namespace: 'shop' }).files[0]?.messages.map((m) => m.message)).toEqual([expect.stringContaining('matches no pods in namespace shop')]);
  });

  it('reads the config as the CLI does: found from cwd upwards, named, or none; rules on top', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-api-config-'));
    writeFileSync(join(dir, 'app.yaml'), readFileSync(join(root, 'examples/broken-app.yaml'), 'utf8'));
    writeFileSync(join(dir, '.netlintrc.yaml'), 'rules:\n  deny-all-without-dns: off\n');
    writeFileSync(join(dir, 'strict.yaml'), 'rules:\n  selector-no-match: warn\n');
    const ids = (report: ReturnType<typeof lint>) => report.files.flatMap((f) => f.messages.map((m) => `${m.severity} ${m.ruleId}`));
    expect(ids(lint('app.yaml', { cwd: dir }))).toEqual(['error selector-no-match']);
    expect(ids(lint('app.yaml', { cwd: dir, config: 'strict.yaml' }))).toEqual(['warning selector-no-match', 'error deny-all-without-dns']);
    expect(ids(lint('app.yaml', { cwd: dir, config: false }))).toEqual(['error selector-no-match', 'error deny-all-without-dns']);
    expect(ids(lint('app.yaml', { cwd: dir, rules: { 'selector-no-match': 'off' } }))).toEqual([]);
    writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  no-such-rule: error\n');
    expect(() => lint('app.yaml', { cwd: dir, config: 'bad.yaml' })).toThrow(/^bad\.yaml:2:3: /);
  });

  it('unreadable inputs are problems, not exceptions; an unknown rule id throws NetlintError', () => {
    expect(lint(['no/such/dir'], { cwd: root }).problems).toEqual([{ input: 'no/such/dir', message: 'no such file or directory' }]);
    expect(() => lint('examples/', { cwd: root, only: ['no-such-rule'] })).toThrow(NetlintError);
  });
});

describe('reach()', () => {
  it('returns the flows `netlint reach --format json` prints', () => {
    const { flows } = reach('examples/tutorial-fixed-app.yaml', { cwd: root });
    expect(flows).toEqual(JSON.parse(cli(['reach', 'examples/tutorial-fixed-app.yaml', '--format', 'json']).stdout));
  });

  it('with from and to: the explanation the CLI prints, as text and JSON', () => {
    const args = ['examples/tutorial-fixed-app.yaml', '--from', 'fixed-net/frontend', '--to', 'fixed-net/backend:5678'];
    const { explanations } = reach('examples/tutorial-fixed-app.yaml', { cwd: root, from: 'fixed-net/frontend', to: 'fixed-net/backend:5678' });
    expect(explanations).toHaveLength(1);
    expect(explanations[0]?.allowed).toBe(false);
    expect(explanations[0]?.text).toBe(cli(['reach', ...args]).stdout);
    expect(explanations[0]?.json).toEqual(JSON.parse(cli(['reach', ...args, '--format', 'json']).stdout));
  });

  it('a peer that names nothing throws NetlintError', () => {
    expect(() => reach('examples/tutorial-fixed-app.yaml', { cwd: root, from: 'fixed-net/nothing' })).toThrow(NetlintError);
  });
});
