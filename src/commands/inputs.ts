/** Input handling shared by the commands: paths, standard input, and read problems. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { unrenderedTemplate } from '../engine/diagnostics.js';
import { isNodeRef, type Finding } from '../engine/finding.js';
import { loadInputs, type LoadResult } from '../engine/load.js';
import { positionText } from '../engine/locate.js';
import { someNames } from '../engine/util.js';
import { noProgress, showsProgress, terminalProgress, type Progress } from '../engine/progress.js';
import { printable } from '../reporters/printable.js';
import type { ParsedDocument } from '../engine/parse.js';
import type { ClusterModel } from '../engine/model/cluster.js';
import { isControllerLabel } from '../engine/model/selectors.js';
import { exposedWorkloads } from '../engine/reach/exposure.js';
import { openShiftIngressController } from '../engine/settings.js';
import { describeAdminRule, unanalysablePeers } from '../engine/model/admin-policy.js';

export interface Io {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  /** Whether standard error is a terminal (a progress line may be drawn there); false when absent. */
  readonly stderrIsTTY?: boolean;
  /** Standard input: its bytes (the CLI), or text (tests, callers that already decoded it). */
  /** Standard input, at most `maxBytes` of it when given (netlint needs no more to know it is over its limit). */
  readStdin(maxBytes?: number): string | Uint8Array;
  writeStdout(text: string): void;
  /** UTF-8 bytes to standard output as they are (large listings); without it they are decoded for writeStdout. */
  writeStdoutBytes?(bytes: Uint8Array): void;
  writeStderr(text: string): void;
}

/**
 * Loads the command's inputs. With no paths it reads standard input when that is a pipe; on a
 * terminal it prints the usage and returns undefined (the caller exits 2). Read problems are
 * printed as `<command>: <input>: <problem>`, and the rest is still loaded.
 */
export function loadCommandInputs(
  io: Io,
  paths: readonly string[],
  options: { stdinFilename: string | undefined; usage: string; command: string; maxFileBytes?: number },
): LoadResult | undefined {
  let inputs = paths;
  if (inputs.length === 0) {
    if (io.stdinIsTTY) {
      io.writeStderr(options.usage);
      return undefined;
    }
    inputs = ['-'];
  }
  // Like ESLint, wait for a person typing at a terminal, but tell them what is expected.
  if (io.stdinIsTTY && inputs.includes('-')) io.writeStderr(`${options.command}: reading manifests from standard input (Ctrl-D to end)\n`);
  const loaded = loadInputs(inputs, {
    cwd: io.cwd,
    stdin: io.readStdin,
    ...(options.stdinFilename ? { stdinFilename: options.stdinFilename } : {}),
    ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
  });
  for (const problem of loaded.problems) io.writeStderr(`${options.command}: ${problem.input}: ${problem.message}\n`);
  const kustomize = kustomizationNote(loaded.kustomizations, options.command);
  if (kustomize) io.writeStderr(kustomize);
  return loaded;
}

/**
 * Kustomize folders were linted file by file, which is right for plain bases but not what an
 * overlay deploys (patches, generated ConfigMaps, name prefixes). One line says how to lint the
 * built output; it is advice, so it does not change the exit code.
 */
export function kustomizationNote(directories: readonly string[], command: string): string | undefined {
  const [first] = directories;
  if (first === undefined) return undefined;
  const subject = directories.length === 1 ? `${first} is a Kustomize folder` : `${someNames(directories)} are Kustomize folders`;
  const example = directories.length === 1 ? first : '<dir>';
  return `note: ${subject}: its files were linted as written, without Kustomize's patches and generators; to lint what it deploys: kustomize build ${example} | ${command} -\n`;
}

function placeOf(finding: Finding): string {
  if (isNodeRef(finding.at)) return positionText(finding.at);
  const { file, range } = finding.at;
  return `${file.path}:${range.line}:${range.column}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * For commands whose output is not a findings report (`reach`): the input that was skipped, on
 * standard error. Unrendered templates and charts are summarised in one line, since a chart has
 * many; every other problem names its file:line:col, because each needs its own fix.
 */
export function reportSkippedInput(io: Io, command: string, findings: readonly Finding[]): void {
  const templates = findings.filter((f) => f.ruleId === unrenderedTemplate.id);
  const paths = [...new Set(templates.map((f) => placeOf(f).replace(/:\d+:\d+$/, '')))];
  const charts = templates.filter((f) => f.messageId === 'chart').length;
  const parts = [
    ...(charts > 0 ? [plural(charts, 'unrendered Helm chart')] : []),
    ...(templates.length > charts ? [plural(templates.length - charts, 'unrendered Helm template')] : []),
  ];
  if (parts.length > 0) {
    io.writeStderr(`${command}: skipped ${parts.join(' and ')} (${someNames(paths)}); render ${templates.length === 1 ? 'it' : 'them'} first: \`helm template <release> <chart> | ${command} -\`\n`);
  }
  for (const finding of findings) {
    if (finding.ruleId === unrenderedTemplate.id) continue;
    io.writeStderr(`${command}: ${printable(`${placeOf(finding)}: ${finding.message}`)} (${finding.ruleId}); that part of the input is skipped\n`);
  }
}

/** `--verbose`: which documents were skipped as not Kubernetes objects, in one line. */
export function describeSkipped(command: string, skipped: readonly ParsedDocument[]): string | undefined {
  if (skipped.length === 0) return undefined;
  const files = [...new Set(skipped.map((doc) => doc.file.path))];
  return `${command}: skipped ${plural(skipped.length, 'document')} without apiVersion and kind (not Kubernetes objects): ${someNames(files, 5)}\n`;
}

/** The one line that says where objects without a namespace went, when netlint chose it. */
export function inferredNamespaceNote(model: ClusterModel): string | undefined {
  const inferred = model.inferredNamespace;
  if (!inferred) return undefined;
  const objects = inferred.objects === 1 ? '1 object' : `${inferred.objects} objects`;
  return `note: ${objects} without metadata.namespace ${inferred.objects === 1 ? 'was' : 'were'} placed in namespace ${inferred.name}, ${inferred.reason}; pass -n to choose another\n`;
}

/**
 * What reach cannot judge offline: `nodes` and `domainNames` peers of cluster-wide policies (node
 * addresses and resolved names are not in manifests), which it treats as matching nothing.
 */
export function unanalysablePeersNote(model: ClusterModel): string | undefined {
  const peers = unanalysablePeers(model);
  if (peers.length === 0) return undefined;
  const named = someNames(peers.map((p) => printable(`${p.policy.displayName} ${describeAdminRule(p.rule)} (${p.field})`)));
  return `note: node addresses and domain names are not in manifests, so nodes and domainNames peers are taken to match nothing (as np-guard does): ${named}\n`;
}

/**
 * Where reach's `{ingress-controller}` runs when the input seems to hold the controller itself
 * (ingress-nginx, Traefik…) and no `cluster.ingressController` says so: reach keeps np-guard's
 * assumption, a namespace of its own, and says how to name the real one.
 */
export function ingressControllerNote(model: ClusterModel): string | undefined {
  if (model.settings.ingressControllerChosen || (model.ingresses().length === 0 && model.openShiftRoutes().length === 0)) return undefined;
  // The workloads the Ingresses and Routes send to are their backends, whatever their names.
  const exposed = exposedWorkloads(model);
  const controller = model.workloads().find((w) => !exposed.has(w) && model.looksLikeIngressController(w));
  if (!controller) return undefined;
  const key = ['app.kubernetes.io/name', 'app', 'k8s-app', 'name'].find((k) => typeof controller.podLabels[k] === 'string' && !isControllerLabel(controller.podLabels, k));
  const podLabels = key === undefined ? '' : `, podLabels: {${key}: ${controller.podLabels[key]}}`;
  const { namespace } = model.ingressControllerPods();
  const assumption = namespace === openShiftIngressController.namespace ? "OpenShift's router" : "np-guard's assumption";
  const said = `${controller.displayName} looks like the ingress controller, but {ingress-controller} is taken to run in namespace ${namespace} (${assumption}) unless .netlintrc.yaml says where: cluster: {ingressController: {namespace: ${controller.namespace}${podLabels}}}`;
  return `note: ${printable(said)}\n`;
}

/** A progress line for long runs when standard error is a terminal outside CI; otherwise nothing. */
export function progressFor(io: Io): Progress {
  return showsProgress(io.stderrIsTTY ?? false, io.env) ? terminalProgress((text) => io.writeStderr(text)) : noProgress;
}

/**
 * A command's output to standard output or to `--output-file`, in batches of about a megabyte;
 * false (after a message naming the command) when the file cannot be written.
 */
export function writeOutput(io: Io, command: string, file: string | undefined, pieces: Iterable<string | Uint8Array>): boolean {
  let fd: number | undefined;
  try {
    if (file !== undefined) fd = openSync(resolve(io.cwd, file), 'w');
    const write = (data: string | Uint8Array) => {
      if (fd !== undefined) {
        if (typeof data === 'string') writeSync(fd, data);
        else writeSync(fd, data);
      } else if (typeof data === 'string') io.writeStdout(data);
      else if (io.writeStdoutBytes) io.writeStdoutBytes(data);
      else io.writeStdout(new TextDecoder().decode(data));
    };
    // Text pieces are small: written in batches. Bytes come in chunks already.
    let batch: string[] = [];
    let size = 0;
    const flush = () => {
      if (batch.length > 0) write(batch.join(''));
      batch = [];
      size = 0;
    };
    for (const piece of pieces) {
      if (typeof piece !== 'string') {
        flush();
        write(piece);
        continue;
      }
      batch.push(piece);
      size += piece.length;
      if (size >= 1 << 20) flush();
    }
    flush();
    return true;
  } catch (error) {
    io.writeStderr(`${command}: cannot write ${file ?? 'the output'}: ${(error as Error).message}\n`);
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
