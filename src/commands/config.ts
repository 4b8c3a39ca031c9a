/**
 * The config as the commands see it: the file found from the working directory upwards (or named
 * with --config, or none with --no-config), with `--rule id=level` and `-n` applied on top.
 */
import { dirname, resolve } from 'node:path';
import { filesMatching } from '../engine/clusters.js';
import { alwaysError, ConfigError, defaultConfig, findConfigFile, levelsFor, readConfig, unknownRule, type NetlintConfig, type RuleLevel } from '../engine/config.js';
import type { RuleMeta } from '../engine/message.js';
import type { SourceFile } from '../engine/source.js';
import type { Io } from './inputs.js';

export interface ConfigChoice {
  /** --config PATH. */
  readonly path: string | undefined;
  /** --no-config. */
  readonly none: boolean;
  /** --rule id=level, in order (the last one for a rule wins). */
  readonly ruleLevels: readonly string[];
  /** -n NAME. */
  readonly namespace: string | undefined;
}

/** Takes `--no-config` out of argv: with negative options on, parseArgs would read it as `--config false`. */
export function takeNoConfig(argv: readonly string[]): { argv: string[]; none: boolean } {
  return { argv: argv.filter((arg) => arg !== '--no-config'), none: argv.includes('--no-config') };
}

/** `id=level` pairs from --rule; a ConfigError for anything else. */
function parseRuleLevels(pairs: readonly string[], metas: readonly RuleMeta[]): Record<string, RuleLevel> {
  const known = metas.map((m) => m.id);
  const out: Record<string, RuleLevel> = {};
  for (const pair of pairs) {
    const match = /^([^=]+)=(.*)$/.exec(pair);
    if (!match) {
      const onlyHint = known.includes(pair) ? `; to run only this rule, use --only ${pair}` : '';
      throw new ConfigError(`--rule takes <rule-id>=<off|warn|error>, not "${pair}"${onlyHint}`);
    }
    const [, id = '', level = ''] = match;
    if (!known.includes(id)) throw new ConfigError(`--rule: ${unknownRule(id, metas)}`);
    const allowed: readonly string[] = levelsFor(id);
    if (alwaysError.has(id) && level !== 'error') throw new ConfigError(`--rule ${id} must be error: a file that cannot be read is always an error`);
    if (!allowed.includes(level)) throw new ConfigError(`--rule ${id}: the level must be off, warn or error, not "${level}"`);
    out[id] = level as RuleLevel;
  }
  return out;
}

/** The config for this run: the file chosen, with `--rule` levels and `-n` on top. A ConfigError for a bad one. */
export function resolveConfig(cwd: string, choice: ConfigChoice, metas: readonly RuleMeta[]): NetlintConfig {
  const file = choice.none ? undefined : choice.path !== undefined ? resolve(cwd, choice.path) : findConfigFile(cwd);
  const config = file ? readConfig(file, metas, cwd) : defaultConfig;
  const overrides = parseRuleLevels(choice.ruleLevels, [...metas, ...config.pluginRules]);
  const rules = { ...config.rules };
  for (const [id, level] of Object.entries(overrides)) rules[id] = { level, options: rules[id]?.options ?? {} };
  const settings = choice.namespace !== undefined ? { ...config.settings, defaultNamespace: choice.namespace, namespaceChosen: true } : config.settings;
  return { ...config, rules, settings };
}

/** The config for this run; on a problem, one line on stderr and undefined (the command exits 2). */
export function loadConfig(io: Io, choice: ConfigChoice, metas: readonly RuleMeta[], command: string): NetlintConfig | undefined {
  try {
    return resolveConfig(io.cwd, choice, metas);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.writeStderr(`${command}: ${error.message}\n`);
    return undefined;
  }
}

/** The folder the config's globs are relative to: the config file's, else the working directory. */
export function configBase(cwd: string, config: NetlintConfig): string {
  return config.file ? dirname(config.file) : cwd;
}

/** The input files without those the config's `ignore` globs name (standard input is never ignored). */
export function withoutIgnored(files: readonly SourceFile[], config: NetlintConfig, base: string): SourceFile[] {
  if (config.ignore.length === 0) return [...files];
  const ignored = filesMatching(config.ignore, base);
  return files.filter((file) => file.absolutePath === undefined || !ignored.has(file.absolutePath));
}

/** The per-rule levels the lint engine takes. */
export function ruleLevels(config: NetlintConfig): Record<string, RuleLevel> {
  return Object.fromEntries(Object.entries(config.rules).map(([id, setting]) => [id, setting.level]));
}
