/** The built executable, run as a user runs it. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/command.js';
import { sharedDir, withoutShared } from './helpers/shared.js';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist/cli.cjs');
const seed = join(sharedDir ?? root, 'seed');

function netlint(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? root,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonMessage {
  ruleId: string;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  object: { kind: string; namespace: string | null; name: string } | null;
}
interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
}

const jsonOf = (stdout: string) => JSON.parse(stdout) as JsonResult[];

/**
 * The tutorial's scenario: its broken app has exactly two findings, its "fixed" app is still
 * broken in a stock cluster. Run on the repository's own copy (examples/) always, and on the
 * tutorial's exact files where ../shared exists.
 */
function scenarioSuite(dir: string, files: { broken: string; fixed: string }, lines: { selector: number; dns: number }) {
  const broken = join(dir, files.broken);
  const fixed = join(dir, files.fixed);

  it(`${files.broken}: exactly the two findings of the scenario, at those lines`, () => {
    const { code, stdout } = netlint([broken, '-f', 'json']);
    expect(code).toBe(1);
    const [file] = jsonOf(stdout);
    expect(file?.messages.map((m) => [m.ruleId, m.line, m.severity])).toEqual([
      ['selector-no-match', lines.selector, 2],
      ['deny-all-without-dns', lines.dns, 2],
    ]);
    const [selector, dns] = file!.messages;
    expect(selector?.message).toContain('app=api');
    expect(selector?.message).toContain('Deployment broken-net/backend has app=backend');
    expect(selector?.object).toEqual({ kind: 'Service', namespace: 'broken-net', name: 'backend' });
    expect(dns?.object).toEqual({ kind: 'NetworkPolicy', namespace: 'broken-net', name: 'deny-all' });
    expect(dns).toMatchObject({ column: 5, endLine: lines.dns, endColumn: 11 });
  });

  it(`${files.fixed}: deny-all-without-dns with the kubernetes.io/metadata.name suggestion`, () => {
    const { code, stdout } = netlint([fixed, '-f', 'json']);
    expect(code).toBe(1);
    const messages = jsonOf(stdout)[0]!.messages.filter((m) => m.ruleId === 'deny-all-without-dns');
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toContain('kubernetes.io/metadata.name: kube-system');
    expect(messages[0]?.object?.name).toBe('allow-dns');
  });

  it(`${files.fixed}: the tutorial skipped health checks: readiness-probe-missing on the backend`, () => {
    const { stdout } = netlint([fixed, '-f', 'json']);
    const readiness = jsonOf(stdout)[0]!.messages.filter((m) => m.ruleId === 'readiness-probe-missing');
    expect(readiness.map((m) => m.severity)).toContain(1);
    expect(readiness.map((m) => m.object?.name)).toContain('backend');
  });

  it(`${files.fixed}: the reachability rules add one-sided-allow, dns-tcp-missing and namespace-label-unknown`, () => {
    const { stdout } = netlint([fixed, '-f', 'json']);
    const messages = jsonOf(stdout)[0]!.messages.filter((m) => m.ruleId !== 'readiness-probe-missing');
    expect(messages.map((m) => [m.ruleId, m.severity]).sort()).toEqual([
      ['deny-all-without-dns', 2],
      ['dns-tcp-missing', 1],
      ['namespace-label-unknown', 1],
      ['one-sided-allow', 2],
    ]);
    const oneSided = messages.find((m) => m.ruleId === 'one-sided-allow');
    expect(oneSided?.object).toEqual({ kind: 'NetworkPolicy', namespace: 'fixed-net', name: 'backend-policy' });
    expect(oneSided?.message).toContain('Deployment fixed-net/frontend');
    expect(oneSided?.message).toContain('NetworkPolicy fixed-net/allow-dns');
  });

  it('the stylish report names file, position, severity, message and rule', () => {
    const { code, stdout } = netlint([files.broken], { cwd: dir });
    expect(code).toBe(1);
    const head = new RegExp(
      `^\\n${files.broken.replace('.', '\\.')}\\n {2}${lines.selector}:3 {2}error {2}selector app=api .* selector-no-match\\n {2}${lines.dns}:5 {2}error {2}NetworkPolicy`,
    );
    expect(stdout).toMatch(head);
    expect(stdout).toContain('✖ 2 problems (2 errors, 0 warnings)');
    expect(stdout).not.toContain('\u001b[');
  });
}

describe('the scenario (examples/)', () => {
  scenarioSuite(join(root, 'examples'), { broken: 'broken-app.yaml', fixed: 'tutorial-fixed-app.yaml' }, { selector: 60, dns: 76 });
});

describe.skipIf(withoutShared)('the tutorial\'s exact seed files (optional: ../shared/seed)', () => {
  scenarioSuite(seed, { broken: 'broken-app.yaml', fixed: 'fixed-app.yaml' }, { selector: 62, dns: 78 });
});

describe('inputs', () => {
  it('reads standard input with -, named by --stdin-filename', () => {
    const input = readFileSync(join(root, 'examples/port-mismatch.yaml'), 'utf8');
    const { code, stdout } = netlint(['-', '--stdin-filename', 'rendered/app.yaml', '-f', 'json'], { input });
    expect(code).toBe(1);
    const [file] = jsonOf(stdout);
    expect(file?.filePath).toBe(join(root, 'rendered/app.yaml'));
    expect(file?.messages.map((m) => m.ruleId)).toEqual(['port-mismatch', 'port-mismatch']);
  });

  it('reads standard input when given no paths and a pipe', () => {
    const { code, stdout } = netlint(['-f', 'github'], { input: readFileSync(join(root, 'examples/broken-app.yaml'), 'utf8') });
    expect(code).toBe(1);
    expect(stdout).toContain('::error file=<stdin>,line=60');
  });

  it('walks directories recursively, skipping dot folders and node_modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-'));
    mkdirSync(join(dir, 'apps/web'), { recursive: true });
    mkdirSync(join(dir, '.hidden'));
    mkdirSync(join(dir, 'node_modules'));
    const broken = readFileSync(join(root, 'examples/broken-app.yaml'), 'utf8');
    writeFileSync(join(dir, 'apps/web/app.yml'), broken);
    writeFileSync(join(dir, '.hidden/app.yaml'), broken);
    writeFileSync(join(dir, 'node_modules/app.yaml'), broken);
    writeFileSync(join(dir, 'apps/notes.txt'), broken);
    const { stdout } = netlint([dir, '-f', 'json'], { cwd: dir });
    expect(jsonOf(stdout).map((f) => f.filePath)).toEqual([join(dir, 'apps/web/app.yml')]);
  });

  it('expands quoted globs', () => {
    const { stdout } = netlint(['examples/*.yaml', '-f', 'json']);
    expect(jsonOf(stdout).map((f) => f.filePath.slice(root.length))).toEqual([
      'examples/admission-webhook.yaml',
      'examples/broken-app.yaml',
      'examples/clean-app.yaml',
      'examples/dns-near-miss.yaml',
      'examples/field-typos.yaml',
      'examples/policy-mistakes.yaml',
      'examples/port-mismatch.yaml',
      'examples/tutorial-fixed-app.yaml',
    ]);
  });

  it('a missing path is reported, the rest is still linted, and the exit code is 2', () => {
    const { code, stdout, stderr } = netlint(['nope.yaml', 'examples/broken-app.yaml', '-f', 'json']);
    expect(code).toBe(2);
    expect(stderr).toContain('nope.yaml: no such file or directory');
    expect(jsonOf(stdout)[0]?.errorCount).toBe(2);
  });

  it('a syntax error in one document does not stop the others or other files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-'));
    const broken = readFileSync(join(root, 'examples/broken-app.yaml'), 'utf8');
    writeFileSync(join(dir, 'a.yaml'), `${broken}---\nkind: ConfigMap\napiVersion: v1\ndata: [oops\n`);
    writeFileSync(join(dir, 'b.yaml'), readFileSync(join(root, 'examples/port-mismatch.yaml'), 'utf8'));
    const { code, stdout, stderr } = netlint([dir, '-f', 'json'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const results = jsonOf(stdout);
    expect(results[0]?.messages.map((m) => m.ruleId)).toEqual(['selector-no-match', 'deny-all-without-dns', 'yaml-syntax']);
    expect(results[0]?.messages[2]).toMatchObject({ line: 80, column: 11 });
    expect(results[1]?.messages.map((m) => m.ruleId)).toEqual(['port-mismatch', 'port-mismatch']);
  });

  it('--namespace places objects without a namespace', () => {
    const manifest = 'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {selector: {app: y}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: z}}\nspec: {containers: [{name: c}]}\n';
    const { stdout } = netlint(['-', '-f', 'json', '--namespace', 'team-a'], { input: manifest });
    expect(jsonOf(stdout)[0]?.messages[0]?.message).toContain('namespace team-a');
  });

  describe('objects without a namespace in an input with exactly one', () => {
    const manifest = [
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: sock-shop}\n',
      'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {selector: {app: y}}\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: z}}\nspec: {containers: [{name: c}]}\n',
    ].join('---\n');
    const note = 'note: 2 objects without metadata.namespace were placed in namespace sock-shop, the only namespace in the input; pass -n to choose another\n';

    it('go to that namespace, said once on stderr, and in the JSON file result', () => {
      const { stdout, stderr } = netlint(['-', '-f', 'json'], { input: manifest });
      expect(stderr).toBe(note);
      const [file] = JSON.parse(stdout) as (JsonResult & { inferredNamespace?: unknown })[];
      expect(file?.messages[0]?.message).toContain('namespace sock-shop');
      expect(file?.inferredNamespace).toEqual({ name: 'sock-shop', objects: 2, reason: 'the only namespace in the input' });
    });

    it('keep stdout of stylish free of the note', () => {
      const { stdout, stderr } = netlint(['-'], { input: manifest });
      expect(stderr).toBe(note);
      expect(stdout).not.toContain('note:');
    });

    it('follow -n instead, without a note', () => {
      const { stdout, stderr } = netlint(['-', '-f', 'json', '-n', 'default'], { input: manifest });
      expect(stderr).toBe('');
      const [file] = JSON.parse(stdout) as (JsonResult & { inferredNamespace?: unknown })[];
      expect(file?.messages[0]?.message).toContain('namespace default');
      expect(file?.inferredNamespace).toBeUndefined();
    });
  });
});

describe('options and exit codes', () => {
  it('exits 0 with no output on clean input', () => {
    expect(netlint(['examples/clean-app.yaml'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--quiet drops warnings, and warnings alone exit 0', () => {
    const warningOnly = readFileSync(join(root, 'examples/port-mismatch.yaml'), 'utf8').replace('targetPort: htpp', 'targetPort: http');
    const loud = netlint(['-'], { input: warningOnly });
    expect(loud.code).toBe(0);
    expect(loud.stdout).toContain('1 problem (0 errors, 1 warning)');
    expect(netlint(['-', '--quiet'], { input: warningOnly })).toMatchObject({ code: 0, stdout: '' });
    const strict = netlint(['-', '--max-warnings', '0'], { input: warningOnly });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('too many warnings (maximum: 0)');
    expect(netlint(['-', '--max-warnings', '-1'], { input: warningOnly }).code).toBe(0);
    // --quiet hides the warnings but --max-warnings still counts them, as in ESLint.
    expect(netlint(['-', '--quiet', '--max-warnings', '0'], { input: warningOnly })).toMatchObject({ code: 1, stdout: '' });
  });

  it('--output-file writes the report instead of printing it', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'netlint-')), 'report.json');
    const { code, stdout } = netlint(['examples/broken-app.yaml', '-f', 'json', '-o', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(jsonOf(readFileSync(out, 'utf8'))[0]?.errorCount).toBe(2);
  });

  it('--only runs only the named rules', () => {
    const { stdout } = netlint(['examples/broken-app.yaml', '-f', 'json', '--only', 'selector-no-match']);
    expect(jsonOf(stdout)[0]?.messages.map((m) => m.ruleId)).toEqual(['selector-no-match']);
  });

  it('loads the compiled schema validators only when schema-violation finds an object wrong', () => {
    // NODE_DEBUG=module makes Node name each file it requires on standard error.
    const traced = (args: string[]) => netlint([...args, '-f', 'json'], { env: { NODE_DEBUG: 'module' } });
    const loadsValidators = (stderr: string) => stderr.includes('schema-validators.generated.js');
    const without = traced(['examples/broken-app.yaml', '--only', 'selector-no-match']);
    expect(jsonOf(without.stdout)[0]?.messages.map((m) => m.ruleId)).toEqual(['selector-no-match']);
    expect(loadsValidators(without.stderr)).toBe(false);
    // Objects that conform are told apart without them (schema-shape.ts).
    const conforming = traced(['examples/broken-app.yaml', '--only', 'schema-violation']);
    expect(jsonOf(conforming.stdout)[0]?.messages).toEqual([]);
    expect(loadsValidators(conforming.stderr)).toBe(false);
    const checked = traced(['test/fixtures/schema-violation/invalid/basic.yaml', '--only', 'schema-violation']);
    expect(jsonOf(checked.stdout)[0]?.messages.map((m) => m.ruleId)).toContain('schema-violation');
    expect(loadsValidators(checked.stderr)).toBe(true);
  });

  it('colours only when asked or on a terminal', () => {
    expect(netlint(['examples/broken-app.yaml', '--color']).stdout).toContain('\u001b[31m');
    expect(netlint(['examples/broken-app.yaml'], { env: { FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(netlint(['examples/broken-app.yaml', '--no-color'], { env: { FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(netlint(['examples/broken-app.yaml', '-f', 'json', '--color']).stdout).not.toContain('\u001b[');
  });

  it('usage errors exit 2 with a message, never a stack trace', () => {
    for (const args of [['--frobnicate'], ['-f', 'xml', 'examples'], ['--max-warnings', 'many', 'examples'], ['--only', 'no-such-rule', 'examples'], ['--rule', 'no-such-rule=off', 'examples']]) {
      const { code, stderr } = netlint(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^netlint: /);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('runs as an executable, the way npx and the installed bin start it', () => {
    const run = spawnSync(cli, ['--version'], { encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
  });

  it('--version and --help', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(netlint(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    const help = netlint(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: netlint');
  });

  it('prints usage and exits 2 with no arguments on a terminal', () => {
    let stderr = '';
    const code = run({
      argv: [],
      cwd: root,
      env: {},
      stdinIsTTY: true,
      stdoutIsTTY: true,
      readStdin: () => {
        throw new Error('must not read a terminal');
      },
      writeStdout: () => undefined,
      writeStderr: (text) => {
        stderr += text;
      },
    });
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: netlint');
  });

  it('ends quietly when the reader closes the pipe', () => {
    const big = Array.from({ length: 400 }, (_, i) => readFileSync(join(root, 'examples/port-mismatch.yaml'), 'utf8').replaceAll('ports-demo', `ns${i}`)).join('---\n');
    const dir = mkdtempSync(join(tmpdir(), 'netlint-'));
    writeFileSync(join(dir, 'big.yaml'), big);
    const output = execFileSync('sh', ['-c', `${process.execPath} ${cli} big.yaml -f json | head -c 100 >/dev/null; echo "status=$?"`], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).toContain('status=0');
    const stderr = spawnSync('sh', ['-c', `${process.execPath} ${cli} big.yaml -f json | head -c 100 >/dev/null`], { cwd: dir, encoding: 'utf8' }).stderr;
    expect(stderr).toBe('');
  });

  it('produces the same bytes for the same input', () => {
    const first = netlint(['examples', '-f', 'sarif']).stdout;
    expect(first).toContain('"ruleId"');
    expect(netlint(['examples', '-f', 'sarif']).stdout).toBe(first);
  });
});

describe('rendered input: where findings came from', () => {
  const helmStream = readFileSync(join(root, 'examples/rendered/helm-template.yaml'), 'utf8');

  /** A repository with the chart under charts/, linted from charts/ as `helm template shop ./shop | netlint -` would be. */
  function chartRepository(): { repo: string; charts: string } {
    const repo = mkdtempSync(join(tmpdir(), 'netlint-origin-'));
    mkdirSync(join(repo, 'charts/shop/templates'), { recursive: true });
    for (const template of ['service.yaml', 'networkpolicy.yaml']) writeFileSync(join(repo, 'charts/shop/templates', template), '# a template\n');
    return { repo, charts: join(repo, 'charts') };
  }

  it('text names the template beside each finding', () => {
    const { code, stdout } = netlint(['-'], { input: helmStream });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ {2}57:11 {2}error {4}port 80 is the port of Service .* \(from shop\/templates\/networkpolicy\.yaml\) {2,}policy-port-is-service-port$/m);
    expect(stdout).toMatch(/^ {2}71:19 {2}error {4}targetPort "metrics" .* \(from shop\/templates\/metrics-service\.yaml\) {2,}port-mismatch$/m);
  });

  it('JSON carries origin on each message, and the github format names it in the annotation', () => {
    const messages = jsonOf(netlint(['-', '-f', 'json'], { input: helmStream }).stdout)[0]!.messages as (JsonMessage & { origin?: unknown })[];
    expect(messages.map((m) => [m.line, m.origin])).toEqual([
      [14, { path: 'shop/templates/service.yaml', source: 'helm' }],
      [57, { path: 'shop/templates/networkpolicy.yaml', source: 'helm' }],
      [71, { path: 'shop/templates/metrics-service.yaml', source: 'helm' }],
    ]);
    const github = netlint(['-', '-f', 'github'], { input: helmStream }).stdout;
    expect(github).toContain('::error file=<stdin>,line=57,');
    expect(github).toMatch(/line=57,.*serves \(from shop\/templates\/networkpolicy\.yaml\)\n/);
  });

  it('SARIF links the template as a related location when it is a file of the repository', () => {
    const { repo, charts } = chartRepository();
    const { stdout } = netlint(['-', '-f', 'sarif'], { input: helmStream, cwd: charts, env: { GITHUB_WORKSPACE: repo } });
    const results = (JSON.parse(stdout) as { runs: { results: { message: { text: string }; relatedLocations?: { id: number; physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!.results;
    const policy = results.find((r) => r.message.text.startsWith('port 80'))!;
    const link = policy.relatedLocations?.at(-1);
    expect(policy.message.text).toMatch(new RegExp(`Rendered from \\[shop/templates/networkpolicy\\.yaml\\]\\(${link?.id}\\)\\.$`));
    expect(link?.physicalLocation.artifactLocation).toEqual({ uri: 'charts/shop/templates/networkpolicy.yaml', uriBaseId: '%SRCROOT%' });
    // metrics-service.yaml is not in the repository: named in the text, not linked.
    const metrics = results.find((r) => r.message.text.startsWith('targetPort "metrics"'))!;
    expect(metrics.message.text).toMatch(/ Rendered from shop\/templates\/metrics-service\.yaml\.$/);
    expect(JSON.stringify(metrics.relatedLocations ?? [])).not.toContain('metrics-service');
  });

  it('names the Kustomize resource from the config.kubernetes.io/origin annotation', () => {
    const input = readFileSync(join(root, 'examples/rendered/kustomize-build.yaml'), 'utf8');
    const { stdout } = netlint(['-', '-f', 'json'], { input });
    const [message] = jsonOf(stdout)[0]!.messages as (JsonMessage & { origin?: unknown })[];
    expect(message?.ruleId).toBe('selector-no-match');
    expect(message?.origin).toEqual({ path: '../../base/service.yaml', source: 'kustomize' });
    expect(netlint(['-'], { input }).stdout).toContain('(from ../../base/service.yaml)  selector-no-match');
  });
});

describe('formats and commands', () => {
  it('--format may be given once, in one clear line', () => {
    for (const args of [['examples', '-f', 'json', '-f', 'sarif'], ['examples', '--format', 'json', '-f', 'json']]) {
      const { code, stdout, stderr } = netlint(args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^netlint: --format may be given once \(got json, (sarif|json)\); to write SARIF as well, add --sarif-file <path>\n$/);
    }
  });

  it('--sarif-file writes SARIF beside what --format prints, in one run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-'));
    const sarifPath = join(dir, 'out', 'netlint.sarif');
    mkdirSync(join(dir, 'out'));
    const both = netlint(['examples/broken-app.yaml', '--sarif-file', sarifPath, '--sarif-category', 'netlint/prod']);
    expect(both.code).toBe(1);
    expect(both.stdout).toBe(netlint(['examples/broken-app.yaml']).stdout);
    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8')) as { runs: { automationDetails: { id: string }; results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(['selector-no-match', 'deny-all-without-dns']);
    expect(sarif.runs[0]?.automationDetails.id).toBe('netlint/prod/');
    // The same bytes as --format sarif.
    expect(readFileSync(sarifPath, 'utf8')).toBe(netlint(['examples/broken-app.yaml', '-f', 'sarif', '--sarif-category', 'netlint/prod/']).stdout);
    const unwritable = netlint(['examples/broken-app.yaml', '--sarif-file', join(dir, 'missing', 'x.sarif')]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/^netlint: cannot write .*missing\/x\.sarif: /m);
  });

  it('--format junit and --format gitlab', () => {
    const junit = netlint(['examples/broken-app.yaml', '-f', 'junit']);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="netlint" tests="\d+" failures="2"/);
    expect(junit.stdout).toContain('<testcase classname="netlint.selector-no-match" name="Service broken-net/backend" file="examples/broken-app.yaml" time="0">');
    const gitlab = netlint(['examples/broken-app.yaml', '-f', 'gitlab']);
    expect(gitlab.code).toBe(1);
    const issues = JSON.parse(gitlab.stdout) as { check_name: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    expect(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin])).toEqual([
      ['selector-no-match', 'major', 'examples/broken-app.yaml', 60],
      ['deny-all-without-dns', 'major', 'examples/broken-app.yaml', 76],
    ]);
  });

  it('a path without any YAML or JSON file exits 2; files without Kubernetes objects are fine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-'));
    mkdirSync(join(dir, 'empty'));
    mkdirSync(join(dir, 'notes'));
    writeFileSync(join(dir, 'notes', 'a.txt'), 'hello\n');
    mkdirSync(join(dir, 'ci'));
    writeFileSync(join(dir, 'ci', 'pipeline.yaml'), 'stages: [build, test]\n');
    const message = 'no YAML or JSON files match (netlint reads .yaml, .yml and .json files, outside dot folders and node_modules)';
    expect(netlint(['empty'], { cwd: dir })).toEqual({ code: 2, stdout: '', stderr: `netlint: empty: ${message}\n` });
    expect(netlint(['notes/'], { cwd: dir })).toEqual({ code: 2, stdout: '', stderr: `netlint: notes/: ${message}\n` });
    expect(netlint(['notes/*'], { cwd: dir })).toEqual({ code: 2, stdout: '', stderr: `netlint: notes/*: ${message}\n` });
    expect(netlint(['k8s/**/*.yaml'], { cwd: dir })).toEqual({ code: 2, stdout: '', stderr: 'netlint: k8s/**/*.yaml: no files match this pattern\n' });
    expect(netlint(['ci'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
    // The other inputs are still linted.
    const mixed = netlint(['empty', join(root, 'examples/broken-app.yaml')], { cwd: dir });
    expect(mixed.code).toBe(2);
    expect(mixed.stdout).toContain('selector-no-match');
  });

  it('a Kustomize folder is linted as written, with a note on how to lint its build', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-'));
    const overlay = join(dir, 'overlays', 'prod');
    mkdirSync(overlay, { recursive: true });
    writeFileSync(join(overlay, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [app.yaml]\n');
    writeFileSync(join(overlay, 'app.yaml'), readFileSync(join(root, 'examples/broken-app.yaml'), 'utf8'));
    const note = "note: overlays/prod is a Kustomize folder: its files were linted as written, without Kustomize's patches and generators; to lint what it deploys: kustomize build overlays/prod | netlint -\n";
    for (const input of ['overlays/prod', 'overlays', 'overlays/prod/kustomization.yaml']) {
      const { code, stdout, stderr } = netlint([input, '-f', 'json', '-n', 'shop'], { cwd: dir });
      expect(stderr).toBe(note);
      expect(code).toBe(input.endsWith('kustomization.yaml') ? 0 : 1);
      if (code === 1) expect(jsonOf(stdout).flatMap((f) => f.messages.map((m) => m.ruleId))).toContain('selector-no-match');
    }
    writeFileSync(join(overlay, 'app.yaml'), readFileSync(join(root, 'examples/clean-app.yaml'), 'utf8'));
    // Advice, not a failure: clean files exit 0.
    expect(netlint(['overlays/prod', '-n', 'shop'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: note });
  });

  it('a rule that is off by default runs when the config or --rule turns it on, and is listed as off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-off-'));
    const deployment = (name: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}, part-of: shop}}\n    spec: {containers: [{name: c, image: i, readinessProbe: {tcpSocket: {port: 80}}}]}\n`;
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: shop, namespace: shop}\nspec: {selector: {part-of: shop}, ports: [{port: 80}]}\n';
    writeFileSync(join(dir, 'app.yaml'), [deployment('web'), deployment('api'), service].join('---\n'));
    const rulesOf = (args: string[]) => (JSON.parse(netlint(['app.yaml', '-f', 'json', ...args], { cwd: dir }).stdout) as JsonResult[]).flatMap((f) => f.messages.map((m) => m.ruleId));
    expect(rulesOf([])).toEqual([]);
    expect(rulesOf(['--rule', 'multiple-workloads-selected=warn'])).toEqual(['multiple-workloads-selected']);
    expect(rulesOf(['--only', 'multiple-workloads-selected'])).toEqual(['multiple-workloads-selected']);
    writeFileSync(join(dir, '.netlintrc.yaml'), 'rules:\n  multiple-workloads-selected: error\n');
    const { code, stdout } = netlint(['app.yaml', '-f', 'json'], { cwd: dir });
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as JsonResult[])[0]?.messages.map((m) => [m.ruleId, m.severity])).toEqual([['multiple-workloads-selected', 2]]);
    expect(rulesOf(['--rule', 'multiple-workloads-selected=off'])).toEqual([]);
    expect(netlint(['rules']).stdout).toMatch(/^multiple-workloads-selected\s+warning\s+correctness\s+off\s+/m);
    const json = JSON.parse(netlint(['rules', '--format', 'json']).stdout) as { id: string; enabledByDefault: boolean; enabledBy?: string }[];
    expect(json.find((r) => r.id === 'multiple-workloads-selected')).toMatchObject({ enabledByDefault: false });
    expect(json.find((r) => r.id === 'multiple-workloads-selected')?.enabledBy).toBeUndefined();
  });

  it('netlint rules lists every rule as an aligned table, or JSON', () => {
    const { code, stdout } = netlint(['rules']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RULE\s+SEVERITY\s+CATEGORY\s+DEFAULT\s+FIX\s+SUMMARY$/);
    const ids = lines.slice(1).map((line) => line.split(/\s+/)[0]);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain('selector-no-match');
    expect(ids).toContain('yaml-syntax');
    // Aligned: the summary column starts at the same offset on every line.
    const summaryAt = lines[0]!.indexOf('SUMMARY');
    for (const line of lines) expect(line.slice(summaryAt - 2, summaryAt + 1)).toMatch(/^ {2}\S$/);
    expect(stdout).toMatch(/^suppression-unused\s+warning\s+input\s+off\s+-\s+/m);
    expect(stdout).toMatch(/^selector-no-match\s+error\s+correctness\s+on\s+-\s+A Service's selector/m);
    expect(stdout).toMatch(/^dns-tcp-missing\s+warning\s+reachability\s+on\s+yes\s+/m);
    const json = JSON.parse(netlint(['rules', '--format', 'json']).stdout) as { id: string; enabledByDefault: boolean; helpUri: string; fixable: boolean }[];
    expect(json.filter((r) => r.fixable).map((r) => r.id)).toEqual(['dns-tcp-missing', 'headless-service-missing', 'namespace-label-unknown', 'policy-port-is-service-port', 'policy-types-missing', 'schema-violation']);
    expect(json.map((r) => r.id)).toEqual(ids);
    expect(json.find((r) => r.id === 'suppression-unused')?.enabledByDefault).toBe(false);
    expect(json.find((r) => r.id === 'port-mismatch')?.helpUri).toMatch(/\/docs\/rules\/port-mismatch\.md$/);
    expect(netlint(['rules', '-f', 'xml'])).toMatchObject({ code: 2, stderr: 'netlint rules: unknown format "xml"; choose one of text, json\n' });
  });

  it('netlint explain prints a rule\'s page; an unknown id exits 2 with the nearest one', () => {
    const { code, stdout } = netlint(['explain', 'port-mismatch']);
    expect(code).toBe(0);
    const page = readFileSync(join(root, 'docs/rules/port-mismatch.md'), 'utf8');
    expect(stdout).toBe(page.slice(page.indexOf('\n') + 1));
    expect(stdout).toMatch(/^# port-mismatch\n/);
    expect(netlint(['explain', 'selector-no-mach'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'netlint explain: unknown rule "selector-no-mach"; did you mean selector-no-match?\n',
    });
    expect(netlint(['explain', 'zzz']).stderr).toBe('netlint explain: unknown rule "zzz"; `netlint rules` lists them\n');
    expect(netlint(['explain'])).toMatchObject({ code: 2, stderr: 'netlint explain: give one rule id (netlint rules lists them)\n' });
  });

  it('--help names the commands and the new options', () => {
    const help = netlint(['--help']).stdout;
    for (const text of ['netlint rules', 'netlint explain <rule-id>', '--sarif-file <path>', '--sarif-category <name>', 'junit', 'gitlab']) expect(help).toContain(text);
  });
});

describe('the executable', () => {
  // An ES module entry point makes Node start libuv's thread pool, and glibc 2.36 (Debian 12) can
  // lose the wake-up that pool waits for at exit: a run in a few thousand then hangs for ever.
  // Counted on Linux, where /proc lists a process's threads; a preload counts them at exit.
  const linux = process.platform === 'linux';
  it.skipIf(!linux)('starts no more threads than `node -e 0` (no thread pool to hang on at exit; Linux only)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-threads-'));
    const preload = join(dir, 'count.cjs');
    writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, `threads=${require('fs').readdirSync('/proc/self/task').length}\\n`));\n");
    const threads = (args: string[]) => /threads=(\d+)/.exec(spawnSync(process.execPath, ['-r', preload, ...args], { cwd: dir, encoding: 'utf8' }).stderr)?.[1];
    writeFileSync(join(dir, 'app.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    const bare = threads(['-e', '0']);
    expect(bare).toBeDefined();
    expect(threads([cli, 'app.yaml'])).toBe(bare);
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.netlint).toBe('dist/cli.cjs');
  });
});
