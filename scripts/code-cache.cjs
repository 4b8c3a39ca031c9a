// Writes dist/netlint.cjs.cache, the code cache dist/cli.cjs hands V8 (see scripts/cli-launcher.cjs):
// the program compiled, then run on examples/ so that the functions a lint calls are compiled too,
// and V8's code for all of it saved on exit. Run by scripts/bundle-cli.mjs after bundling.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { cache, compile, run } = require('../dist/cli.cjs');

const script = compile(undefined);
process.on('exit', () => writeFileSync(cache, script.createCachedData()));
process.argv = [process.execPath, join(__dirname, '../dist/cli.cjs'), join(__dirname, '../examples'), '--no-config', '--format', 'json'];
run(script);
