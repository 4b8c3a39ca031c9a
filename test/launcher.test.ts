/**
 * dist/cli.cjs runs the bundle (dist/netlint.cjs) with the V8 code cache the build wrote: the
 * cache must fit the Node that built it, and the program must behave the same with it, without it
 * and with a cache that does not fit.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

interface Launcher {
  readonly cache: string;
  compile(cachedData: Buffer | undefined): { readonly cachedDataRejected?: boolean };
}

const launcher = createRequire(import.meta.url)(join(root, 'dist/cli.cjs')) as Launcher;

function lintExamples(command: string, cwd = root) {
  const run = spawnSync(process.execPath, [command, 'examples', '--format', 'json'], { cwd, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the executable and its code cache', () => {
  it('has a code cache that this Node accepts', () => {
    expect(existsSync(launcher.cache)).toBe(true);
    expect(launcher.compile(readFileSync(launcher.cache)).cachedDataRejected).toBe(false);
  });

  it('loads every Node module the bundle requires before it changes V8\'s flags', () => {
    // A module loaded after the change would lose Node's own code cache for it (cli-launcher.cjs says why).
    const bundle = readFileSync(join(root, 'dist/netlint.cjs'), 'utf8');
    const required = [...new Set([...bundle.matchAll(/\brequire\("(node:[a-z_/]+)"\)/g)].map((m) => m[1]))].sort();
    const source = readFileSync(join(root, 'dist/cli.cjs'), 'utf8');
    const listed = JSON.parse(/const builtins = (\[.*\]);/.exec(source)?.[1] ?? 'null') as string[] | null;
    expect(required).toContain('node:fs');
    expect(listed).toEqual(required);
    expect(source.indexOf('for (const name of builtins) require(name);')).toBeLessThan(source.indexOf("setFlagsFromString('--interrupt-budget"));
  });

  it('lints the examples as the bundle run directly does', () => {
    const direct = lintExamples(join(root, 'dist/netlint.cjs'));
    expect(direct.status).toBe(1);
    expect(direct.stdout.length).toBeGreaterThan(1000);
    expect(lintExamples(join(root, 'dist/cli.cjs'))).toEqual(direct);
  });

  it('runs without a cache, and with one made for another program, all the same', () => {
    const expected = lintExamples(join(root, 'dist/cli.cjs'));
    // A package beside the repository's own: its dist, package.json and dependencies.
    const copy = mkdtempSync(join(tmpdir(), 'netlint-launcher-'));
    cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
    copyFileSync(join(root, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'junction');
    symlinkSync(join(root, 'examples'), join(copy, 'examples'), 'junction');
    const cache = join(copy, 'dist/netlint.cjs.cache');
    const program = join(copy, 'dist/netlint.cjs');
    const cli = join(copy, 'dist/cli.cjs');

    // The cache of another build of the program: V8 checks the program's text.
    writeFileSync(program, `${readFileSync(program, 'utf8')}\n// another build\n`);
    expect(lintExamples(cli, root)).toEqual(expected);

    writeFileSync(cache, Buffer.from('not a code cache'));
    expect(launcher.compile(readFileSync(cache)).cachedDataRejected).toBe(true);
    expect(lintExamples(cli, root)).toEqual(expected);

    rmSync(cache);
    expect(lintExamples(cli, root)).toEqual(expected);
  });
});
