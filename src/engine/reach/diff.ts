/**
 * What a change to the manifests does to reachability: the allowed connections of every
 * (source, destination) pair before and after, compared. Each side is analysed by its own
 * Reachability; this module only lines the two flow lists up.
 *
 * The two sides may cut the outside world into different address ranges (their ipBlocks differ).
 * Each workload's ranges are aligned on the cuts of both sides, and neighbouring ranges whose
 * before and after are the same are joined again, so a range is reported once, as widely as the
 * change allows (np-guard's diff does the same).
 */
import type { ClusterModel } from '../model/cluster.js';
import type { Endpoint } from '../model/policy.js';
import type { AdminPolicy, Direction, NetworkPolicy } from '../model/types.js';
import { ConnectionSet } from '../net/connections.js';
import type { IpInterval } from '../net/ip.js';
import { compareText } from '../util.js';
import type { Flow } from './analysis.js';
import { explainFlow, locateExplanation } from './explain.js';
import type { Exposure } from './exposure.js';
import { positionText } from '../locate.js';
import { externalPeer, type ExternalPeer, type Peer, type WorkloadPeer } from './peers.js';

export type ChangeKind = 'added' | 'changed' | 'removed';

/** One pair whose allowed connections differ between the two sides. */
export interface PairChange {
  /** `added`: nothing was allowed before; `removed`: nothing is allowed after; else `changed`. */
  readonly kind: ChangeKind;
  readonly from: Peer;
  readonly to: Peer;
  readonly before: ConnectionSet;
  readonly after: ConnectionSet;
  /** The pair's workloads that exist on one side only (new ones for `added`, gone ones for `removed`). */
  readonly oneSided: readonly WorkloadPeer[];
  /** For a change that opens connections: the rules of the new side that admit them (see withAdmittingRules). */
  readonly admittedBy?: readonly AdmittingRule[];
  /** For what a change opens from the ingress controller: the Ingresses and Routes of the new side that expose it. */
  readonly exposedBy?: readonly ExposingObject[];
}

/** An Ingress or OpenShift Route whose backend sends the ingress controller to a workload, and where. */
export interface ExposingObject {
  readonly kind: 'Ingress' | 'Route';
  readonly namespace: string;
  readonly name: string;
  /** `file:line:col` of the backend. */
  readonly at: string;
}

/** A policy rule that admits (part of) what a change opens, and where it is written. */
export interface AdmittingRule {
  /** A NetworkPolicy, or a cluster-wide policy whose Allow (Accept) rule admits it. */
  readonly policy: NetworkPolicy | AdminPolicy;
  readonly direction: Direction;
  /** 0-based position of the rule in the policy's ingress or egress list. */
  readonly index: number;
  /** `file:line:col` of the rule. */
  readonly at: string;
}

export interface ReachDiff {
  /** Sorted by source, then destination. */
  readonly changes: readonly PairChange[];
  /** Workloads only in the new input, and only in the old one, sorted. */
  readonly addedWorkloads: readonly WorkloadPeer[];
  readonly removedWorkloads: readonly WorkloadPeer[];
}

/** One side of the comparison: its allowed flows and its workloads (with or without flows). */
export interface DiffSide {
  readonly flows: readonly Flow[];
  readonly workloads: readonly WorkloadPeer[];
}

/** Peers come from the new side where the pair exists there, so that its model can explain them. */
interface PairState {
  from: Peer;
  to: Peer;
  before: ConnectionSet;
  after: ConnectionSet;
}

/** Connections to or from the outside world of one workload in one direction, per range and side. */
interface ExternalGroup {
  workload: WorkloadPeer;
  /** Whether the addresses are the source (ingress to the workload) or the destination. */
  readonly addressIsSource: boolean;
  readonly ranges: { interval: IpInterval; before: boolean; connections: ConnectionSet }[];
}

/** Connections that `after` allows and `before` did not: what the change opens. */
export function opened(change: Pick<PairChange, 'before' | 'after'>): ConnectionSet {
  return change.after.subtract(change.before);
}

/** Connections that `before` allowed and `after` does not: what the change closes. */
export function closed(change: Pick<PairChange, 'before' | 'after'>): ConnectionSet {
  return change.before.subtract(change.after);
}

export function diffReachability(before: DiffSide, after: DiffSide): ReachDiff {
  const pairs = new Map<string, PairState>();
  const groups = new Map<string, ExternalGroup>();
  const collect = (flows: readonly Flow[], isBefore: boolean) => {
    for (const flow of flows) {
      if (flow.from.type === 'external' || flow.to.type === 'external') {
        addExternal(groups, flow, isBefore);
        continue;
      }
      const key = `${flow.from.key}\0${flow.to.key}`;
      const state = pairs.get(key) ?? { from: flow.from, to: flow.to, before: ConnectionSet.none, after: ConnectionSet.none };
      if (isBefore) state.before = flow.connections;
      else Object.assign(state, { after: flow.connections, from: flow.from, to: flow.to });
      pairs.set(key, state);
    }
  };
  collect(before.flows, true);
  collect(after.flows, false);
  const states = [...pairs.values(), ...[...groups.values()].flatMap(alignRanges)];

  const beforeKeys = new Set(before.workloads.map((w) => w.key));
  const afterKeys = new Set(after.workloads.map((w) => w.key));
  const changes: PairChange[] = [];
  for (const state of states) {
    const kind = changeKind(state.before, state.after);
    if (!kind) continue;
    // A workload is new (or gone) when the side without the connection does not have it at all.
    const otherSide = kind === 'added' ? beforeKeys : kind === 'removed' ? afterKeys : undefined;
    const oneSided = otherSide
      ? [state.from, state.to].filter((p): p is WorkloadPeer => p.type === 'workload' && !otherSide.has(p.key))
      : [];
    changes.push({ kind, ...state, oneSided });
  }
  changes.sort((a, b) => compareText(a.from.key, b.from.key) || compareText(a.to.key, b.to.key));
  return {
    changes,
    addedWorkloads: after.workloads.filter((w) => !beforeKeys.has(w.key)),
    removedWorkloads: before.workloads.filter((w) => !afterKeys.has(w.key)),
  };
}

function changeKind(before: ConnectionSet, after: ConnectionSet): ChangeKind | undefined {
  if (before.isEmpty()) return after.isEmpty() ? undefined : 'added';
  if (after.isEmpty()) return 'removed';
  return before.equals(after) ? undefined : 'changed';
}

function addExternal(groups: Map<string, ExternalGroup>, flow: Flow, isBefore: boolean): void {
  const addressIsSource = flow.from.type === 'external';
  const workload = (addressIsSource ? flow.to : flow.from) as WorkloadPeer;
  const address = (addressIsSource ? flow.from : flow.to) as ExternalPeer;
  const key = `${addressIsSource ? 'in' : 'out'}\0${workload.key}`;
  let group = groups.get(key);
  if (!group) groups.set(key, (group = { workload, addressIsSource, ranges: [] }));
  if (!isBefore) group.workload = workload;
  group.ranges.push({ interval: address.interval, before: isBefore, connections: flow.connections });
}

const compareBig = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

type Range = ExternalGroup['ranges'][number];

/**
 * What one side allows on each piece, walking the pieces in address order: that side's ranges
 * are disjoint, so a cursor over them sorted by start finds the covering one in constant time.
 */
function coverage(ranges: readonly Range[]): (start: bigint, end: bigint) => ConnectionSet {
  const sorted = [...ranges].sort((a, b) => compareBig(a.interval.start, b.interval.start));
  let next = 0;
  return (start, end) => {
    while (next < sorted.length && (sorted[next] as Range).interval.end < start) next++;
    const range = sorted[next];
    return range && range.interval.start <= start && end <= range.interval.end ? range.connections : ConnectionSet.none;
  };
}

/**
 * One workload's address ranges in one direction, cut where either side cuts them; then
 * neighbouring pieces with the same before and after are joined. Addresses neither side
 * connects with are left out.
 */
function alignRanges(group: ExternalGroup): PairState[] {
  const out: PairState[] = [];
  for (const family of [4, 6] as const) {
    const ranges = group.ranges.filter((r) => r.interval.family === family);
    if (ranges.length === 0) continue;
    const cuts = [...new Set(ranges.flatMap((r) => [r.interval.start, r.interval.end + 1n]))].sort(compareBig);
    const beforeAt = coverage(ranges.filter((r) => r.before));
    const afterAt = coverage(ranges.filter((r) => !r.before));
    let open: { start: bigint; end: bigint; before: ConnectionSet; after: ConnectionSet } | undefined;
    const flush = () => {
      if (!open) return;
      const address = externalPeer({ family, start: open.start, end: open.end });
      out.push(group.addressIsSource
        ? { from: address, to: group.workload, before: open.before, after: open.after }
        : { from: group.workload, to: address, before: open.before, after: open.after });
      open = undefined;
    };
    for (let k = 0; k + 1 < cuts.length; k++) {
      const start = cuts[k] as bigint;
      const end = (cuts[k + 1] as bigint) - 1n;
      const before = beforeAt(start, end);
      const after = afterAt(start, end);
      if (before.isEmpty() && after.isEmpty()) {
        flush();
        continue;
      }
      if (open && open.before.equals(before) && open.after.equals(after)) open.end = end;
      else {
        flush();
        open = { start, end, before, after };
      }
    }
    flush();
  }
  return out;
}

function endpointOf(peer: Peer): Endpoint {
  switch (peer.type) {
    case 'workload':
      return { type: 'pods', pods: peer.podClass };
    case 'external':
      return { type: 'ip', interval: peer.interval };
    case 'ingress-controller':
      return { type: 'pods', pods: peer.pods };
  }
}

/**
 * The diff with, on every change that opens connections, the rules of the new side that admit
 * some of what it opens (from the explanation engine). A side that no policy isolates admits
 * everything without a rule, so it names none.
 */
export function withAdmittingRules(diff: ReachDiff, after: ClusterModel, exposures: readonly Exposure[] = []): ReachDiff {
  const changes = diff.changes.map((change) => {
    const more = opened(change);
    if (more.isEmpty()) return change;
    const exposedBy = change.from.type === 'ingress-controller' ? { exposedBy: exposingObjects(exposures, change.to, more) } : {};
    const explanation = explainFlow(after, endpointOf(change.from), endpointOf(change.to), undefined);
    const positions = locateExplanation(explanation);
    const admittedBy = [explanation.egress, explanation.ingress].flatMap((side) => [
      // Cluster-wide Allow (Accept) rules first: they decide before the NetworkPolicies.
      ...(side?.adminRules ?? [])
        .filter((d) => d.rule.action === 'Allow' && !d.connections.intersect(more).isEmpty())
        .map((d) => ({ policy: d.policy, direction: d.rule.direction, index: d.rule.index, at: positions.get(d) ?? '' })),
      ...(side?.admitting ?? [])
        .filter((v) => !v.ports.intersect(more).isEmpty())
        .map((v) => ({ policy: v.policy, direction: v.rule.direction, index: v.rule.index, at: positions.get(v.rule) ?? '' })),
    ]);
    return { ...change, admittedBy, ...exposedBy };
  });
  return { ...diff, changes };
}

/** The Ingresses and Routes that expose some of `ports` of a workload, each once, at its first such backend. */
function exposingObjects(exposures: readonly Exposure[], to: Peer, ports: ConnectionSet): ExposingObject[] {
  const via = exposures.find((e) => e.peer.key === to.key)?.via ?? [];
  const found = new Map<string, ExposingObject>();
  for (const { object, backend, port } of via) {
    const key = `${object.kind}\0${object.namespace}/${object.name}`;
    if (found.has(key) || !ports.has('TCP', port)) continue;
    found.set(key, { kind: object.kind as ExposingObject['kind'], namespace: object.namespace, name: object.name, at: positionText(backend.node) });
  }
  return [...found.values()];
}
