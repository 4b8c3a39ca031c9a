/**
 * Plugins: rules of one's own, listed under `plugins` in the config (src/engine/plugins.ts). The
 * example in examples/custom-rule runs as a user runs it; broken plugins and crashing rules give
 * one clear message and exit 2.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPlugin } from '../src/engine/plugins.js';
import { testFixtures, testRule } from '../src/testing/index.js';
import { runNetlint } from './helpers/run.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = join(root, 'examples/custom-rule');
const ruleId = 'acme/service-port-protocol-name';

/** A project folder holding these files (a config, plugin modules, manifests). */
function project(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'netlint-plugin-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const service = (ports: string) => `apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec:\n  ports:\n${ports}`;

/** A plugin module in plain JavaScript, as a team without a build step writes one. */
const pluginSource = (rules: string, name = "'team'") => `export default { name: ${name}, rules: [${rules}] };\n`;
const ruleSource = (id: string, check: string) =>
  `{ id: '${id}', severity: 'error', category: 'correctness', kinds: ['Service'], docs: { summary: 'x', why: 'y' }, messages: { found: 'found {{name}}' }, *check(ctx) { ${check} } }`;
const reportEveryService = "for (const s of ctx.model.services()) yield ctx.report({ at: s.at('metadata', 'name'), messageId: 'found', data: { name: s.name } });";

describe('the example plugin (examples/custom-rule)', () => {
  it('reports its finding, namespaced, at the port name', () => {
    const run = runNetlint(['manifests/', '--format', 'json'], { cwd: example });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const messages = (JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; messageId: string; line: number; column: number; severity: number }[] }[]).flatMap((f) =>
      f.messages.map((m) => `${relative(example, f.filePath)}:${m.line}:${m.column} ${m.ruleId}/${m.messageId} ${m.severity}`),
    );
    // severity 2: the config raises the rule's default warning to error.
    expect(messages).toEqual([`manifests/shop.yaml:28:13 ${ruleId}/unknownProtocol 2`]);
  });

  it('is configured like a built-in: --rule turns it off, --only runs it alone, a suppression silences it', () => {
    expect(runNetlint(['manifests/', '--rule', `${ruleId}=off`], { cwd: example }).code).toBe(0);
    expect(runNetlint(['manifests/', '--only', ruleId], { cwd: example }).stdout).toContain(ruleId);
    const dir = project({
      '.netlintrc.yaml': readFileSync(join(example, '.netlintrc.yaml'), 'utf8'),
      'acme-rules.mjs': readFileSync(join(example, 'acme-rules.mjs'), 'utf8').replace("from 'netlint'", `from '${join(root, 'dist/index.js')}'`),
      'shop.yaml': readFileSync(join(example, 'manifests/shop.yaml'), 'utf8').replace('    - name: metrics\n', `    # netlint-disable-next-line ${ruleId} -- scraped as TCP\n    - name: metrics\n`),
    });
    expect(runNetlint(['shop.yaml'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
  });

  it('is listed by netlint rules and explained by netlint explain', () => {
    const rules = runNetlint(['rules', '--format', 'json'], { cwd: example });
    const entry = (JSON.parse(rules.stdout) as { id: string; plugin?: string; helpUri?: string }[]).find((r) => r.id === ruleId);
    expect(entry).toMatchObject({ plugin: 'acme', helpUri: 'https://github.com/netlint/netlint/tree/main/examples/custom-rule' });
    expect(runNetlint(['rules', '--no-config'], { cwd: example }).stdout).not.toContain(ruleId);
    expect(runNetlint(['explain', ruleId], { cwd: example }).stdout).toContain('A Service port whose name does not start with its protocol');
  });

  it('goes into SARIF as a tool extension that its results point to', () => {
    const log = JSON.parse(runNetlint(['manifests/', '--format', 'sarif'], { cwd: example }).stdout) as {
      runs: { tool: { driver: { rules: { id: string }[] }; extensions: { name: string; rules: { id: string }[] }[] }; results: { ruleId: string; ruleIndex?: number; rule?: unknown }[] }[];
    };
    const [run] = log.runs;
    expect(run?.tool.driver.rules.map((r) => r.id)).not.toContain(ruleId);
    expect(run?.tool.extensions.map((e) => [e.name, e.rules.map((r) => r.id)])).toEqual([['acme', [ruleId]]]);
    expect(run?.results[0]).toMatchObject({ ruleId, rule: { id: ruleId, index: 0, toolComponent: { index: 0 } } });
    expect(run?.results[0]?.ruleIndex).toBeUndefined();
  });

  it('passes the exported RuleTester and the fixture runner', () => {
    const [rule] = loadPlugin('./acme-rules.mjs', example);
    if (!rule) throw new Error('the example plugin has no rule');
    const port = (name: string) => `    - name: ${name}\n      port: 80\n`;
    testRule(rule, {
      valid: [service(port('http')), service(port('grpc-web')), service(port('tcp-postgres'))],
      invalid: [
        { code: service(port('web')), errors: [{ messageId: 'unknownProtocol', line: 6, column: 13, data: { name: 'web', service: 'Service shop/web' } }] },
        { code: service('    - port: 8080\n'), errors: [{ messageId: 'unnamed', line: 6, column: 7, data: { port: 8080 } }] },
      ],
    });
    const fixtures = project({
      'valid/named.yaml': service(port('http-web')),
      'invalid/unnamed.yaml': service('    - port: 8080  # expect: acme/service-port-protocol-name/unnamed@7\n'),
    });
    testFixtures(rule, fixtures);
  });
});

describe('plugins that cannot be used', () => {
  const manifests = { 'app.yaml': service('    - name: http\n      port: 80\n') };
  const withConfig = (plugin: Record<string, string>, config = 'plugins: [./team.mjs]\n') => project({ ...manifests, ...plugin, '.netlintrc.yaml': config });

  it.each([
    ['a missing file', {}, 'plugins: [./team.mjs]\n', '.netlintrc.yaml:1:11: plugin ./team.mjs: no such file'],
    ['not a module path', {}, 'plugins: [team]\n', '.netlintrc.yaml:1:11: plugin team: a plugin is a local .js or .mjs file'],
    ['a module that throws', { 'team.mjs': "throw new Error('boom');\n" }, undefined, 'plugin ./team.mjs: loading it threw: boom'],
    ['a syntax error', { 'team.mjs': 'export default {\n' }, undefined, 'plugin ./team.mjs: loading it threw:'],
    ['no rules list', { 'team.mjs': 'export default { name: "team" };\n' }, undefined, 'its default export must be an object { name?, rules: [...] }'],
    ['a rule without check', { 'team.mjs': pluginSource("{ id: 'x', severity: 'error', category: 'correctness', kinds: [], docs: { summary: 'a', why: 'b' }, messages: { m: 'm' } }") }, undefined, 'rule 0 "x" needs a check(ctx) function'],
    ['a bad severity', { 'team.mjs': pluginSource(ruleSource('x', '').replace("'error'", "'fatal'")) }, undefined, 'rule 0 "x" has severity "fatal"'],
    ['a name that is not kebab-case', { 'team.mjs': pluginSource(ruleSource('x', ''), "'Team Rules'") }, undefined, 'its name "Team Rules" is not kebab-case'],
    ['two plugins with one name', { 'team.mjs': pluginSource(ruleSource('x', '')), 'other.mjs': pluginSource(ruleSource('y', '')) }, 'plugins: [./team.mjs, ./other.mjs]\n', '.netlintrc.yaml:1:23: plugin ./other.mjs: its name "team" is also the name of ./team.mjs'],
    ['top-level await', { 'team.mjs': `await Promise.resolve();\n${pluginSource('')}` }, undefined, 'it uses top-level await'],
    ['an unknown plugin rule in rules', { 'team.mjs': pluginSource(ruleSource('x', '')) }, 'plugins: [./team.mjs]\nrules:\n  team/y: off\n', '.netlintrc.yaml:3:3: unknown rule "team/y"; did you mean team/x?'],
  ])('%s: one line naming the config and the plugin, exit 2', (_, plugin, config, says) => {
    const run = runNetlint(['app.yaml'], { cwd: withConfig(plugin, config) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(says);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a plugin rule that throws', () => {
  const dir = project({
    'app.yaml': service('    - name: http\n      port: 80\n'),
    'team.mjs': pluginSource(`${ruleSource('broken', "throw new Error('cannot read ports');")}, ${ruleSource('works', reportEveryService)}`),
    '.netlintrc.yaml': 'plugins: [./team.mjs]\n',
  });

  it('is named with its error, the other rules still report, exit 2, no stack trace', () => {
    const run = runNetlint(['app.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('netlint: rule team/broken (plugin ./team.mjs) threw an error, so its findings are missing: cannot read ports (--verbose shows the stack trace)\n');
    expect(run.stdout).toContain('found web  team/works');
  });

  it('shows the stack trace with --verbose', () => {
    expect(runNetlint(['app.yaml', '--verbose'], { cwd: dir }).stderr).toMatch(/cannot read ports\nError: cannot read ports\n\s+at /);
  });

  it('names an undefined message id instead of failing inside the engine', () => {
    const bad = project({ ...{ 'app.yaml': service('    - port: 80\n') }, 'team.mjs': pluginSource(ruleSource('typo', reportEveryService.replace("'found'", "'fuond'"))), '.netlintrc.yaml': 'plugins: [./team.mjs]\n' });
    expect(runNetlint(['app.yaml'], { cwd: bad }).stderr).toContain('report() names messageId "fuond", which the rule\'s messages do not define');
  });
});

describe('where plugins come from', () => {
  it('only from the config in use: a config inside the linted input loads nothing', () => {
    const dir = project({
      'k8s/app.yaml': service('    - name: http\n      port: 80\n'),
      'k8s/.netlintrc.yaml': 'plugins: [./evil.mjs]\n',
      'k8s/evil.mjs': "import { writeFileSync } from 'node:fs';\nwriteFileSync(new URL('./ran', import.meta.url), 'x');\nexport default { rules: [] };\n",
    });
    expect(runNetlint(['k8s/'], { cwd: dir }).code).toBe(0);
    expect(existsSync(join(dir, 'k8s/ran'))).toBe(false);
    // The same config, chosen: now it runs.
    expect(runNetlint(['k8s/', '--config', 'k8s/.netlintrc.yaml'], { cwd: dir }).code).toBe(0);
    expect(existsSync(join(dir, 'k8s/ran'))).toBe(true);
  });

  it('a plugin without a name takes its file name as prefix; print-config shows plugins and their rules', () => {
    const dir = project({ 'app.yaml': service('    - port: 80\n'), 'team-rules.mjs': `export default { rules: [${ruleSource('x', reportEveryService)}] };\n`, '.netlintrc.yaml': 'plugins: [./team-rules.mjs]\n' });
    const printed = JSON.parse(runNetlint(['--print-config'], { cwd: dir }).stdout) as { plugins: string[]; rules: Record<string, string> };
    expect(printed.plugins).toEqual(['./team-rules.mjs']);
    expect(printed.rules['team-rules/x']).toBe('error');
    expect(runNetlint(['app.yaml'], { cwd: dir }).stdout).toContain('team-rules/x');
  });
});
