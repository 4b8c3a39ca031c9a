/**
 * The programmatic API: what `netlint` and `netlint reach` do, as functions that return data
 * instead of printing it. `lint` returns exactly the findings the CLI prints; `reach` the flows
 * `reach --format json` lists and the explanations it gives for `--from … --to …`.
 *
 * Input is paths (files, directories, globs, as on the command line) or files held in memory.
 * Nothing is printed and nothing is thrown for bad input: unreadable paths are `problems`, YAML
 * errors are findings. Bad options (an unknown rule id, an unknown peer) throw a NetlintError.
 */
import { resolve } from 'node:path';
import { explainSides, ReachError, rejectSourcePort, resolveSide, selectFlows, splitPort } from './commands/reach-peers.js';
import type { Finding } from './engine/finding.js';
import type { LintResult } from './engine/lint.js';
import { ConfigError, type NetlintConfig, type RuleLevel } from './engine/config.js';
import { configBase, resolveConfig, withoutIgnored } from './commands/config.js';
import { lintConfigured, selectedRules } from './commands/lint.js';
import { loadInputs, type LoadProblem, type LoadResult } from './engine/load.js';
import type { ClusterModel } from './engine/model/cluster.js';
import { buildModel } from './engine/pipeline.js';
import { Reachability } from './engine/reach/analysis.js';
import { createSourceFile } from './engine/source.js';
import { allRuleMeta, configuredRuleMeta } from './registry.js';
import { explanationObject, formatExplanation } from './reporters/reach/explain.js';
import { flowJson } from './reporters/reach/flows.js';

/** A file given by its contents rather than read from disk. */
export interface InMemoryFile {
  /** The path findings name (relative paths are relative to `cwd`). */
  readonly path: string;
  readonly text: string;
}

/** Paths as on the command line (files, directories, globs), or files held in memory. */
export type NetlintInput = string | readonly string[] | { readonly files: readonly InMemoryFile[] };

/** Options both functions share. */
export interface InputOptions {
  /** Directory that relative paths are resolved against and shown relative to (default: `process.cwd()`). */
  readonly cwd?: string;
  /**
   * Namespace of namespaced objects without `metadata.namespace` (the CLI's `-n`). Without it,
   * the config's `namespace`, else the input's only namespace when it has exactly one, else `default`.
   */
  readonly namespace?: string;
  /**
   * The config file (relative to `cwd`), or false for none (`--no-config`). By default, as the
   * CLI does: `.netlintrc.yaml`, `.yml` or `.json` found from `cwd` upwards, if any.
   */
  readonly config?: string | false;
}

export interface LintApiOptions extends InputOptions {
  /** Run only these rules (the CLI's `--only`; findings about the input itself, such as `yaml-syntax`, still come). */
  readonly only?: readonly string[];
  /** Rule levels on top of the config's (the CLI's `--rule id=level`). */
  readonly rules?: Readonly<Record<string, RuleLevel>>;
  /** Also report suppressions that silenced nothing (`suppression-unused`). */
  readonly reportUnusedSuppressions?: boolean;
}

export interface LintReport extends LintResult {
  /** Inputs that could not be read (a missing path, a glob without matches); the CLI exits 2 on them. */
  readonly problems: readonly LoadProblem[];
  readonly errorCount: number;
  readonly warningCount: number;
}

export interface ReachApiOptions extends InputOptions {
  /** Only flows from this peer, written as for `netlint reach --from`. */
  readonly from?: string;
  /** Only flows to this peer, `peer[:port[/protocol]]`, written as for `--to`. */
  readonly to?: string;
  /** Let ipBlocks match pods by `status.podIP(s)` (the CLI's `--pod-ips`). */
  readonly podIps?: boolean;
}

/** A flow as `netlint reach --format json` prints it (schemas/netlint-reach.schema.json). */
export type FlowJson = ReturnType<typeof flowJson>;

/** Why one flow is allowed or denied: what `reach --from A --to B` prints, as text and as JSON. */
export interface FlowExplanation {
  readonly allowed: boolean;
  /** The text `netlint reach` prints for it. */
  readonly text: string;
  /** The JSON `--format json` prints for it (schemas/netlint-reach-explain.schema.json). */
  readonly json: ReturnType<typeof explanationObject>;
}

export interface ReachReport {
  /** Allowed flows, narrowed by `from`, `to` (and its port) and `namespace` when given. */
  readonly flows: readonly FlowJson[];
  /** With both `from` and `to`: one explanation per pair (several when a side is a Service). */
  readonly explanations: readonly FlowExplanation[];
  /** How Service peers were translated to workloads and ports. */
  readonly notes: readonly string[];
  /** Inputs that could not be read. */
  readonly problems: readonly LoadProblem[];
  /** What was wrong with the input itself (YAML errors, unrendered templates): skipped parts. */
  readonly inputFindings: readonly Finding[];
  readonly model: ClusterModel;
}

/** A mistake in the options or the config file: an unknown rule id, a bad config, a peer that names nothing. */
export class NetlintError extends Error {
  override name = 'NetlintError';
}

function load(input: NetlintInput, cwd: string, config: NetlintConfig): LoadResult {
  const options = { cwd, maxFileBytes: config.settings.limits.fileBytes };
  if (typeof input === 'string') return loadInputs([input], options);
  if ('files' in input) {
    const files = input.files.map((f) => createSourceFile(f.path, resolve(cwd, f.path), f.text));
    return { files, problems: [], kustomizations: [] };
  }
  return loadInputs(input as readonly string[], options);
}

/** The config as the CLI resolves it; its problems (a bad file, an unknown rule) as NetlintError. */
function configFor(cwd: string, options: InputOptions, levels: Readonly<Record<string, RuleLevel>> = {}): NetlintConfig {
  try {
    const choice = {
      path: typeof options.config === 'string' ? options.config : undefined,
      none: options.config === false,
      ruleLevels: Object.entries(levels).map(([id, level]) => `${id}=${level}`),
      namespace: options.namespace,
    };
    return resolveConfig(cwd, choice, allRuleMeta);
  } catch (error) {
    if (error instanceof ConfigError) throw new NetlintError(error.message);
    throw error;
  }
}

/**
 * Lints manifests as `netlint` does and returns its findings, per file, sorted as printed.
 *
 * @example
 * const report = lint(['k8s/']);
 * for (const file of report.files) for (const m of file.messages) console.log(file.filePath, m.range.line, m.ruleId);
 */
export function lint(input: NetlintInput, options: LintApiOptions = {}): LintReport {
  const cwd = options.cwd ?? process.cwd();
  const config = configFor(cwd, options, options.rules);
  let only: ReadonlySet<string> | undefined;
  try {
    only = selectedRules(options.only, configuredRuleMeta(config));
  } catch (error) {
    if (error instanceof ConfigError) throw new NetlintError(error.message);
    throw error;
  }
  const loaded = load(input, cwd, config);
  const { full } = lintConfigured(loaded.files, config, cwd, { only, reportUnusedSuppressions: options.reportUnusedSuppressions ?? false });
  return {
    ...full,
    problems: loaded.problems,
    errorCount: full.files.reduce((n, f) => n + f.errorCount, 0),
    warningCount: full.files.reduce((n, f) => n + f.warningCount, 0),
  };
}

/**
 * Reachability as `netlint reach` computes it: the allowed flows, and with both `from` and `to`
 * the explanation of that flow.
 *
 * @example
 * const { explanations } = reach('k8s/', { from: 'shop/web', to: 'shop/api:8080' });
 * if (!explanations.every((e) => e.allowed)) console.log(explanations.map((e) => e.text).join('\n'));
 */
export function reach(input: NetlintInput, options: ReachApiOptions = {}): ReachReport {
  const cwd = options.cwd ?? process.cwd();
  const config = configFor(cwd, options);
  const loaded = load(input, cwd, config);
  const built = buildModel(withoutIgnored(loaded.files, config, configBase(cwd, config)), config.settings);
  const { model } = built;
  const namespace = model.settings.defaultNamespace;
  const podIps = options.podIps ?? false;
  const analysis = new Reachability(model, { podIps });
  try {
    if (options.from !== undefined) rejectSourcePort(options.from);
    const from = options.from === undefined ? undefined : resolveSide(analysis, options.from, undefined, namespace, podIps);
    const written = options.to === undefined ? undefined : splitPort(options.to);
    const to = written === undefined ? undefined : resolveSide(analysis, written.peer, written, namespace, podIps);
    const explanations =
      from && to
        ? explainSides(analysis, from, to).map((pair) => ({
            allowed: pair.explanation.allowed,
            text: formatExplanation(pair.from.spec.label, pair.to.spec.label, pair.explanation, pair.positions),
            json: explanationObject(pair.from.spec, pair.to.spec, pair.explanation, pair.positions, { from: pair.from.route, to: pair.to.route }),
          }))
        : [];
    return {
      flows: selectFlows(analysis, from, to, options.namespace).map(flowJson),
      explanations,
      notes: [...(from?.notes ?? []), ...(to?.notes ?? [])],
      problems: loaded.problems,
      inputFindings: built.findings,
      model,
    };
  } catch (error) {
    if (error instanceof ReachError) throw new NetlintError(error.message);
    throw error;
  }
}
