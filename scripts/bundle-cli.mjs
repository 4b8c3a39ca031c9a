// The executable is netlint's own modules bundled into one file, dist/netlint.cjs (js-yaml with
// them; the other dependencies stay imports). Loading about ninety small modules was most of the
// start-up time of a one-file lint (twice `node -e 0`); one file loads in a fraction of that. The
// API (dist/index.js) stays the module tree tsc writes. dist/cli.cjs, the command, is
// scripts/cli-launcher.cjs: it runs the bundle with the V8 code cache scripts/code-cache.cjs
// writes after bundling. tsc does not keep the executable bit, so this sets it too.
//
// The compiled schema validators stay out of the bundle: they were more than half of it, and a run
// that validates no object never loads them (src/engine/lazy.ts). They are written beside it, at
// the path lazy.ts requires them from.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const shared = {
  absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  allowOverwrite: true,
};
// CommonJS, not an ES module: Node starts libuv's thread pool to load an ES module entry point, and
// glibc 2.36 (Debian 12) can lose the wake-up that thread pool waits for when the process exits,
// so one run in a few thousand hung at exit for ever. A CommonJS entry point starts no thread pool,
// and skips the ES module loader's start-up too. The sources' `import.meta.url` becomes this file's URL.
await build({
  ...shared,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/netlint.cjs',
  bundle: true,
  // js-yaml is bundled too: every lint reads YAML, and its twenty modules loaded one by one took
  // about 10 ms of a one-file run. The others load only when needed (src/engine/lazy.ts).
  external: ['ajv', 'ajv/*', 'diff', 'tinyglobby'],
  format: 'cjs',
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: '"use strict";\nconst importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
});
await build({
  ...shared,
  entryPoints: ['src/engine/model/schema-validators.generated.ts'],
  outfile: 'dist/model/schema-validators.generated.js',
  // Generated code that no one reads: without its whitespace it is a quarter smaller.
  minifyWhitespace: true,
});
// The launcher loads Node's own modules that the bundle requires before it changes V8's flags
// (scripts/cli-launcher.cjs says why): their names, from the bundle's require() calls.
const launcher = new URL('../dist/cli.cjs', import.meta.url);
const bundled = readFileSync(new URL('../dist/netlint.cjs', import.meta.url), 'utf8');
const builtins = [...new Set([...bundled.matchAll(/\brequire\("(node:[a-z_/]+)"\)/g)].map((match) => match[1]))].sort();
const source = readFileSync(new URL('cli-launcher.cjs', import.meta.url), 'utf8');
if (!source.includes('/* builtins */ []')) throw new Error('bundle-cli: scripts/cli-launcher.cjs has no /* builtins */ [] to fill in');
writeFileSync(launcher, source.replace('/* builtins */ []', JSON.stringify(builtins)));
chmodSync(launcher, 0o755);
// The cache is an optimisation: without it netlint runs all the same, so a failure is only reported.
const cache = new URL('../dist/netlint.cjs.cache', import.meta.url);
rmSync(cache, { force: true });
spawnSync(process.execPath, [fileURLToPath(new URL('code-cache.cjs', import.meta.url))], { stdio: ['ignore', 'ignore', 'inherit'] });
if (!existsSync(cache)) process.stderr.write('bundle-cli: no code cache written; netlint runs without one\n');
