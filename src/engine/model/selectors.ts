/**
 * Label selectors, implemented once. Services use plain equality maps; NetworkPolicies (and most
 * other APIs) use LabelSelector with matchLabels and matchExpressions.
 */

export type Labels = Readonly<Record<string, string>>;

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator | string;
  readonly values: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly SelectorRequirement[];
}

export const everything: LabelSelector = { matchLabels: {}, matchExpressions: [] };

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Labels a controller adds to pods

/*
 * Controllers add labels to the pods they create, and the input tells their values only in part:
 * a Deployment's `pod-template-hash` is a hash computed at run time (unknown), a StatefulSet's
 * `statefulset.kubernetes.io/pod-name` differs per pod (`redis-0`, `redis-1`, …), a Job's
 * `job-name` is the Job's name (known). They travel inside ordinary label maps as marked strings,
 * so that everything that reads pod labels (Services, policies, reach classes) sees them, and only
 * this module reads the mark. Messages leave them out (formatLabels), as people did not write them.
 */
const mark = '\u0000';
const unknownMark = `${mark}?`;
const fixedMark = `${mark}=`;
const perPodMark = `${mark}#`;
const runNumberedMark = `${mark}*`;

/** The label a StatefulSet controller gives each pod: its name, `<statefulset>-<ordinal>`. */
export const statefulSetPodName = 'statefulset.kubernetes.io/pod-name';

/** A label the controller sets to a value the input cannot tell. */
export const unknownLabelValue = unknownMark;

/** A label the controller sets to the same known value on every pod (a Job's `job-name`). */
export function controllerLabelValue(value: string): string {
  return `${fixedMark}${value}`;
}

/**
 * A label the controller sets to `<prefix><number>`, the number known only at run time: a
 * CronJob's runs are Jobs named `<cronjob>-<scheduled time in minutes>`.
 */
export function runNumberedLabelValue(prefix: string): string {
  return `${runNumberedMark}${prefix}`;
}

/** A label whose value differs per pod: `values[i]` is the value on the pod with ordinal i. */
export function perPodLabelValue(values: readonly string[]): string {
  return `${perPodMark}${values.join(mark)}`;
}

type LabelValue =
  | { readonly kind: 'absent' }
  | { readonly kind: 'known'; readonly value: string }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'runNumbered'; readonly prefix: string }
  | { readonly kind: 'perPod'; readonly values: readonly string[] };

const absent: LabelValue = { kind: 'absent' };
const unknown: LabelValue = { kind: 'unknown' };

/**
 * A label's value as written, or undefined when the pods do not have it. Label maps are plain
 * objects, so a key such as `constructor` or `toString` (valid label keys) must not find what
 * every object inherits.
 */
export function ownLabel(labels: Labels, key: string): string | undefined {
  const value: unknown = labels[key];
  // Label values are strings, and nothing an object inherits is one.
  return typeof value === 'string' ? value : undefined;
}

function labelValue(labels: Labels, key: string): LabelValue {
  const value = ownLabel(labels, key);
  if (value === undefined) return absent;
  if (!value.startsWith(mark)) return { kind: 'known', value };
  if (value === unknownMark) return unknown;
  if (value.startsWith(fixedMark)) return { kind: 'known', value: value.slice(fixedMark.length) };
  if (value.startsWith(runNumberedMark)) return { kind: 'runNumbered', prefix: value.slice(runNumberedMark.length) };
  const list = value.slice(perPodMark.length);
  return { kind: 'perPod', values: list === '' ? [] : list.split(mark) };
}

/** Whether a label was added by a controller (and not written in the input). */
export function isControllerLabel(labels: Labels, key: string): boolean {
  return ownLabel(labels, key)?.startsWith(mark) ?? false;
}

/** The per-pod values of a label (a StatefulSet's pod-name), or undefined when it is not per pod. */
export function perPodValues(labels: Labels, key: string): readonly string[] | undefined {
  const value = labelValue(labels, key);
  return value.kind === 'perPod' ? value.values : undefined;
}

/** A label's value for messages: `redis-0 … redis-2` per pod, `(set at run time)` when unknown. */
export function describeLabelValue(labels: Labels, key: string): string | undefined {
  const value = labelValue(labels, key);
  switch (value.kind) {
    case 'absent':
      return undefined;
    case 'known':
      return value.value;
    case 'unknown':
      return '(set at run time)';
    case 'runNumbered':
      return `${value.prefix}<run>`;
    case 'perPod':
      return value.values.length <= 2 ? value.values.join(', ') : `${value.values[0]} … ${value.values[value.values.length - 1]}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Matching

/**
 * Whether one requirement holds for a plain label value (undefined: the pods do not have the
 * label). The API server rejects unknown operators, so such a selector can never select anything.
 */
function holdsFor(operator: string, values: readonly string[], actual: string | undefined): boolean {
  switch (operator) {
    case 'In':
      return actual !== undefined && values.includes(actual);
    case 'NotIn':
      return actual === undefined || !values.includes(actual);
    case 'Exists':
      return actual !== undefined;
    case 'DoesNotExist':
      return actual === undefined;
    default:
      return false;
  }
}

/**
 * Whether one requirement holds for a label value that is the same on every pod. An unknown value
 * (a hash set at run time) satisfies In and equality, as a selector naming it was most likely
 * copied from a live cluster where it did match; it satisfies NotIn too, as a hash is practically
 * never one of the listed values; it exists, so Exists holds and DoesNotExist fails. Being
 * generous here never invents an error: the lint rules report selectors that match nothing. A
 * run-numbered value (`nightly-<n>`) is generous the same way, but only towards values of its form.
 */
function holds(operator: string, values: readonly string[], value: LabelValue): boolean {
  switch (value.kind) {
    case 'absent':
      return holdsFor(operator, values, undefined);
    case 'known':
      return holdsFor(operator, values, value.value);
    case 'perPod':
      // Per-pod values are matched ordinal by ordinal (narrowOrdinals), each as a known value.
      return false;
    case 'unknown':
    case 'runNumbered':
      if (operator === 'In') return value.kind === 'unknown' || values.some((v) => isRunOf(v, value.prefix));
      return operator === 'NotIn' || operator === 'Exists';
  }
}

/** Whether a value is one a run-numbered label can take: the prefix, then digits. */
function isRunOf(value: string, prefix: string): boolean {
  return value.startsWith(prefix) && /^\d+$/.test(value.slice(prefix.length));
}

/** The pods of a workload a selector selects: every one, none, or some ordinals (of a StatefulSet). */
export type PodSelection = 'all' | 'none' | readonly number[];

/** Which ordinals satisfy a requirement on a per-pod label, narrowed from those still selected. */
function narrowOrdinals(values: readonly string[], operator: string, wanted: readonly string[], selected: readonly number[] | undefined): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if ((selected === undefined || selected.includes(i)) && holds(operator, wanted, { kind: 'known', value: values[i] as string })) out.push(i);
  }
  return out;
}

/**
 * The parts of a selector that labels fail, one selector each (a matchLabels pair or one
 * expression), with the label key each is about: what to show when a selector nearly matches,
 * and (by their count) how near a workload is, to order suggestions.
 */
export function unmetRequirements(selector: LabelSelector, labels: Labels): { readonly key: string; readonly requirement: LabelSelector }[] {
  const parts = [
    ...Object.entries(selector.matchLabels).map(([key, value]) => ({ key, requirement: { matchLabels: { [key]: value }, matchExpressions: [] } })),
    ...selector.matchExpressions.map((expression) => ({ key: expression.key, requirement: { matchLabels: {}, matchExpressions: [expression] } })),
  ];
  return parts.filter((part) => !matchesSelector(part.requirement, labels));
}

/**
 * THE label matching function: which of a set of pods (their labels, with controller labels
 * that may be unknown or differ per pod) a selector selects. matchLabels pairs are `In` one value;
 * all requirements are ANDed; an empty selector selects every pod.
 */
export function selectPods(selector: LabelSelector, labels: Labels): PodSelection {
  // Ordinals still selected, once a requirement is on a per-pod label (a StatefulSet's pod names).
  let perPod: { selected: number[]; count: number } | undefined;
  for (const key in selector.matchLabels) {
    const wanted = selector.matchLabels[key] as string;
    const actual = ownLabel(labels, key);
    // Fast path, as reach calls this very often: a plain label the template declares.
    if (actual !== undefined && !actual.startsWith(mark)) {
      if (actual !== wanted) return 'none';
      continue;
    }
    perPod = narrowed(labels, key, 'In', [wanted], perPod);
    if (perPod?.selected.length === 0) return 'none';
  }
  for (const { key, operator, values } of selector.matchExpressions) {
    const actual = ownLabel(labels, key);
    // The same fast path: an absent label or a plain one.
    if (actual === undefined || !actual.startsWith(mark)) {
      if (!holdsFor(operator, values, actual)) return 'none';
      continue;
    }
    perPod = narrowed(labels, key, operator, values, perPod);
    if (perPod?.selected.length === 0) return 'none';
  }
  return perPod === undefined || perPod.selected.length === perPod.count ? 'all' : perPod.selected;
}

/**
 * One requirement on a label a controller sets: for a per-pod label, the ordinals still selected
 * after it; for any other, `noPod` when it fails and the ordinals as they were when it holds.
 */
function narrowed(
  labels: Labels,
  key: string,
  operator: string,
  wanted: readonly string[],
  perPod: { selected: number[]; count: number } | undefined,
): { selected: number[]; count: number } | undefined {
  const value = labelValue(labels, key);
  if (value.kind !== 'perPod') return holds(operator, wanted, value) ? perPod : noPod;
  return { selected: narrowOrdinals(value.values, operator, wanted, perPod?.selected), count: value.values.length };
}

const noPod = { selected: [], count: 0 };

/** LabelSelector semantics: whether the selector selects at least one of the pods. */
export function matchesSelector(selector: LabelSelector, labels: Labels): boolean {
  return selectPods(selector, labels) !== 'none';
}

/** Equality-map semantics (Service `spec.selector`): every pair must be present. */
export function matchesLabels(required: Labels, labels: Labels): boolean {
  for (const key in required) {
    const actual = ownLabel(labels, key);
    if (actual === undefined) return false;
    // Plain labels, by far the most common, are compared here; a label a controller sets (unknown,
    // or per pod, where every key must hold on the same pod) as selectPods does.
    if (actual.startsWith(mark)) return matchesSelector({ matchLabels: required, matchExpressions: [] }, labels);
    if (actual !== required[key]) return false;
  }
  return true;
}

/** `app=web,tier in (a,b)`: the kubectl `-l` form, for messages. */
export function formatSelector(selector: LabelSelector | Labels): string {
  const isLabelSelector = 'matchLabels' in selector && 'matchExpressions' in selector;
  const labels = (isLabelSelector ? (selector as LabelSelector).matchLabels : selector) as Labels;
  const parts = Object.entries(labels).map(([key, value]) => `${key}=${value}`);
  if (isLabelSelector) {
    for (const { key, operator, values } of (selector as LabelSelector).matchExpressions) {
      if (operator === 'Exists') parts.push(key);
      else if (operator === 'DoesNotExist') parts.push(`!${key}`);
      else parts.push(`${key} ${operator === 'NotIn' ? 'notin' : operator === 'In' ? 'in' : operator} (${values.join(',')})`);
    }
  }
  return parts.length === 0 ? '(everything)' : parts.join(',');
}

/** `app=web,tier=api` for a set of labels, without the labels controllers add. */
export function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels).filter(([key]) => !isControllerLabel(labels, key));
  return entries.length === 0 ? '(no labels)' : entries.map(([key, value]) => `${key}=${value}`).join(',');
}

/**
 * The label sets of some pods, those a selector misses by the fewest requirements first (input
 * order among equals), without repeats, up to `shown`: `app=web; app=api; …`, to show what a
 * selector that matches none of them could have said.
 */
export function describeNearestLabels(selector: LabelSelector, labelSets: readonly Labels[], shown = 3): string {
  const ranked = labelSets
    .map((labels) => ({ labels, misses: unmetRequirements(selector, labels).length }))
    .sort((a, b) => a.misses - b.misses);
  // Formatted only until one more than is shown: a namespace may hold thousands of pods.
  const unique = new Set<string>();
  for (const { labels } of ranked) {
    unique.add(formatLabels(labels));
    if (unique.size > shown) break;
  }
  const listed = [...unique];
  return listed.length > shown ? `${listed.slice(0, shown).join('; ')}; …` : listed.join('; ');
}

/** How many of a Service selector's pairs the labels fail: the "distance" used for suggestions. */
export function selectorMisses(required: Labels, labels: Labels): string[] {
  return Object.keys(required).filter((key) => !matchesLabels({ [key]: required[key] as string }, labels));
}

// ---------------------------------------------------------------------------------------------
// Finding candidates fast

/**
 * Items (workloads, pod classes) indexed by their labels, to narrow down which of them a selector
 * may select before matching it against each: selectors name a label value (`app: web`) far more
 * often than not, and most items lack it. Only a superset is returned, in the items' order;
 * selectPods still decides. Items whose value of a label a controller sets (unknown, per pod,
 * per run) are candidates for any value of it.
 */
export class LabelIndex<Item> {
  private readonly byValue = new Map<string, Map<string, number[]>>();
  private readonly controllerSet = new Map<string, number[]>();

  constructor(
    private readonly items: readonly Item[],
    labelsOf: (item: Item) => Labels,
  ) {
    items.forEach((item, position) => {
      const labels = labelsOf(item);
      for (const key of Object.keys(labels)) {
        const value = labels[key] as string;
        if (value.startsWith(mark)) {
          pushTo(this.controllerSet, key, position);
          continue;
        }
        let values = this.byValue.get(key);
        if (!values) this.byValue.set(key, (values = new Map()));
        pushTo(values, value, position);
      }
    });
  }

  /** The items the selector may select (every item when it names no value it requires). */
  candidates(selector: LabelSelector): readonly Item[] {
    const required = requiredValues(selector);
    if (!required) return this.items;
    const values = this.byValue.get(required.key);
    const lists: (readonly number[])[] = [];
    const controllerSet = this.controllerSet.get(required.key);
    if (controllerSet) lists.push(controllerSet);
    for (const value of new Set(required.values)) {
      const positions = values?.get(value);
      if (positions) lists.push(positions);
    }
    // Each list is in item order already (and the lists are disjoint): only several need a sort.
    const positions = lists.length === 1 ? (lists[0] as readonly number[]) : lists.flat().sort((a, b) => a - b);
    return positions.map((position) => this.items[position] as Item);
  }
}

/**
 * Items with selectors (policies), looked up by the labels of some pods: a superset of the items
 * whose selector may select those pods, in item order, for the caller to match exactly (the
 * inverse of LabelIndex). An item is filed under the first pair its selector's matchLabels
 * requires; one whose selector requires none (empty, or expressions only) is a candidate for all.
 */
export class SelectorIndex<Item> {
  private readonly byPair = new Map<string, Map<string, number[]>>();
  private readonly forAll: number[] = [];

  constructor(
    private readonly items: readonly Item[],
    selectorOf: (item: Item) => LabelSelector,
  ) {
    items.forEach((item, position) => {
      const { matchLabels } = selectorOf(item);
      for (const key in matchLabels) {
        let values = this.byPair.get(key);
        if (!values) this.byPair.set(key, (values = new Map()));
        pushTo(values, matchLabels[key] as string, position);
        return;
      }
      this.forAll.push(position);
    });
  }

  candidates(labels: Labels): readonly Item[] {
    const lists: (readonly number[])[] = this.forAll.length > 0 ? [this.forAll] : [];
    for (const key in labels) {
      const values = this.byPair.get(key);
      const value = ownLabel(labels, key);
      if (values === undefined || value === undefined) continue;
      // A value that differs from pod to pod (a StatefulSet's pod-name) may be any of them.
      if (value.startsWith(mark)) lists.push(...values.values());
      else {
        const list = values.get(value);
        if (list) lists.push(list);
      }
    }
    const positions = lists.length === 1 ? (lists[0] as readonly number[]) : lists.flat().sort((a, b) => a - b);
    return positions.map((position) => this.items[position] as Item);
  }
}

function pushTo<Key>(map: Map<Key, number[]>, key: Key, position: number): void {
  const list = map.get(key);
  if (list) list.push(position);
  else map.set(key, [position]);
}

/** A label the selector requires to have one of some values: its first matchLabels pair, or its first `In`. */
/**
 * The values a selector requires of one label key (by matchLabels, or an `In` expression), or
 * undefined when it requires none of that key: `kubernetes.io/metadata.name` pins namespaces by name.
 */
export function valuesRequiredFor(selector: LabelSelector, key: string): readonly string[] | undefined {
  const value = ownLabel(selector.matchLabels, key);
  if (value !== undefined) return [value];
  return selector.matchExpressions.find((e) => e.key === key && e.operator === 'In')?.values;
}

function requiredValues(selector: LabelSelector): { readonly key: string; readonly values: readonly string[] } | undefined {
  for (const key in selector.matchLabels) return { key, values: [selector.matchLabels[key] as string] };
  const expression = selector.matchExpressions.find((e) => e.operator === 'In');
  return expression && { key: expression.key, values: expression.values };
}
