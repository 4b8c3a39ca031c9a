/**
 * netlint installed as users install CLI tools: `npm pack`, then `npm install -g --prefix` of the
 * tarball into an empty folder (dependencies from the npm cache `npm ci` filled where it has them),
 * and the installed `netlint` run from there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
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
    for (const needed of ['dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'package.json', 'README.md', 'LICENSE', 'schemas/netlint-results.schema.json']) {
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
