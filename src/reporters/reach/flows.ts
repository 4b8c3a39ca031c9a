/**
 * Output formats for `netlint reach`: the allowed flows as text, JSON, np-guard's connlist, and
 * graphs (Graphviz dot, Mermaid).
 */
import { compareText, remembered, widest } from '../../engine/util.js';
import type { Flow } from '../../engine/reach/analysis.js';
import type { ConnectionSet } from '../../engine/net/connections.js';
import { formatInterval } from '../../engine/net/ip.js';
import type { Peer, WorkloadPeer } from '../../engine/reach/peers.js';
import { printable } from '../printable.js';


/**
 * A formatter yields the output in pieces (a line or so each, or UTF-8 chunks), so that millions
 * of flows are written out without ever building one string larger than JavaScript allows.
 */
export type FlowFormatter = (flows: readonly Flow[], scope?: FlowScope) => Iterable<string | Uint8Array>;

/** How many external address ranges the analysis distinguishes, per direction (for the graphs). */
export interface FlowScope {
  readonly sourceRanges: number;
  readonly destinationRanges: number;
}

/** np-guard netpol-analyzer's `list` txt output, byte for byte. */
export const connlist: FlowFormatter = function* (flows) {
  // np-guard's names are DNS labels; netlint reads any text, so a hostile name is shown escaped.
  for (const f of flows) yield `${printable(f.from.key)} => ${printable(f.to.key)} : ${f.connections.toString()}\n`;
};

const hostNetworkMark = ' [hostNetwork]';

/** A peer as the text listing names it: marked when its pods use the node's network. */
function textKey(peer: Peer): string {
  const key = printable(peer.key);
  return peer.type === 'workload' && peer.podClass.hostNetwork ? `${key}${hostNetworkMark}` : key;
}

/** Readable: flows grouped by source. */
export const text: FlowFormatter = function* (flows) {
  if (flows.length === 0) {
    yield 'No connections are allowed.\n';
    return;
  }
  let source: string | undefined;
  let onHost = false;
  const width = widest(flows.map((f) => textKey(f.to).length));
  for (const flow of flows) {
    if (flow.from.key !== source) {
      if (source !== undefined) yield '\n';
      source = flow.from.key;
      yield `${textKey(flow.from)}\n`;
    }
    onHost ||= [flow.from, flow.to].some((peer) => peer.type === 'workload' && peer.podClass.hostNetwork === true);
    yield `  -> ${textKey(flow.to).padEnd(width)}  ${flow.connections.toString()}\n`;
  }
  yield `\n${flows.length} allowed flow${flows.length === 1 ? '' : 's'}\n`;
  if (onHost) {
    yield `${hostNetworkMark.trim()}: the pods use the node's network; most network plugins apply no NetworkPolicy to them, so their real flows may be wider than listed\n`;
  }
};

export function peerJson(peer: Peer) {
  switch (peer.type) {
    case 'workload':
      return { namespace: peer.namespace, name: peer.name, kind: peer.kind };
    case 'external':
      return { ipRange: formatInterval(peer.interval) };
    case 'ingress-controller':
      return { ingressController: true as const };
  }
}

/** One flow as `reach --format json` prints it (and the programmatic API returns it). */
export function flowJson(flow: Flow) {
  return { from: peerJson(flow.from), to: peerJson(flow.to), connections: flow.connections.toJSON() };
}

/**
 * `[{from, to, connections}]`, byte for byte as JSON.stringify(…, null, 2) prints it; see
 * schemas/netlint-reach.schema.json. A listing repeats the same peers and connection sets
 * thousands of times, so each is printed and encoded once, and the flows are assembled from those
 * bytes into chunks of `chunkBytes` (several times faster than stringifying every flow, and no
 * string of the whole listing is ever built).
 */
export function jsonFormatter(chunkBytes = 1 << 20): FlowFormatter {
  return function* (flows) {
    if (flows.length === 0) {
      yield '[]\n';
      return;
    }
    const encoder = new TextEncoder();
    // Each piece is indented for its place: a property value of an object in the top-level array.
    const indented = (value: unknown) => encoder.encode(JSON.stringify(value, null, 2).replace(/\n/g, '\n    '));
    const peers = new Map<Peer, Uint8Array>();
    const connectionSets = new Map<ConnectionSet, Uint8Array>();
    const first = encoder.encode('[\n  {\n    "from": ');
    const next = encoder.encode(',\n  {\n    "from": ');
    const to = encoder.encode(',\n    "to": ');
    const connections = encoder.encode(',\n    "connections": ');
    const close = encoder.encode('\n  }');
    let chunk = new Uint8Array(chunkBytes);
    let used = 0;
    for (const [i, flow] of flows.entries()) {
      const parts = [
        i === 0 ? first : next,
        remembered(peers, flow.from, () => indented(peerJson(flow.from))),
        to,
        remembered(peers, flow.to, () => indented(peerJson(flow.to))),
        connections,
        remembered(connectionSets, flow.connections, () => indented(flow.connections.toJSON())),
        close,
      ];
      const size = parts.reduce((sum, part) => sum + part.length, 0);
      if (used + size > chunk.length) {
        if (used > 0) yield chunk.subarray(0, used);
        chunk = new Uint8Array(Math.max(chunkBytes, size));
        used = 0;
      }
      for (const part of parts) {
        chunk.set(part, used);
        used += part.length;
      }
    }
    yield chunk.subarray(0, used);
    yield '\n]\n';
  };
}

export const json = jsonFormatter();

interface GraphEdge {
  from: string;
  to: string;
  connections: ConnectionSet;
  /** For edges to or from the outside world: the ranges involved, and whether they all allow the same. */
  ranges: number;
  uniform: boolean;
}

const outside = 'external';
const controllerNode = 'ingress-controller';

/**
 * Nodes and edges of the graph formats: workloads by namespace, every external range folded into
 * one "outside world" node (the union of what each workload may exchange with it).
 */
function graph(flows: readonly Flow[], scope: FlowScope | undefined) {
  const namespaces = new Map<string, Map<string, WorkloadPeer>>();
  const edges = new Map<string, GraphEdge>();
  let hasOutside = false;
  let hasController = false;
  const nodeOf = (peer: Peer) => {
    if (peer.type === 'external') {
      hasOutside = true;
      return outside;
    }
    if (peer.type === 'ingress-controller') {
      hasController = true;
      return controllerNode;
    }
    const members = namespaces.get(peer.namespace) ?? new Map<string, WorkloadPeer>();
    members.set(peer.key, peer);
    namespaces.set(peer.namespace, members);
    return peer.key;
  };
  for (const flow of flows) {
    const from = nodeOf(flow.from);
    const to = nodeOf(flow.to);
    const key = `${from}\0${to}`;
    const edge = edges.get(key);
    if (edge) {
      edge.uniform &&= edge.connections.equals(flow.connections);
      edge.connections = edge.connections.union(flow.connections);
      edge.ranges++;
    } else {
      edges.set(key, { from, to, connections: flow.connections, ranges: 1, uniform: true });
    }
  }
  const sortedNamespaces = [...namespaces.entries()].sort(([a], [b]) => compareText(a, b));
  const label = (edge: GraphEdge) => {
    const text = edge.connections.isAll() ? 'all' : edge.connections.toString();
    if (edge.from !== outside && edge.to !== outside) return text;
    // One node stands for many address ranges: say when the edge holds for only some of them.
    const total = edge.from === outside ? scope?.sourceRanges : scope?.destinationRanges;
    return edge.uniform && (total === undefined || edge.ranges === total) ? text : `${text} (some addresses)`;
  };
  return { namespaces: sortedNamespaces, edges: [...edges.values()].map((e) => ({ ...e, label: label(e) })), hasOutside, hasController };
}

const dotString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export const dot: FlowFormatter = function* (flows, scope) {
  const { namespaces, edges, hasOutside, hasController } = graph(flows, scope);
  // newrank: older Graphviz releases cannot rank edges between clusters without it.
  const lines = ['digraph netlint {', '  rankdir=LR;', '  newrank=true;', '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  namespaces.forEach(([namespace, members], i) => {
    lines.push(`  subgraph cluster_${i} {`, `    label=${dotString(`namespace ${printable(namespace)}`)};`);
    for (const peer of members.values()) lines.push(`    ${dotString(printable(peer.key))} [label=${dotString(`${printable(peer.name)}\n${peer.kind}`)}];`);
    lines.push('  }');
  });
  if (hasOutside) lines.push(`  ${dotString(outside)} [label="outside the cluster", shape=ellipse, style=dashed];`);
  if (hasController) lines.push(`  ${dotString(controllerNode)} [label="ingress controller", shape=ellipse];`);
  for (const edge of edges) lines.push(`  ${dotString(printable(edge.from))} -> ${dotString(printable(edge.to))} [label=${dotString(edge.label)}];`);
  lines.push('}');
  yield `${lines.join('\n')}\n`;
};

const mermaidText = (s: string) => printable(s).replace(/"/g, '#quot;');

export const mermaid: FlowFormatter = function* (flows, scope) {
  const { namespaces, edges, hasOutside, hasController } = graph(flows, scope);
  const ids = new Map<string, string>();
  const idOf = (key: string) => {
    let id = ids.get(key);
    if (!id) {
      id = key === outside ? 'outside' : key === controllerNode ? 'controller' : `w${ids.size}`;
      ids.set(key, id);
    }
    return id;
  };
  const lines = ['flowchart LR'];
  namespaces.forEach(([namespace, members], i) => {
    lines.push(`  subgraph ns${i}["namespace ${mermaidText(namespace)}"]`);
    for (const peer of members.values()) lines.push(`    ${idOf(peer.key)}["${mermaidText(`${peer.name} (${peer.kind})`)}"]`);
    lines.push('  end');
  });
  if (hasOutside) lines.push(`  ${idOf(outside)}(("outside the cluster"))`);
  if (hasController) lines.push(`  ${idOf(controllerNode)}(("ingress controller"))`);
  for (const edge of edges) lines.push(`  ${idOf(edge.from)} -->|"${mermaidText(edge.label)}"| ${idOf(edge.to)}`);
  yield `${lines.join('\n')}\n`;
};

export const flowFormatters: Readonly<Record<string, FlowFormatter>> = { text, json, connlist, dot, mermaid };
