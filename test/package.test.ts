/**
 * netlint installed as users install CLI tools: `npm pack`, then `npm install -g --prefix` of the
 * tarball into an empty folder (dependencies from the npm cache `npm ci` filled where it has them),
 * and the installed `netlint` run from there; its API imported by a script, as a user's code would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface PackEntry {
  filename: string;
  files: { path: string }[];
}

let packed: PackEntry;
let prefix: string;

/** Where `npm install -g --prefix P` puts executables and packages. */
const binDir = (p: string) => (process.platform === 'win32' ? p : join(p, 'bin'));
const packageDir = (p: string) => (process.platform === 'win32' ? join(p, 'node_modules', 'netlint') : join(p, 'lib', 'node_modules', 'netlint'));

beforeAll(() => {
  const work = mkdtempSync(join(tmpdir(), 'netlint-pack-'));
  // dist/ is already built by the test setup; --ignore-scripts keeps the pack itself quick.
  const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
  packed = (JSON.parse(out) as PackEntry[])[0] as PackEntry;
  prefix = join(work, 'prefix');
  execFileSync(npm, ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename)], {
    cwd: work,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}, 180_000);

describe('the npm package', () => {
  it('holds what runs: the built CLI, schemas, docs, README and LICENSE; no sources, tests or source maps', () => {
    const paths = packed.files.map((f) => f.path);
    for (const needed of ['dist/cli.cjs', 'dist/netlint.cjs', 'dist/netlint.cjs.cache', 'dist/index.js', 'dist/index.d.ts', 'package.json', 'README.md', 'LICENSE', 'schemas/netlint-results.schema.json']) {
      expect(paths).toContain(needed);
    }
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(paths.filter((p) => /^(src|test|scripts|tools|\.ci)\//.test(p))).toEqual([]);
  });

  it('installs globally into an empty prefix, and its netlint runs', () => {
    const bin = join(binDir(prefix), process.platform === 'win32' ? 'netlint.cmd' : 'netlint');
    expect(existsSync(bin)).toBe(true);
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const run = spawnSync(bin, [join(root, 'examples/broken-app.yaml'), '--format', 'json'], { encoding: 'utf8', cwd: root });
    expect(run.status).toBe(1);
    const rules = (JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId));
    expect(rules).toEqual(['selector-no-match', 'deny-all-without-dns']);
  });

  it('brings only its runtime dependencies', () => {
    const installed = readdirSync(join(packageDir(prefix), 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(installed).not.toContain('vitest');
    expect(installed).not.toContain('typescript');
    expect(installed).toContain('js-yaml');
  });
});

/** A user's project whose node_modules holds the installed package, as `npm install netlint` leaves it. */
function userProject(): string {
  const project = mkdtempSync(join(tmpdir(), 'netlint-user-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(packageDir(prefix), join(project, 'node_modules', 'netlint'), 'junction');
  return project;
}

/** A strict TypeScript project (ESM, NodeNext) over the user's files type-checks against the installed declarations. */
function expectTypeChecks(project: string): void {
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: [], skipLibCheck: false } }),
  );
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project, encoding: 'utf8' });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
}

describe('the programmatic API of the installed package', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Programmatic API'));
  const example = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const expected = /```text\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

  it("runs the README's example: import { lint, reach } from 'netlint' finds the broken example's findings", () => {
    expect(example).toContain("from 'netlint'");
    const project = userProject();
    writeFileSync(join(project, 'example.mjs'), example);
    // Run from the repository root, where the example's paths are; 'netlint' resolves from the script's folder.
    const run = spawnSync(process.execPath, [join(project, 'example.mjs')], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(expected);
    expect(expected).toContain('examples/broken-app.yaml:60:3 error selector-no-match');
  });

  it('resolves through the package exports to dist, not the sources', () => {
    const project = userProject();
    writeFileSync(join(project, 'where.mjs'), "console.log(import.meta.resolve('netlint'));\n");
    const run = spawnSync(process.execPath, [join(project, 'where.mjs')], { cwd: project, encoding: 'utf8' });
    expect(run.stdout.trim()).toMatch(/\/dist\/index\.js$/);
  });

  it('is typed: a TypeScript user of lint() and reach() type-checks against the shipped declarations', () => {
    const project = userProject();
    writeFileSync(
      join(project, 'use.ts'),
      [
        "import { lint, reach, NetlintError, type LintReport, type LintMessage, type ReachReport } from 'netlint';",
        "const report: LintReport = lint(['k8s/'], { only: ['selector-no-match'], namespace: 'shop' });",
        'const first: LintMessage | undefined = report.files[0]?.messages[0];',
        'const line: number | undefined = first?.range.line;',
        "const flows: ReachReport['flows'] = reach({ files: [{ path: 'a.yaml', text: '' }] }, { from: 'shop/web' }).flows;",
        'const allowed: boolean | undefined = reach(\'k8s/\').explanations[0]?.allowed;',
        'export { line, flows, allowed, NetlintError };',
        '// @ts-expect-error: options are checked',
        "lint('k8s/', { namespaces: 'x' });",
        '',
      ].join('\n'),
    );
    expectTypeChecks(project);
  });
});

describe('custom rules with the installed package (examples/custom-rule)', () => {
  const example = join(root, 'examples/custom-rule');
  /** The example copied into a user's project, where 'netlint' is the installed package. */
  function exampleProject(): string {
    const project = userProject();
    for (const file of ['.netlintrc.yaml', 'acme-rules.mjs']) writeFileSync(join(project, file), readFileSync(join(example, file), 'utf8'));
    mkdirSync(join(project, 'manifests'));
    writeFileSync(join(project, 'manifests/shop.yaml'), readFileSync(join(example, 'manifests/shop.yaml'), 'utf8'));
    return project;
  }

  it("the installed netlint loads the plugin, whose import { defineRule } from 'netlint' is the installed package", () => {
    const project = exampleProject();
    const bin = join(binDir(prefix), process.platform === 'win32' ? 'netlint.cmd' : 'netlint');
    const run = spawnSync(bin, ['manifests/'], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/manifests\/shop\.yaml\n {2}28:13 {2}error {2}port name "metrics" .* {2}acme\/service-port-protocol-name\n/);
    expect(run.status).toBe(1);
  });

  it("the example README's test runs with netlint/testing, and fails when its expectation is wrong", () => {
    const readme = readFileSync(join(example, 'README.md'), 'utf8');
    const snippet = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(snippet).toContain("from 'netlint/testing'");
    const project = exampleProject();
    writeFileSync(join(project, 'rule.test.mjs'), snippet);
    const run = spawnSync(process.execPath, ['rule.test.mjs'], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    writeFileSync(join(project, 'wrong.test.mjs'), snippet.replace('column: 15', 'column: 16'));
    const wrong = spawnSync(process.execPath, ['wrong.test.mjs'], { cwd: project, encoding: 'utf8' });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('column 15, expected 16');
  });

  it('is typed for rule authors: defineRule checks message ids, the model types and netlint/testing resolve from dist', () => {
    const project = userProject();
    writeFileSync(
      join(project, 'rule.ts'),
      [
        "import { defineRule, definePlugin, type Service, type ServicePort } from 'netlint';",
        "import { testRule, type RuleCases } from 'netlint/testing';",
        'const unnamed = (port: ServicePort): boolean => port.name === undefined;',
        'export const rule = defineRule({',
        "  id: 'port-names', severity: 'warning', category: 'correctness', kinds: ['Service'],",
        "  docs: { summary: 's', why: 'w' },",
        "  messages: { unnamed: 'port {{port}} of {{service}} has no name' },",
        '  *check(ctx) {',
        '    for (const service of ctx.model.services() as readonly Service[])',
        '      for (const port of service.ports) {',
        "        if (unnamed(port)) yield ctx.report({ at: port.node, messageId: 'unnamed', data: { port: port.port ?? 0, service: service.displayName } });",
        '        // @ts-expect-error: a message id the rule does not define',
        "        yield ctx.report({ at: port.node, messageId: 'unamed' });",
        '      }',
        '  },',
        '});',
        "const cases: RuleCases = { valid: [''], invalid: [] };",
        'testRule(rule, cases);',
        "export default definePlugin({ name: 'acme', rules: [rule] });",
        '',
      ].join('\n'),
    );
    expectTypeChecks(project);
  });
});
