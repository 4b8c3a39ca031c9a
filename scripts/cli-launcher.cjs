#!/usr/bin/env node
// netlint's executable (written to dist/cli.cjs by scripts/bundle-cli.mjs, which fills in the list
// of Node's modules below). It runs the bundled program, dist/netlint.cjs, the way Node runs a
// CommonJS file, but hands V8 the code cache that `npm run build` wrote beside it
// (dist/netlint.cjs.cache): V8 then skips parsing and compiling the functions a lint runs, a tenth
// of a one-file run. V8 checks the cache against its version, its flags and the program's text,
// and compiles as usual when the cache does not fit (another Node version, or no cache at all).
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

// V8 hands a function to its optimizing compiler once the function has run through a budget of
// bytecode. A lint runs for a second or two and calls a great many functions a few thousand times
// each: with the default budget V8 spent much of both cores compiling functions that ran only
// briefly afterwards. Four times the budget of Node 20's V8 (66 KB): 10,000 documents took 1.17 s
// where they took 1.34 s, 50,000 took 3.94 s where 4.06. The flag has been V8's since 2012.
//
// A code cache records the flags it was made with, and is refused under others. So the flag is
// set before the program is compiled (scripts/code-cache.cjs requires this file: the program's
// cache is made under it too), and after Node's own modules that the program requires as it
// starts are loaded: Node's caches for them were made under the default flags, and each loaded
// after the change would be compiled afresh (8 ms of a one-file run). scripts/bundle-cli.mjs
// writes their names here from the bundle.
//
// Only under the V8 versions of Node 20 to 24 (11 to 13), which have the flag: a V8 without it
// would print an error on every run. Measured under Node 20; newer V8s have larger defaults
// (132 KB in recent ones), so there the budget is a smaller multiple of their own.
const builtins = /* builtins */ [];
if (/^1[1-3]\./.test(process.versions.v8)) {
  for (const name of builtins) require(name);
  setFlagsFromString('--interrupt-budget=270336');
}

const program = join(__dirname, 'netlint.cjs');
const cache = `${program}.cache`;

/** The program as a function of a CommonJS module's variables, as Node wraps a module. */
function compile(cachedData) {
  const text = readFileSync(program, 'utf8');
  // The bundle's `#!` line can only stand first in a file: as a comment it keeps the line numbers.
  const source = text.startsWith('#!') ? `//${text.slice(2)}` : text;
  return new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: program, cachedData });
}

/** Runs the compiled program as the module it is. */
function run(script) {
  const module = { exports: {}, filename: program, id: program, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, createRequire(program), module, program, __dirname);
}

if (require.main === module) {
  let cachedData;
  try {
    cachedData = readFileSync(cache);
  } catch {
    // No cache: the program is compiled as any module is.
  }
  if (cachedData === undefined) require(program);
  else run(compile(cachedData));
}

module.exports = { program, cache, compile, run };
