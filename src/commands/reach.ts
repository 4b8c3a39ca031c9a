/**
 * `netlint reach`: every allowed flow between workloads and the outside world, or, with both
 * `--from` and `--to`, why one flow is allowed or denied.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { inferredNamespaceNote, loadCommandInputs, reportSkippedInput, type Io } from './inputs.js';
import { buildModel } from '../engine/pipeline.js';
import { portsNamed, type Protocol } from '../engine/model/ports.js';
import { Reachability, type Endpoint, type Flow } from '../engine/reach/analysis.js';
import { explainFlow, locateExplanation } from '../engine/reach/explain.js';
import { contains, parseAddress, type IpInterval } from '../engine/net/ip.js';
import type { WorkloadPeer } from '../engine/reach/peers.js';
import { defaultSettings } from '../engine/settings.js';
import { explanationJson, formatExplanation } from '../reporters/reach/explain.js';
import { flowFormatters } from '../reporters/reach/flows.js';

export const reachUsage = `Usage: netlint reach [options] [file|dir|glob|-]...

List every connection NetworkPolicies allow between workloads and the outside world, or explain one.

  -f, --format <name>       ${Object.keys(flowFormatters).join(' | ')} (default: text)
  --from <peer>             Only flows from this peer
  --to <peer[:port[/proto]]>  Only flows to this peer; with --from, explain that flow
  -n, --namespace <name>    Only flows touching this namespace; also the namespace of bare names
                            and of objects without metadata.namespace
  -o, --output-file <path>  Write the output to a file
  --stdin-filename <path>   Name shown for standard input
  --pod-ips                 Let ipBlocks match pods by status.podIP(s) (live-cluster dumps); by
                            default ipBlocks match only addresses outside the cluster

A peer is namespace/name, name (in --namespace, else default), namespace/name[Kind] when names
clash, or an IP address. Explaining a flow exits 0 when it is allowed and 1 when it is denied.
Example:
  netlint reach app.yaml --from shop/web --to shop/api:8080
`;

class ReachError extends Error {}

interface PeerSpec {
  readonly label: string;
  readonly endpoint: Endpoint;
  readonly peer: WorkloadPeer | undefined;
  readonly address: IpInterval | undefined;
}

/** With --pod-ips, the workload whose pods have this address. */
function podWithAddress(reach: Reachability, address: IpInterval): WorkloadPeer | undefined {
  return reach.peers.find((p) =>
    (p.podClass.ips ?? []).some((ip) => {
      const own = parseAddress(ip);
      return own !== undefined && own.family === address.family && own.start === address.start;
    }),
  );
}

function workloadSpec(peer: WorkloadPeer): PeerSpec {
  return { label: peer.key, endpoint: { type: 'pods', pods: peer.podClass }, peer, address: undefined };
}

function findPeer(reach: Reachability, text: string, namespace: string, podIps: boolean): PeerSpec {
  const address = parseAddress(text);
  if (address) {
    const pod = podIps ? podWithAddress(reach, address) : undefined;
    return pod ? workloadSpec(pod) : { label: text, endpoint: { type: 'ip', interval: address }, peer: undefined, address };
  }
  const match = /^(?:([^/]+)\/)?([^/[\]]+)(?:\[([A-Za-z]+)\])?$/.exec(text);
  if (!match) throw new ReachError(`"${text}" is not a peer: use namespace/name, name, or an IP address`);
  const [, ns = namespace, name, kind] = match;
  const found = reach.peers.filter((p) => p.namespace === ns && p.name === name && (!kind || p.kind === kind));
  if (found.length === 0) {
    const known = reach.peers.filter((p) => p.name === name).map((p) => p.key);
    throw new ReachError(`no workload ${ns}/${name} in the input${known.length > 0 ? `; did you mean ${known.join(', ')}?` : ''}`);
  }
  if (found.length > 1) throw new ReachError(`${ns}/${name} is ambiguous: ${found.map((p) => p.key).join(', ')}; add [Kind]`);
  return workloadSpec(found[0] as WorkloadPeer);
}

/** Splits `peer:port/proto`; IPv6 addresses need no port or brackets: `[::1]:53/UDP`. */
function splitPort(text: string): { peer: string; port: string | undefined; protocol: Protocol } {
  const bracketed = /^\[([^\]]+)\](?::([^/]+)(?:\/(\w+))?)?$/.exec(text);
  const plain = /^(.*?)(?::([A-Za-z0-9-]+)(?:\/(\w+))?)?$/.exec(text);
  const parts = bracketed ?? (text.split(':').length > 2 && !text.includes('/') ? [text, text, undefined, undefined] : plain);
  if (!parts) throw new ReachError(`cannot read "${text}"`);
  const protocol = (parts[3] ?? 'TCP').toUpperCase();
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') throw new ReachError(`unknown protocol "${parts[3]}": use TCP, UDP or SCTP`);
  return { peer: parts[1] as string, port: parts[2], protocol };
}

function resolvePortNumber(port: string, protocol: Protocol, to: PeerSpec): number {
  if (/^\d+$/.test(port)) {
    const number = Number(port);
    if (number < 1 || number > 65535) throw new ReachError(`port ${port} is out of range`);
    return number;
  }
  const named = portsNamed(to.peer?.podClass.ports ?? [], port, protocol)[0];
  if (!named) throw new ReachError(`${to.label} declares no ${protocol} port named "${port}"`);
  return named.port;
}

function touches(flow: Flow, spec: PeerSpec, side: 'from' | 'to'): boolean {
  const peer = flow[side];
  if (spec.peer) return peer.key === spec.peer.key;
  return peer.type === 'external' && spec.address !== undefined && contains([peer.interval], spec.address);
}

export function runReach(io: Io, argv: readonly string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        from: { type: 'string' },
        to: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        'output-file': { type: 'string', short: 'o' },
        'stdin-filename': { type: 'string' },
        'pod-ips': { type: 'boolean', default: false },
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
  const loaded = loadCommandInputs(io, positionals, { stdinFilename: values['stdin-filename'], usage: reachUsage, command: 'netlint reach' });
  if (!loaded) return 2;
  const settings = { ...defaultSettings, ...(values.namespace !== undefined ? { defaultNamespace: values.namespace, namespaceChosen: true } : {}) };
  const input = buildModel(loaded.files, settings);
  reportSkippedInput(io, 'netlint reach', input.findings);
  const model = input.model;
  const note = inferredNamespaceNote(model);
  if (note) io.writeStderr(`netlint reach: ${note}`);
  // Bare peer names resolve where namespace-less objects went: -n, the inferred namespace, or default.
  const namespace = model.settings.defaultNamespace;
  const reach = new Reachability(model, { podIps: values['pod-ips'] });

  let output: Iterable<string>;
  try {
    const podIps = values['pod-ips'];
    const from = values.from === undefined ? undefined : findPeer(reach, values.from, namespace, podIps);
    const target = values.to === undefined ? undefined : splitPort(values.to);
    const to = target === undefined ? undefined : findPeer(reach, target.peer, namespace, podIps);
    if (from && to && target) {
      const port = target.port === undefined ? undefined : { protocol: target.protocol, port: resolvePortNumber(target.port, target.protocol, to) };
      const explanation = explainFlow(reach.model, from.endpoint, to.endpoint, port);
      const positions = locateExplanation(explanation);
      output = [values.format === 'json' ? explanationJson(from, to, explanation, positions) : formatExplanation(from.label, to.label, explanation, positions)];
      if (!writeOutput(io, values['output-file'], output)) return 2;
      // Like grep: 0 when the flow is allowed, 1 when it is denied, so scripts can assert reachability.
      return loaded.problems.length > 0 ? 2 : explanation.allowed ? 0 : 1;
    }
    let flows = reach.flows();
    if (from) flows = flows.filter((f) => touches(f, from, 'from'));
    if (to) flows = flows.filter((f) => touches(f, to, 'to'));
    if (values.namespace !== undefined) {
      flows = flows.filter((f) => [f.from, f.to].some((p) => p.type === 'workload' && p.namespace === namespace));
    }
    const scope = { sourceRanges: reach.sourceAtoms.length, destinationRanges: reach.destinationAtoms.length };
    output = reach.peers.length === 0 ? ['No workloads in the input.\n'] : format(flows, scope);
  } catch (error) {
    if (!(error instanceof ReachError)) throw error;
    io.writeStderr(`netlint reach: ${error.message}\n`);
    return 2;
  }
  if (!writeOutput(io, values['output-file'], output)) return 2;
  return loaded.problems.length > 0 ? 2 : 0;
}

/** Writes the pieces in batches of about a megabyte; false (after a message) when the file cannot be written. */
function writeOutput(io: Io, file: string | undefined, pieces: Iterable<string>): boolean {
  let fd: number | undefined;
  try {
    if (file !== undefined) fd = openSync(resolve(io.cwd, file), 'w');
    const flush = (text: string) => (fd === undefined ? io.writeStdout(text) : writeSync(fd, text));
    let batch: string[] = [];
    let size = 0;
    for (const piece of pieces) {
      batch.push(piece);
      size += piece.length;
      if (size >= 1 << 20) {
        flush(batch.join(''));
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) flush(batch.join(''));
    return true;
  } catch (error) {
    io.writeStderr(`netlint reach: cannot write ${file ?? 'the output'}: ${(error as Error).message}\n`);
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

