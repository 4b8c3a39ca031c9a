/**
 * Modules loaded on first use. A lint of files named on the command line needs neither ajv (a
 * config file to validate) nor tinyglobby (a glob to expand), and a run without schema-violation,
 * or with nothing it checks, needs no compiled schema validators (~380 kB of code); importing them
 * up front was most of the start-up time of a one-file run. The commands are synchronous, so a
 * module is loaded with `require` (ajv and tinyglobby ship CommonJS builds; Node 20.19 and later
 * require ES modules too) the first time it is asked for.
 *
 * The GitHub Action is one bundled file with nothing installed beside it: its entry point imports
 * them statically and hands them over with `provideModules`, so the bundler includes them.
 */
import { createRequire } from 'node:module';
import type * as AjvModule from 'ajv';
import type * as TinyglobbyModule from 'tinyglobby';
import type * as ValidatorsModule from './model/schema-validators.generated.js';

interface LazyModules {
  ajv: typeof AjvModule;
  tinyglobby: typeof TinyglobbyModule;
  validators: typeof ValidatorsModule;
}

/**
 * What `require` is given: packages by name, netlint's own validators by their path from this
 * module. That is dist/engine/model/ beside dist/engine/lazy.js; the executable bundles this module
 * into dist/netlint.cjs, and scripts/bundle-cli.mjs writes the validators to dist/model/ to match.
 */
const specifiers: Readonly<Record<keyof LazyModules, string>> = {
  ajv: 'ajv',
  tinyglobby: 'tinyglobby',
  validators: './model/schema-validators.generated.js',
};

const loaded: Partial<LazyModules> = {};

export function provideModules(modules: Partial<LazyModules>): void {
  Object.assign(loaded, modules);
}

export function lazyModule<Name extends keyof LazyModules>(name: Name): LazyModules[Name] {
  const known = loaded[name];
  if (known) return known as LazyModules[Name];
  const module = createRequire(import.meta.url)(specifiers[name]) as LazyModules[Name];
  loaded[name] = module;
  return module;
}
