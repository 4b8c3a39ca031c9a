/**
 * Aliases that Kubernetes' YAML reader refuses and js-yaml accepts: one inside the very node its
 * anchor names (`metadata: &m {labels: {<<: *m}}`), and expansions past limits.aliasNodes (an
 * alias bomb). js-yaml builds the first as a value that contains itself, or, through a merge key,
 * as a copy of the half-read mapping, which is not what anyone meant either.
 */
import type { NodePath } from './finding.js';
import type { NodeTable, PositionNode } from './positions.js';

/**
 * The first alias that stands inside the node its anchor names, if any. Nodes come in document
 * order, so the anchor an alias means is the last one of that name seen before it.
 */
export function selfReferencingAlias(table: NodeTable, nodeCount: number): PositionNode | undefined {
  const anchors = new Map<string, PositionNode>();
  for (let i = 0; i < nodeCount; i++) {
    const node = table.node(i);
    const alias = table.aliasName(node);
    if (alias === undefined) {
      if (node.anchor !== undefined) anchors.set(node.anchor, node);
      continue;
    }
    const target = anchors.get(alias);
    if (target && target.start <= node.start && node.start < target.end) return node;
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
