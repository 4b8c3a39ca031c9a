// The executable, dist/cli.js, is netlint's own modules bundled into one file (dependencies stay
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
await build({ ...shared, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', bundle: true, packages: 'external' });
await build({
  ...shared,
  entryPoints: ['src/engine/model/schema-validators.generated.ts'],
  outfile: 'dist/model/schema-validators.generated.js',
  // Generated code that no one reads: without its whitespace it is a quarter smaller.
  minifyWhitespace: true,
});
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
