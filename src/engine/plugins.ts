/**
 * Plugins: rules a team writes in a local module and lists under `plugins` in its config, the way
 * ESLint plugins work. A plugin module's default export is `{ name?, rules }`; its rules run beside
 * the built-in ones under `<plugin-name>/<rule-id>`, so the two can never clash.
 *
 * Loading a plugin runs its code. Plugins are therefore named only by the config file the user
 * chose (or has in the working directory), never by the manifests being linted.
 *
 * Modules are loaded with Node's synchronous `require`, which loads ES modules too (Node 20.19 and
 * later, which netlint requires): the whole run stays synchronous, as the CLI and `lint()` are. The
 * one limit is that a plugin cannot use top-level `await`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, extname, isAbsolute, resolve } from 'node:path';
import type { Category } from './message.js';
import type { Rule } from './rule.js';

/** What a plugin module exports by default. */
export interface Plugin {
  /** The prefix of its rule ids (`acme` → `acme/service-port-names`); the file name without extension when absent. */
  readonly name?: string;
  readonly rules: readonly Rule[];
}

/** Identity function that types a plugin's default export. */
export function definePlugin(plugin: Plugin): Plugin {
  return plugin;
}

/** A plugin that cannot be used: the message says which and why, without a stack trace. */
export class PluginError extends Error {}

const kebabCase = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const moduleExtensions = new Set(['.js', '.mjs', '.cjs']);
const categories: readonly Category[] = ['correctness', 'reachability', 'input'];

/** Namespaced rule ids (`acme/rule-id`): what a config's `rules` key may name when it comes from a plugin. */
export const pluginRuleIdPattern = '^[a-z0-9]+(-[a-z0-9]+)*/';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is wrong with one exported rule, or undefined when it has the shape the engine needs. */
function ruleProblem(rule: unknown): string | undefined {
  if (!isRecord(rule)) return 'is not an object';
  if (typeof rule.id !== 'string' || !kebabCase.test(rule.id)) return `has id ${JSON.stringify(rule.id)}; an id is kebab-case, without the plugin's prefix`;
  if (rule.severity !== 'error' && rule.severity !== 'warning') return `"${rule.id}" has severity ${JSON.stringify(rule.severity)}; use error or warning`;
  if (!categories.includes(rule.category as Category)) return `"${rule.id}" has category ${JSON.stringify(rule.category)}; use ${categories.join(', ')}`;
  if (!Array.isArray(rule.kinds) || !rule.kinds.every((kind) => typeof kind === 'string')) return `"${rule.id}" needs kinds, a list of the kinds it reports on`;
  if (!isRecord(rule.docs) || typeof rule.docs.summary !== 'string' || typeof rule.docs.why !== 'string') return `"${rule.id}" needs docs.summary and docs.why (strings)`;
  const messages = rule.messages;
  if (!isRecord(messages) || Object.keys(messages).length === 0 || !Object.values(messages).every((m) => typeof m === 'string')) {
    return `"${rule.id}" needs messages, an object of message templates keyed by message id`;
  }
  if (typeof rule.check !== 'function') return `"${rule.id}" needs a check(ctx) function`;
  return undefined;
}

/** The module's default export (ES module), or its `module.exports` (CommonJS). */
function requireExport(file: string): unknown {
  // A require rooted at the plugin itself: it works however netlint is packaged (bundled or not).
  const loaded: unknown = createRequire(file)(file);
  return isRecord(loaded) && 'default' in loaded ? loaded.default : loaded;
}

function loadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_REQUIRE_ASYNC_MODULE') return 'it uses top-level await, which a plugin cannot (netlint loads plugins synchronously)';
  // The first line says what failed; the rest is a stack trace the user did not ask for.
  const message = error instanceof Error ? error.message : String(error);
  return `loading it threw: ${message.split('\n')[0]}`;
}

/**
 * Loads one plugin named by a config (`spec` relative to the config file's folder) and returns its
 * rules with namespaced ids. Throws PluginError.
 */
export function loadPlugin(spec: string, configDir: string): Rule[] {
  if (!moduleExtensions.has(extname(spec))) throw new PluginError(`a plugin is a local .js or .mjs file, such as ./netlint-rules.mjs`);
  if (!isAbsolute(spec) && !spec.startsWith('./') && !spec.startsWith('../')) throw new PluginError(`write the path relative to the config file, starting with ./ or ../`);
  const file = resolve(configDir, spec);
  if (!existsSync(file)) throw new PluginError(`no such file (${file})`);
  let exported: unknown;
  try {
    exported = requireExport(file);
  } catch (error) {
    throw new PluginError(loadError(error));
  }
  if (!isRecord(exported) || !Array.isArray(exported.rules)) throw new PluginError('its default export must be an object { name?, rules: [...] }');
  const name = exported.name ?? basename(spec, extname(spec));
  if (typeof name !== 'string' || !kebabCase.test(name)) {
    throw new PluginError(`its name ${JSON.stringify(name)} is not kebab-case (export a name such as "acme")`);
  }
  const seen = new Set<string>();
  return (exported.rules as unknown[]).map((rule, index) => {
    const problem = ruleProblem(rule);
    if (problem) throw new PluginError(`rule ${index} ${problem}`);
    const valid = rule as Rule;
    if (seen.has(valid.id)) throw new PluginError(`it has two rules with id "${valid.id}"`);
    seen.add(valid.id);
    // A copy with the namespaced id: the engine reports, configures and suppresses by this id.
    return { ...valid, id: `${name}/${valid.id}`, plugin: { name, file: spec } };
  });
}
