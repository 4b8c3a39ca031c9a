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
import { lintSources, type LintResult } from './engine/lint.js';
import { loadInputs, type LoadProblem, type LoadResult } from './engine/load.js';
import type { ClusterModel } from './engine/model/cluster.js';
import { buildModel } from './engine/pipeline.js';
import { Reachability } from './engine/reach/analysis.js';
import { defaultSettings, withChosenNamespace, type Settings } from './engine/settings.js';
import { createSourceFile } from './engine/source.js';
import { allRuleMeta } from './registry.js';
import { explanationObject, formatExplanation } from './reporters/reach/explain.js';
import { flowJson } from './reporters/reach/flows.js';
import { rules } from './rules/index.js';

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
   * they go to the input's only namespace when it has exactly one, else `default`.
   */
  readonly namespace?: string;
}

export interface LintApiOptions extends InputOptions {
  /** Run only these rules (engine diagnostics such as `yaml-syntax` included). */
  readonly only?: readonly string[];
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

/** A mistake in the options: an unknown rule id, a peer that names nothing. */
export class NetlintError extends Error {
  override name = 'NetlintError';
}

function load(input: NetlintInput, cwd: string): LoadResult {
  if (typeof input === 'string') return loadInputs([input], { cwd });
  if ('files' in input) {
    const files = input.files.map((f) => createSourceFile(f.path, resolve(cwd, f.path), f.text));
    return { files, problems: [] };
  }
  return loadInputs(input as readonly string[], { cwd });
}

function settingsFor(options: InputOptions): Settings {
  return withChosenNamespace(defaultSettings, options.namespace);
}

/**
 * Lints manifests as `netlint` does and returns its findings, per file, sorted as printed.
 *
 * @example
 * const report = lint(['k8s/']);
 * for (const file of report.files) for (const m of file.messages) console.log(file.filePath, m.range.line, m.ruleId);
 */
export function lint(input: NetlintInput, options: LintApiOptions = {}): LintReport {
  const known = new Set(allRuleMeta.map((r) => r.id));
  const unknown = (options.only ?? []).find((id) => !known.has(id));
  if (unknown !== undefined) throw new NetlintError(`unknown rule "${unknown}"; known rules: ${[...known].join(', ')}`);
  const loaded = load(input, options.cwd ?? process.cwd());
  const result = lintSources(loaded.files, {
    rules,
    settings: settingsFor(options),
    reportUnusedSuppressions: options.reportUnusedSuppressions ?? false,
    ...(options.only ? { only: new Set(options.only) } : {}),
  });
  return {
    ...result,
    problems: loaded.problems,
    errorCount: result.files.reduce((n, f) => n + f.errorCount, 0),
    warningCount: result.files.reduce((n, f) => n + f.warningCount, 0),
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
  const loaded = load(input, options.cwd ?? process.cwd());
  const built = buildModel(loaded.files, settingsFor(options));
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
