// The executable, dist/cli.cjs, is netlint's own modules bundled into one file (dependencies stay
// imports). Loading about ninety small modules was most of the start-up time of a one-file lint
// (twice `node -e 0`); one file loads in a fraction of that. The API (dist/index.js) stays the
// module tree tsc writes. tsc does not keep the executable bit, so this sets it too.
//
// The compiled schema validators stay out of the bundle: they were more than half of it, and a run
// that validates no object never loads them (src/engine/lazy.ts). They are written beside it, at
// the path lazy.ts requires them from.
import { chmodSync } from 'node:fs';
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
  outfile: 'dist/cli.cjs',
  bundle: true,
  packages: 'external',
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
chmodSync(new URL('../dist/cli.cjs', import.meta.url), 0o755);
