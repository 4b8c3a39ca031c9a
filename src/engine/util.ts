/** Small helpers shared across the engine and reporters. */

/** Code-unit order, the same on every machine (localeCompare is not). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Items grouped by a key, keeping their order within each group. */
export function groupBy<K, T>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The largest of many numbers (a spread into Math.max overflows the stack on large inputs). */
export function widest(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), 0);
}

/** `a.yaml, b.yaml, c.yaml and 4 more`: enough names to find them, one line however many. */
export function someNames(names: readonly string[], shown = 3): string {
  const head = names.slice(0, shown).join(', ');
  return names.length > shown ? `${head} and ${names.length - shown} more` : head;
}

/** Two rows of edit distances, reused by every call (names are short; the rows grow when one is not). */
let rows = [new Int32Array(64), new Int32Array(64)] as const;

/** Levenshtein distance: how many single-character edits turn one name into the other. */
export function editDistance(a: string, b: string): number {
  if (rows[0].length <= b.length) rows = [new Int32Array(b.length + 1), new Int32Array(b.length + 1)];
  let [previous, current] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const letter = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = letter === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}

/** The candidate a misspelt name most likely meant (a quarter of its letters wrong at most), for "did you mean". */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 4));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // The lengths alone rule most candidates out: each extra letter is an edit.
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(name, candidate);
    if (distance > limit) continue;
    if (distance < bestDistance || (distance === bestDistance && compareText(candidate, best as string) < 0)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * One empty list for every field that has nothing: the model keeps tens of thousands of them (a
 * workload's own host names, a selector's expressions, an object's path from its document) for
 * the whole run, and each kept list is work for the collector. Frozen, so no one can fill it.
 */
export const emptyList: readonly never[] = Object.freeze([]);

/**
 * The items in an array of their exact length, or emptyList. Arrays filled by push(), filter() or
 * flatMap() keep room for 17 entries however few they hold; the model keeps tens of thousands of
 * short lists for the whole run.
 */
export function exactSize<T>(items: readonly T[]): readonly T[] {
  return items.length === 0 ? emptyList : items.slice();
}

/** The value remembered for a key, computed and remembered on first use. */
export function remembered<K, V>(map: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, compute: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = compute();
    map.set(key, value);
  }
  return value;
}
