/**
 * `netlint reach`: every allowed flow between workloads and the outside world, or, with both
 * `--from` and `--to`, why one flow is allowed or denied.
 */
import { parseArgs } from 'node:util';
import { inferredNamespaceNote, ingressControllerNote, loadCommandInputs, unanalysablePeersNote, progressFor, reportSkippedInput, writeOutput, type Io } from './inputs.js';
import { buildModel } from '../engine/pipeline.js';
import { Reachability } from '../engine/reach/analysis.js';
import { allRuleMeta } from '../registry.js';
import { configBase, loadConfig, takeNoConfig, withoutIgnored } from './config.js';
import { explanationObject, formatExplanation } from '../reporters/reach/explain.js';
import { explainSides, ReachError, rejectSourcePort, resolveSide, selectFlows, splitPort, type ExplainedPair, type Side } from './reach-peers.js';
import { flowFormatters } from '../reporters/reach/flows.js';
import { printable } from '../reporters/printable.js';

export const reachUsage = `Usage: netlint reach [options] [file|dir|glob|-]...

List every connection NetworkPolicies allow between workloads and the outside world, or explain one.

  -f, --format <name>       ${Object.keys(flowFormatters).join(' | ')} (default: text)
  --from <peer>             Only flows from this peer (no port: the port is the destination's)
  --to <peer[:port[/proto]]>  Only flows to this peer, on that port only when one is given;
                            with --from, explain that flow
  -n, --namespace <name>    Only flows touching this namespace; also the namespace of bare names
                            and of objects without metadata.namespace
  -o, --output-file <path>  Write the output to a file
  --stdin-filename <path>   Name shown for standard input
  --pod-ips                 Let ipBlocks match pods by status.podIP(s) (live-cluster dumps); by
                            default ipBlocks match only addresses outside the cluster
  -c, --config <path>       Cluster facts and ignored files from this config file instead of the
                            nearest .netlintrc.yaml; --no-config for none

A peer is namespace/name, name (in --namespace, else default), namespace/name[Kind] when names
clash, an IP address, or a Service: svc/namespace/name, svc/name, or a bare name that is only a
Service. As --from, {ingress-controller} is the source of what Ingresses and OpenShift Routes
expose (where it runs: cluster.ingressController in .netlintrc.yaml). A Service stands for the workloads it selects, and its port (number or name) for the
targetPort on each of them (without a port, as --to: each of its ports); the output says how it
was translated. A port name on a workload is
one of its container ports. Explaining a flow exits 0 when it is allowed and 1 when it is denied
(through a Service: 0 only when every selected workload is reachable).
Examples:
  netlint reach app.yaml --from shop/web --to shop/api:8080
  netlint reach app.yaml --from shop/web --to svc/shop/api:http
  netlint reach app.yaml --to shop/api:8080 --format connlist
`;

export function runReach(io: Io, argv: readonly string[]): number {
  let parsed;
  const { argv: rest, none: noConfig } = takeNoConfig(argv);
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        from: { type: 'string' },
        to: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        'output-file': { type: 'string', short: 'o' },
        'stdin-filename': { type: 'string' },
        'pod-ips': { type: 'boolean', default: false },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.writeStderr(`netlint reach: ${(error as Error).message.replace(/\. To specify a positional.*$/s, '')}\nRun netlint reach --help for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.writeStdout(reachUsage);
    return 0;
  }
  const format = flowFormatters[values.format];
  const explaining = values.from !== undefined && values.to !== undefined;
  if (!format || (explaining && values.format !== 'text' && values.format !== 'json')) {
    const allowed = explaining ? 'text, json' : Object.keys(flowFormatters).join(', ');
    io.writeStderr(`netlint reach: unknown format "${values.format}"${explaining ? ' for an explanation' : ''}; choose one of ${allowed}\n`);
    return 2;
  }
  const config = loadConfig(io, { path: values.config, none: noConfig, ruleLevels: [], namespace: values.namespace }, allRuleMeta, 'netlint reach');
  if (!config) return 2;
  const loaded = loadCommandInputs(io, positionals, { stdinFilename: values['stdin-filename'], usage: reachUsage, command: 'netlint reach', maxFileBytes: config.settings.limits.fileBytes });
  if (!loaded) return 2;
  const progress = progressFor(io);
  const input = buildModel(withoutIgnored(loaded.files, config, configBase(io.cwd, config)), config.settings, progress);
  progress.done();
  reportSkippedInput(io, 'netlint reach', input.findings);
  const model = input.model;
  for (const note of [inferredNamespaceNote(model), unanalysablePeersNote(model), ingressControllerNote(model)]) if (note) io.writeStderr(`netlint reach: ${note}`);
  // Bare peer names resolve where namespace-less objects went: -n, the inferred namespace, or default.
  const namespace = model.settings.defaultNamespace;
  const reach = new Reachability(model, { podIps: values['pod-ips'] });

  let output: Iterable<string | Uint8Array>;
  try {
    const podIps = values['pod-ips'];
    if (values.from !== undefined) rejectSourcePort(values.from);
    const from = values.from === undefined ? undefined : resolveSide(reach, values.from, undefined, namespace, podIps);
    const written = values.to === undefined ? undefined : splitPort(values.to);
    const to = written === undefined ? undefined : resolveSide(reach, written.peer, written, namespace, podIps);
    if (from && to) {
      const explained = explainSides(reach, from, to);
      output = [values.format === 'json' ? explanationsJson(from, to, explained) : explanationsText(from, to, explained)];
      if (!writeOutput(io, 'netlint reach', values['output-file'], output)) return 2;
      // Like grep: 0 when the flow is allowed, 1 when it is denied, so scripts can assert reachability.
      // Through a Service, every selected workload must be reachable.
      return loaded.problems.length > 0 ? 2 : explained.every((e) => e.explanation.allowed) ? 0 : 1;
    }
    const flows = selectFlows(reach, from, to, values.namespace === undefined ? undefined : namespace);
    const scope = { sourceRanges: reach.sourceAtoms.length, destinationRanges: reach.destinationAtoms.length };
    const notes = [...(from?.notes ?? []), ...(to?.notes ?? [])].map(printable);
    // Machine-readable formats keep their shape: the Service translation goes to stderr.
    if (values.format !== 'text') for (const note of notes) io.writeStderr(`netlint reach: ${note}\n`);
    const listing = reach.peers.length === 0 ? ['No workloads in the input.\n'] : format(flows, scope);
    output = values.format === 'text' && notes.length > 0 ? prepend(`${notes.join('\n')}\n\n`, listing) : listing;
  } catch (error) {
    if (!(error instanceof ReachError)) throw error;
    io.writeStderr(`netlint reach: ${printable(error.message)}\n`);
    return 2;
  }
  if (!writeOutput(io, 'netlint reach', values['output-file'], output)) return 2;
  return loaded.problems.length > 0 ? 2 : 0;
}

function* prepend(first: string, rest: Iterable<string | Uint8Array>): Iterable<string | Uint8Array> {
  yield first;
  yield* rest;
}

function explanationsText(from: Side, to: Side, pairs: readonly ExplainedPair[]): string {
  const notes = [...from.notes, ...to.notes].map(printable);
  const blocks = pairs.map((p) => formatExplanation(p.from.spec.label, p.to.spec.label, p.explanation, p.positions));
  const allowed = pairs.filter((p) => p.explanation.allowed).length;
  // Through a Service, some workloads may be reachable and others not: count them.
  const summary = pairs.length > 1 ? [`${allowed} of ${pairs.length} flows ALLOWED\n`] : [];
  return [...(notes.length > 0 ? [`${notes.join('\n')}\n`] : []), ...blocks, ...summary].join('\n');
}

/** One object for a flow between workloads or addresses; a list, one per pair, when a side is a Service. */
function explanationsJson(from: Side, to: Side, pairs: readonly ExplainedPair[]): string {
  const objects = pairs.map((p) => explanationObject(p.from.spec, p.to.spec, p.explanation, p.positions, { from: p.from.route, to: p.to.route }));
  return `${JSON.stringify(from.viaService || to.viaService ? objects : objects[0], null, 2)}\n`;
}


