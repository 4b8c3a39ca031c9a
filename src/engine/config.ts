/**
 * .netlintrc.yaml: which rules run at which severity, which files to leave out, and the cluster
 * facts manifests do not show. Found from the working directory upwards (or named with
 * --config), validated against a schema generated from the rule registry, and turned into
 * Settings and per-rule severities. A bad config is one ConfigError with the key's file:line.
 * Its `plugins` are loaded here (their code runs), so their rules can be configured like built-ins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Ajv, ErrorObject } from 'ajv';
import { lazyModule } from './lazy.js';
import type { NodePath } from './finding.js';
import { locate } from './locate.js';
import { onByDefault, type RuleMeta } from './message.js';
import { loadPlugin, pluginRuleIdPattern, PluginError } from './plugins.js';
import type { Rule } from './rule.js';
import { parseFile } from './parse.js';
import { defaultLimits, formatSize, parseSize, sizePattern } from './limits.js';
import { defaultSettings, type Settings } from './settings.js';
import { createSourceFile } from './source.js';
import { parseCidr } from './net/ip.js';
import { closestName, compareText } from './util.js';

export const configFileNames = ['.netlintrc.yaml', '.netlintrc.yml', '.netlintrc.json'] as const;

export type RuleLevel = 'off' | 'warn' | 'error';

export interface RuleSetting {
  readonly level: RuleLevel;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface NetlintConfig {
  /** The file it was read from; undefined for the built-in defaults. */
  readonly file: string | undefined;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** The plugin modules as the file lists them (relative to its folder). */
  readonly plugins: readonly string[];
  /** The rules of those plugins, with namespaced ids (`acme/rule-id`). */
  readonly pluginRules: readonly Rule[];
  /** Globs of files never linted, relative to the config file's folder. */
  readonly ignore: readonly string[];
  /** Separate clusters: name → globs of their files, relative to the config file's folder. */
  readonly clusters: Readonly<Record<string, readonly string[]>>;
  /** Cluster facts, with every key the file leaves out at its default. */
  readonly settings: Settings;
}

export const defaultConfig: NetlintConfig = { file: undefined, rules: {}, plugins: [], pluginRules: [], ignore: [], clusters: {}, settings: defaultSettings };

/** A config that cannot be used, with where: `file:line:col: message`. */
export class ConfigError extends Error {}

/** The nearest config file in `cwd` or a folder above it. */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const found = configFileNames.map((name) => join(dir, name)).find((path) => existsSync(path));
    if (found) return found;
    if (dirname(dir) === dir) return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Schema

export const ruleLevelNames: readonly RuleLevel[] = ['off', 'warn', 'error'];

/**
 * Rules fixed at error: a file that cannot be read must never pass, so yaml-syntax and
 * input-limit can be neither turned off nor lowered to a warning (and no suppression silences
 * them). A limit itself can be raised (`limits`).
 */
export const alwaysError: ReadonlySet<string> = new Set(['input-limit', 'yaml-syntax']);

/** The levels the config and --rule accept for a rule. */
export function levelsFor(id: string): readonly RuleLevel[] {
  return alwaysError.has(id) ? ['error'] : ruleLevelNames;
}

/** A rule's level when the config says nothing: its severity, or off for one a flag or the config enables. */
export function defaultLevel(meta: RuleMeta): RuleLevel {
  if (!onByDefault(meta)) return 'off';
  return meta.severity === 'error' ? 'error' : 'warn';
}

/** `unknown rule "selectr-no-match"; did you mean selector-no-match?`, the same wherever an id is read. */
export function unknownRule(id: string, metas: readonly RuleMeta[]): string {
  const near = closestName(id, metas.map((m) => m.id));
  return `unknown rule "${id}"${near ? `; did you mean ${near}?` : '; `netlint rules` lists them'}`;
}

/** One rule's entry: a shared definition (compiled once, however many rules), with its summary. */
function ruleSettingSchema(meta: RuleMeta): object {
  return {
    description: `${meta.docs.summary} (default: ${defaultLevel(meta)})`,
    $ref: alwaysError.has(meta.id) ? '#/definitions/settingAlwaysError' : '#/definitions/setting',
  };
}

/** `level` or `[level, {options}]`; no rule takes options yet, the array form is there so adding some breaks no config. */
function settingSchema(allowed: readonly RuleLevel[]): object {
  const level = { enum: allowed };
  return { oneOf: [level, { type: 'array', minItems: 1, maxItems: 2, items: [level, { type: 'object', additionalProperties: false, properties: {} }] }] };
}

const cidrPattern = '^[0-9a-fA-F:.]+/[0-9]{1,3}$';
const labels = { type: 'object', additionalProperties: { type: 'string' } };

/** The JSON Schema of .netlintrc.yaml, from the rule registry (written to schemas/ by `npm run gen`). */
export function configSchema(metas: readonly RuleMeta[]): object {
  const sorted = [...metas].sort((a, b) => compareText(a.id, b.id));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/netlint/netlint/schemas/netlintrc.schema.json',
    title: '.netlintrc.yaml',
    description: 'netlint configuration. Generated from the rule registry by `npm run gen`; do not edit.',
    type: 'object',
    additionalProperties: false,
    definitions: { setting: settingSchema(ruleLevelNames), settingAlwaysError: settingSchema(['error']) },
    properties: {
      plugins: {
        description: 'Local modules (.js or .mjs, relative to this file) whose rules run as <plugin-name>/<rule-id>. Loading a plugin runs its code.',
        type: 'array',
        items: { type: 'string', minLength: 1 },
      },
      rules: {
        description: 'Severity per rule id: off, warn or error, or [severity, {options}].',
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(sorted.map((meta) => [meta.id, ruleSettingSchema(meta)])),
        // A plugin's rules are known only once its module is loaded: readConfig checks their ids then.
        patternProperties: { [pluginRuleIdPattern]: { description: 'A rule of a plugin (<plugin-name>/<rule-id>).', $ref: '#/definitions/setting' } },
      },
      ignore: { description: 'Globs of files never linted, relative to this file.', type: 'array', items: { type: 'string', minLength: 1 } },
      namespace: { description: 'Namespace of objects without metadata.namespace (as -n).', type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
      cluster: {
        description: 'Facts about the cluster the manifests do not show.',
        type: 'object',
        additionalProperties: false,
        properties: {
          domain: { description: `Cluster domain (default ${defaultSettings.clusterDomain}).`, type: 'string', minLength: 1 },
          dns: {
            description: 'The cluster DNS pods (default: k8s-app=kube-dns in kube-system, dns 53/UDP and dns-tcp 53/TCP; for an input with OpenShift objects, dns.operator.openshift.io/daemonset-dns=default in openshift-dns on 5353).',
            type: 'object',
            additionalProperties: false,
            properties: {
              namespace: { type: 'string', minLength: 1 },
              podLabels: { ...labels, minProperties: 1 },
              ports: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['port'],
                  properties: {
                    name: { type: 'string' },
                    port: { type: 'integer', minimum: 1, maximum: 65535 },
                    protocol: { enum: ['TCP', 'UDP', 'SCTP'] },
                  },
                },
              },
            },
          },
          ingressController: {
            description: `Where the ingress controller that serves Ingresses and OpenShift Routes runs, for \`netlint reach\`'s {ingress-controller} peer (default: namespace ${defaultSettings.ingressController.namespace}, which no policy names, and no pod labels). Give its namespace's labels under namespaces.`,
            type: 'object',
            additionalProperties: false,
            properties: {
              namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
              podLabels: labels,
            },
          },
          namespaces: {
            description: 'Namespaces the cluster has that the input may not show, with their labels.',
            type: 'object',
            additionalProperties: { type: 'object', additionalProperties: false, properties: { labels } },
          },
          podCIDRs: {
            description: 'Ranges pod IPs come from (default: the private ranges). An ipBlock that keeps them whole admits pods; hardcoded-ip reports addresses inside them (without this setting, inside 10.244.0.0/16).',
            type: 'array',
            minItems: 1,
            items: { type: 'string', pattern: cidrPattern },
          },
          serviceCIDRs: {
            description: 'The Service (ClusterIP) range, e.g. 10.96.0.0/12 on kubeadm (default: unknown). ipBlocks inside it are reported; hardcoded-ip reports addresses inside it (without this setting, inside 10.96.0.0/12).',
            type: 'array',
            items: { type: 'string', pattern: cidrPattern },
          },
        },
      },
      clusters: {
        description: 'Lint groups of files as separate clusters (name → globs relative to this file), e.g. one per environment.',
        type: 'object',
        additionalProperties: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      },
      limits: {
        description: 'How much input is read at most; a file or document over a limit is skipped with an input-limit error, the rest is still linted.',
        type: 'object',
        additionalProperties: false,
        properties: {
          fileSize: { description: `Largest file read, such as 32MiB (B, KiB, MiB or GiB; default ${formatSize(defaultLimits.fileBytes)}).`, type: 'string', pattern: sizePattern },
          documentsPerFile: { description: `Most documents in one file (default ${defaultLimits.documentsPerFile}).`, type: 'integer', minimum: 1 },
          aliasNodes: { description: `Most nodes aliases may add to one document when expanded (default ${defaultLimits.aliasNodes}).`, type: 'integer', minimum: 0 },
        },
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

interface RawConfig {
  plugins?: string[];
  rules?: Record<string, RuleLevel | [RuleLevel, Record<string, unknown>?]>;
  ignore?: string[];
  namespace?: string;
  cluster?: {
    domain?: string;
    dns?: { namespace?: string; podLabels?: Record<string, string>; ports?: { name?: string; port: number; protocol?: 'TCP' | 'UDP' | 'SCTP' }[] };
    ingressController?: { namespace?: string; podLabels?: Record<string, string> };
    namespaces?: Record<string, { labels?: Record<string, string> }>;
    podCIDRs?: string[];
    serviceCIDRs?: string[];
  };
  clusters?: Record<string, string[]>;
  limits?: { fileSize?: string; documentsPerFile?: number; aliasNodes?: number };
}

/** The node an ajv error is about: the offending key for unknown keys, else the value. */
function errorPath(error: ErrorObject): { path: NodePath; key: boolean } {
  const path: (string | number)[] = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  if (error.keyword === 'additionalProperties') return { path: [...path, (error.params as { additionalProperty: string }).additionalProperty], key: true };
  return { path, key: false };
}

function describeError(error: ErrorObject, schema: object, metas: readonly RuleMeta[]): string {
  const at = errorPath(error).path;
  const where = at.length === 0 ? 'the config' : `"${at.join('.')}"`;
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    if (at.length === 2 && at[0] === 'rules') return unknownRule(key, metas);
    const parent = allowedKeys(schema, at.slice(0, -1));
    const near = closestName(key, parent);
    return `unknown key ${where}${near ? `; did you mean "${near}"?` : parent.length > 0 ? `; allowed: ${parent.join(', ')}` : ''}`;
  }
  if (error.keyword === 'enum') return `${where} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  if (error.keyword === 'oneOf' && at[0] === 'rules') {
    const allowed = levelsFor(String(at[1]));
    return allowed.length === 1 ? `${where} must be ${allowed[0]}: a file that cannot be read is always an error` : `${where} must be off, warn or error (or [severity, {options}])`;
  }
  if (error.keyword === 'type') return `${where} must be ${(error.params as { type: string }).type === 'array' ? 'a list' : `of type ${(error.params as { type: string }).type}`}`;
  if (error.keyword === 'pattern' && (at.includes('podCIDRs') || at.includes('serviceCIDRs'))) return `${where} must be a CIDR such as 10.0.0.0/8`;
  if (error.keyword === 'pattern' && at.join('.') === 'limits.fileSize') return `${where} must be a size such as 32MiB (a whole number and B, KiB, MiB or GiB)`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

/** The keys a schema allows at a path of objects, for "did you mean". */
function allowedKeys(schema: object, path: NodePath): string[] {
  let node = schema as { properties?: Record<string, object> };
  for (const part of path) {
    const next = node.properties?.[String(part)];
    if (!next) return [];
    node = next as typeof node;
  }
  return Object.keys(node.properties ?? {});
}

/** `oneOf` reports every branch; the branch about the value's own type explains best. */
function mostUseful(errors: readonly ErrorObject[]): ErrorObject {
  const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length);
  return deepest.find((e) => e.keyword === 'additionalProperties') ?? deepest.find((e) => e.keyword === 'oneOf') ?? (deepest[0] as ErrorObject);
}

const validators = new WeakMap<readonly RuleMeta[], { validate: ReturnType<Ajv['compile']>; schema: object }>();

function validatorFor(metas: readonly RuleMeta[]) {
  let entry = validators.get(metas);
  if (!entry) {
    const schema = configSchema(metas);
    const { Ajv: Validator } = lazyModule('ajv');
    entry = { validate: new Validator({ allErrors: true, strict: true, strictTuples: false }).compile(schema), schema };
    validators.set(metas, entry);
  }
  return entry;
}

/** Reads, validates and resolves a config file; throws ConfigError naming file:line:col. */
export function readConfig(path: string, metas: readonly RuleMeta[], cwd: string): NetlintConfig {
  const shown = relative(cwd, path) || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${shown}: cannot read the config: ${(error as Error).message}`);
  }
  const file = createSourceFile(shown, path, text);
  const parsed = parseFile(file);
  const syntax = parsed.findings[0];
  if (syntax) {
    const range = 'range' in syntax.at ? syntax.at.range : { line: 1, column: 1 };
    throw new ConfigError(`${shown}:${range.line}:${range.column}: ${syntax.message}`);
  }
  if (parsed.documents.length > 1) throw new ConfigError(`${shown}: the config must be one YAML document, not ${parsed.documents.length}`);
  const doc = parsed.documents[0];
  const value = doc?.value ?? {};
  const { validate, schema } = validatorFor(metas);
  if (!validate(value)) {
    const error = mostUseful(validate.errors ?? []);
    const { path: at, key } = errorPath(error);
    const range = doc ? locate({ doc, path: at, ...(key ? { target: 'key' as const } : {}) }).range : { line: 1, column: 1 };
    throw new ConfigError(`${shown}:${range.line}:${range.column}: ${describeError(error, schema, metas)}`);
  }
  const raw = value as RawConfig;
  // The schema checks a CIDR's shape; the address and prefix length are checked here, once.
  for (const key of ['podCIDRs', 'serviceCIDRs'] as const) {
    const index = (raw.cluster?.[key] ?? []).findIndex((cidr) => parseCidr(cidr) === undefined);
    if (index === -1) continue;
    const range = doc ? locate({ doc, path: ['cluster', key, index] }).range : { line: 1, column: 1 };
    throw new ConfigError(`${shown}:${range.line}:${range.column}: "cluster.${key}.${index}" is not a CIDR (${raw.cluster?.[key]?.[index]}): write an address and a prefix length, such as 10.0.0.0/8`);
  }
  const where = (at: NodePath, target?: 'key') => {
    const range = doc ? locate({ doc, path: at, ...(target ? { target } : {}) }).range : { line: 1, column: 1 };
    return `${shown}:${range.line}:${range.column}`;
  };
  const pluginRules = loadPlugins(raw.plugins ?? [], dirname(path), where);
  const known = [...metas, ...pluginRules];
  for (const id of Object.keys(raw.rules ?? {})) {
    if (!known.some((meta) => meta.id === id)) throw new ConfigError(`${where(['rules', id], 'key')}: ${unknownRule(id, known)}`);
  }
  return resolveConfig(raw, path, pluginRules);
}

/** The rules of every plugin the config lists; a ConfigError naming the entry and the module for one that cannot be used. */
function loadPlugins(specs: readonly string[], configDir: string, where: (at: NodePath) => string): Rule[] {
  const byName = new Map<string, string>();
  return specs.flatMap((spec, index) => {
    let rules: Rule[];
    try {
      rules = loadPlugin(spec, configDir);
    } catch (error) {
      if (!(error instanceof PluginError)) throw error;
      throw new ConfigError(`${where(['plugins', index])}: plugin ${spec}: ${error.message}`);
    }
    const name = rules[0]?.plugin?.name;
    const other = name === undefined ? undefined : byName.get(name);
    if (name !== undefined && other !== undefined) throw new ConfigError(`${where(['plugins', index])}: plugin ${spec}: its name "${name}" is also the name of ${other}; rule ids would clash`);
    if (name !== undefined) byName.set(name, spec);
    return rules;
  });
}

function resolveConfig(raw: RawConfig, file: string, pluginRules: readonly Rule[]): NetlintConfig {
  const rules = Object.fromEntries(
    Object.entries(raw.rules ?? {}).map(([id, setting]) =>
      typeof setting === 'string' ? [id, { level: setting, options: {} }] : [id, { level: setting[0], options: setting[1] ?? {} }],
    ),
  );
  const cluster = raw.cluster ?? {};
  const dns = cluster.dns ?? {};
  const settings: Settings = {
    ...defaultSettings,
    ...(raw.namespace !== undefined ? { defaultNamespace: raw.namespace, namespaceChosen: true } : {}),
    clusterDomain: cluster.domain ?? defaultSettings.clusterDomain,
    dns: {
      namespace: dns.namespace ?? defaultSettings.dns.namespace,
      podLabels: dns.podLabels ?? defaultSettings.dns.podLabels,
      ports: dns.ports?.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })) ?? defaultSettings.dns.ports,
    },
    ingressController: {
      namespace: cluster.ingressController?.namespace ?? defaultSettings.ingressController.namespace,
      podLabels: cluster.ingressController?.podLabels ?? defaultSettings.ingressController.podLabels,
    },
    ...(cluster.ingressController !== undefined ? { ingressControllerChosen: true } : {}),
    ...(cluster.dns !== undefined ? { dnsChosen: true } : {}),
    namespaces: Object.fromEntries(Object.entries(cluster.namespaces ?? {}).map(([name, ns]) => [name, ns.labels ?? {}])),
    ...(cluster.podCIDRs !== undefined ? { podCidrs: cluster.podCIDRs, podCidrsChosen: true } : {}),
    serviceCidrs: cluster.serviceCIDRs ?? defaultSettings.serviceCidrs,
    limits: {
      fileBytes: raw.limits?.fileSize === undefined ? defaultLimits.fileBytes : parseSize(raw.limits.fileSize),
      documentsPerFile: raw.limits?.documentsPerFile ?? defaultLimits.documentsPerFile,
      aliasNodes: raw.limits?.aliasNodes ?? defaultLimits.aliasNodes,
    },
  };
  return { file, rules, plugins: raw.plugins ?? [], pluginRules, ignore: raw.ignore ?? [], clusters: raw.clusters ?? {}, settings };
}

/** The effective config as a plain object, for --print-config (every default filled in). */
export function printableConfig(config: NetlintConfig, metas: readonly RuleMeta[]): object {
  const { settings } = config;
  return {
    ...(config.file ? { file: config.file } : {}),
    plugins: config.plugins,
    rules: Object.fromEntries(
      [...metas, ...config.pluginRules]
        .sort((a, b) => compareText(a.id, b.id))
        .map((meta) => [meta.id, config.rules[meta.id]?.level ?? defaultLevel(meta)]),
    ),
    ignore: config.ignore,
    namespace: settings.namespaceChosen ? settings.defaultNamespace : null,
    cluster: {
      domain: settings.clusterDomain,
      dns: settings.dns,
      ingressController: settings.ingressController,
      namespaces: Object.fromEntries(Object.entries(settings.namespaces).map(([name, labels]) => [name, { labels }])),
      podCIDRs: settings.podCidrs,
      serviceCIDRs: settings.serviceCidrs,
    },
    clusters: config.clusters,
    limits: { fileSize: formatSize(settings.limits.fileBytes), documentsPerFile: settings.limits.documentsPerFile, aliasNodes: settings.limits.aliasNodes },
  };
}
