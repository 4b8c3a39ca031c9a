/**
 * `netlint diff`: what a change to the manifests does to reachability. Both sides are read and
 * analysed exactly as `netlint reach` reads and analyses its input; only the comparison is new.
 */
import { parseArgs } from 'node:util';
import { inferredNamespaceNote, loadCommandInputs, reportSkippedInput, writeOutput, type Io } from './inputs.js';
import { configBase, loadConfig, takeNoConfig, withoutIgnored } from './config.js';
import type { NetlintConfig } from '../engine/config.js';
import { readGitSide, GitError } from './git-side.js';
import { filesMatching } from '../engine/clusters.js';
import { buildModel } from '../engine/pipeline.js';
import { Reachability } from '../engine/reach/analysis.js';
import { diffReachability, withAdmittingRules, type DiffSide } from '../engine/reach/diff.js';
import type { Exposure } from '../engine/reach/exposure.js';
import type { ClusterModel } from '../engine/model/cluster.js';
import { inputLimit, yamlSyntax } from '../engine/diagnostics.js';
import type { SourceFile } from '../engine/source.js';
import { allRuleMeta } from '../registry.js';
import { diffFormatters, opensConnections } from '../reporters/reach/diff.js';
import { shouldUseColor } from '../reporters/colors.js';
import { printable } from '../reporters/printable.js';

const command = 'netlint diff';

export const diffUsage = `Usage: netlint diff [options] <old> <new>
       netlint diff [options] --base <git-ref> [file|dir...]

Compare the connections NetworkPolicies allow before and after a change: every (source,
destination) pair whose allowed connections differ, as newly allowed, changed or no longer allowed.

  <old>, <new>              Each a file, directory or glob, read as netlint reach reads its input
  --base <git-ref>          The old side is the given paths as committed at <git-ref> (read with git,
                            nothing is checked out); the new side is the same paths in the working
                            tree (default path: .)
  -f, --format <name>       ${Object.keys(diffFormatters).join(' | ')} (default: text)
  --fail-on opened          Exit 1 when the change allows a connection that was not allowed before
  -o, --output-file <path>  Write the output to a file
  -n, --namespace <name>    Namespace of objects without metadata.namespace, on both sides
  --pod-ips                 Let ipBlocks match pods by status.podIP(s), as netlint reach does
  -c, --config <path>       Cluster facts and ignored files from this config file instead of the
                            nearest .netlintrc.yaml; --no-config for none

Exit codes: 0 the diff ran (whatever it found), 1 with --fail-on opened when the change opens a
connection, 2 when a side cannot be read or parsed, or on a usage error.
Examples:
  netlint diff old/ new/
  netlint diff --base origin/main k8s/ --format markdown
`;

type Which = 'old' | 'new';

/** A side's flows and workloads, and the model that can explain them. */
type AnalysedSide = DiffSide & { readonly model: ClusterModel; readonly exposures: readonly Exposure[] };

interface Options {
  readonly format: string;
  readonly failOn: string | undefined;
  readonly outputFile: string | undefined;
  readonly podIps: boolean;
  readonly base: string | undefined;
  readonly config: NetlintConfig;
}

export function runDiff(io: Io, argv: readonly string[]): number {
  const { argv: rest, none: noConfig } = takeNoConfig(argv);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        'fail-on': { type: 'string' },
        base: { type: 'string' },
        'output-file': { type: 'string', short: 'o' },
        'pod-ips': { type: 'boolean', default: false },
        namespace: { type: 'string', short: 'n' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usageError(io, (error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.writeStdout(diffUsage);
    return 0;
  }
  if (!diffFormatters[values.format]) return usageError(io, `unknown format "${values.format}"; choose one of ${Object.keys(diffFormatters).join(', ')}`);
  if (values['fail-on'] !== undefined && values['fail-on'] !== 'opened') return usageError(io, `--fail-on takes "opened", not "${values['fail-on']}"`);
  if (values.base === undefined && positionals.length !== 2) {
    return usageError(io, `expected two inputs, the old and the new version, got ${positionals.length}`);
  }
  const config = loadConfig(io, { path: values.config, none: noConfig, ruleLevels: [], namespace: values.namespace }, allRuleMeta, command);
  if (!config) return 2;
  const options: Options = {
    format: values.format,
    failOn: values['fail-on'],
    outputFile: values['output-file'],
    podIps: values['pod-ips'],
    base: values.base,
    config,
  };
  return values.base === undefined ? compareInputs(io, positionals[0] as string, positionals[1] as string, options) : compareWithBase(io, values.base, positionals, options);
}

function usageError(io: Io, message: string): number {
  io.writeStderr(`${command}: ${message}\nRun netlint diff --help for usage.\n`);
  return 2;
}

/** `netlint diff <old> <new>`: both sides from the file system. */
function compareInputs(io: Io, oldInput: string, newInput: string, options: Options): number {
  const before = loadSide(io, oldInput, options, 'old');
  if (!before) return sideFailed(io, 'old', oldInput);
  const after = loadSide(io, newInput, options, 'new');
  if (!after) return sideFailed(io, 'new', newInput);
  return compare(io, before, after, options);
}

/** `netlint diff --base <ref> [paths]`: the old side from git, the new one from the working tree. */
function compareWithBase(io: Io, ref: string, paths: readonly string[], options: Options): number {
  const inputs = paths.length === 0 ? ['.'] : paths;
  let files: SourceFile[];
  try {
    // The config's ignore globs, matched on disk: a file deleted since the revision cannot match.
    const ignored = options.config.ignore.length === 0 ? new Set<string>() : filesMatching(options.config.ignore, configBase(io.cwd, options.config));
    files = readGitSide(io.cwd, ref, inputs, { maxFileBytes: options.config.settings.limits.fileBytes, ignored: (path) => ignored.has(path) });
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    io.writeStderr(`${command}: ${printable(error.message)}\n`);
    return 2;
  }
  const before = analyse(io, files, options, 'old');
  if (!before) return sideFailed(io, 'old', `${inputs.join(' ')} at ${ref}`);
  const after = loadSide(io, inputs, options, 'new');
  if (!after) return sideFailed(io, 'new', inputs.join(' '));
  return compare(io, before, after, options);
}

function sideFailed(io: Io, which: Which, input: string): number {
  io.writeStderr(`${command}: the ${which} side (${printable(input)}) could not be read completely; no diff was computed\n`);
  return 2;
}

/** One side read from disk and analysed; undefined (after messages) when it cannot be read or parsed. */
function loadSide(io: Io, input: string | readonly string[], options: Options, which: Which): AnalysedSide | undefined {
  const loaded = loadCommandInputs(io, typeof input === 'string' ? [input] : input, {
    stdinFilename: undefined,
    usage: diffUsage,
    command,
    maxFileBytes: options.config.settings.limits.fileBytes,
  });
  if (!loaded || loaded.problems.length > 0) return undefined;
  return analyse(io, withoutIgnored(loaded.files, options.config, configBase(io.cwd, options.config)), options, which);
}

/**
 * The model and flows of one side. A syntax error or an input over the limits fails the side: a
 * diff of half a file would report the missing half as removed.
 */
function analyse(io: Io, files: readonly SourceFile[], options: Options, which: Which): AnalysedSide | undefined {
  const input = buildModel(files, options.config.settings);
  reportSkippedInput(io, command, input.findings);
  if (input.findings.some((f) => f.ruleId === yamlSyntax.id || f.ruleId === inputLimit.id)) return undefined;
  const note = inferredNamespaceNote(input.model);
  if (note) io.writeStderr(`${command}: ${which} version: ${note}`);
  const reach = new Reachability(input.model, { podIps: options.podIps });
  return { flows: reach.flows(), workloads: reach.peers, model: input.model, exposures: reach.exposures() };
}

function compare(io: Io, before: AnalysedSide, after: AnalysedSide, options: Options): number {
  const placed = [before, after].map((side) => side.model.settings.defaultNamespace);
  if (placed[0] !== placed[1]) {
    // Each side infers on its own; namespace-less workloads would compare as removed and added.
    io.writeStderr(`${command}: objects without metadata.namespace are placed in namespace ${printable(placed[0] ?? '')} in the old version and ${printable(placed[1] ?? '')} in the new one, so they compare as different workloads; pass -n <namespace> to place them alike\n`);
  }
  const compared = diffReachability(before, after);
  // np-guard's format has no place for the rules; the others name them for what the change opens.
  const diff = options.format === 'npguard' ? compared : withAdmittingRules(compared, after.model, after.exposures);
  const format = diffFormatters[options.format];
  if (!format) return 2;
  const color = options.format === 'text' && options.outputFile === undefined && shouldUseColor({ isTTY: io.stdoutIsTTY }, undefined, io.env);
  const output = format(diff, { color });
  if (!writeOutput(io, command, options.outputFile, [output])) return 2;
  return options.failOn === 'opened' && opensConnections(diff) ? 1 : 0;
}
