/**
 * Dependencies loaded on first use. A lint of files named on the command line needs neither ajv
 * (a config file to validate) nor tinyglobby (a glob to expand); importing them up front was a
 * third of the start-up time of a one-file run. The commands are synchronous, so a dependency is
 * loaded with `require` (both ship CommonJS builds) the first time it is asked for.
 *
 * The GitHub Action is one bundled file with nothing installed beside it: its entry point imports
 * both statically and hands them over with `provideModules`, so the bundler includes them.
 */
import { createRequire } from 'node:module';
import type * as AjvModule from 'ajv';
import type * as TinyglobbyModule from 'tinyglobby';

interface LazyModules {
  ajv: typeof AjvModule;
  tinyglobby: typeof TinyglobbyModule;
}

const loaded: Partial<LazyModules> = {};

export function provideModules(modules: LazyModules): void {
  loaded.ajv = modules.ajv;
  loaded.tinyglobby = modules.tinyglobby;
}

export function lazyModule<Name extends keyof LazyModules>(name: Name): LazyModules[Name] {
  const known = loaded[name];
  if (known) return known as LazyModules[Name];
  const module = createRequire(import.meta.url)(name) as LazyModules[Name];
  loaded[name] = module;
  return module;
}
