/**
 * Aliases that Kubernetes' YAML reader refuses and js-yaml accepts: one inside the very node its
 * anchor names (`metadata: &m {labels: {<<: *m}}`), and expansions past limits.aliasNodes (an
 * alias bomb). js-yaml builds the first as a value that contains itself, or, through a merge key,
 * as a copy of the half-read mapping, which is not what anyone meant either.
 */
import type { NodePath } from './finding.js';
import { OPEN, parentOf, positionFields } from './positions.js';

/** An alias as written: where `*name` starts in the document text, and the name. */
export interface AliasUse {
  readonly start: number;
  readonly name: string;
}

const nameEnd = /[\s,[\]{}]/g;

/** The `&name` or `*name` a node starts with (after separation), if it starts with one. */
function propertyAt(text: string, from: number): { sign: string; start: number; name: string } | undefined {
  let at = from;
  while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\r' || text[at] === '\n')) at++;
  const sign = text[at];
  if (sign !== '&' && sign !== '*') return undefined;
  nameEnd.lastIndex = at + 1;
  const end = nameEnd.exec(text)?.index ?? text.length;
  return { sign, start: at, name: text.slice(at + 1, end) };
}

/**
 * The first alias that stands inside the node its anchor names, if any, from the node positions
 * recorded during the parse. Nodes come in document order, so the anchor an alias means is the
 * last one of that name seen before it, and the alias is inside it when that node is one of its
 * ancestors. Only the text where each node opens is read, so this costs little per node.
 */
export function selfReferencingAlias(text: string, nodes: Int32Array): AliasUse | undefined {
  const anchors = new Map<string, number>();
  const count = nodes.length / positionFields;
  for (let i = 0; i < count; i++) {
    const property = propertyAt(text, nodes[i * positionFields + OPEN] as number);
    if (!property) continue;
    if (property.sign === '&') {
      anchors.set(property.name, i);
      continue;
    }
    const anchor = anchors.get(property.name);
    if (anchor === undefined) continue;
    for (let up = parentOf(nodes, i); up >= 0; up = parentOf(nodes, up)) {
      if (up === anchor) return { start: property.start, name: property.name };
    }
  }
  return undefined;
}

export type AliasProblem =
  /** An alias inside the node it refers to: the value contains itself. */
  | { readonly type: 'cycle'; readonly path: NodePath }
  /** Aliases expand the document past the limit; path is the alias that crossed it. */
  | { readonly type: 'expansion'; readonly path: NodePath };

class Found {
  constructor(readonly problem: AliasProblem) {}
}

/**
 * Whether a parsed value contains itself or expands, through shared (aliased) nodes, to more than
 * `limit` nodes beyond its own. js-yaml gives an alias the very object its anchor made, so a
 * node met a second time is an alias use and adds its whole expanded size. Sizes are remembered
 * per object, so the walk visits each distinct node once, however large the expansion.
 */
export function aliasProblem(value: unknown, limit: number): AliasProblem | undefined {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  const path: (string | number)[] = [];
  let added = 0;
  const sizeOf = (node: unknown): number => {
    if (typeof node !== 'object' || node === null) return 1;
    const known = sizes.get(node);
    if (known !== undefined) {
      added += known;
      if (added > limit) throw new Found({ type: 'expansion', path: [...path] });
      return known;
    }
    if (open.has(node)) throw new Found({ type: 'cycle', path: [...path] });
    open.add(node);
    let size = 1;
    const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((item, index) => [index, item]) : Object.entries(node);
    for (const [key, child] of entries) {
      path.push(key);
      size += sizeOf(child);
      path.pop();
    }
    open.delete(node);
    sizes.set(node, size);
    return size;
  };
  try {
    sizeOf(value);
    return undefined;
  } catch (error) {
    if (error instanceof Found) return error.problem;
    throw error;
  }
}
