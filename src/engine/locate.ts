/**
 * Locate: node references → offset spans (locateSpan, for fixes) and line/column ranges (locate,
 * for findings), one walk for both.
 *
 * Positions come from the parse that read the document, js-yaml's or the plain reader's
 * (`positions.ts` records where each node opens and closes; parse.ts's positionsOf says when); here
 * a path is walked through those nodes, following aliases and merge keys the way the
 * values were built, and the result is the narrowest span: a scalar, a mapping key, a slice of a
 * string, or the first line of a collection.
 */
import type { ParsedDocument } from './parse.js';
import { positionsOf } from './parse.js';
import { NodeKind, NodeTable, type PositionNode } from './positions.js';
import { rangeOf, type Range } from './source.js';
import type { NodeRef } from './finding.js';

export interface Location {
  readonly range: Range;
  /** The exact node was missing; the range shows its nearest existing ancestor. */
  readonly approximate: boolean;
}

type Span = readonly [number, number];

const tables = new WeakMap<ParsedDocument, NodeTable | undefined>();

function tableOf(doc: ParsedDocument): NodeTable | undefined {
  if (!tables.has(doc)) {
    const nodes = positionsOf(doc);
    tables.set(doc, nodes ? new NodeTable(doc.text, nodes) : undefined);
  }
  return tables.get(doc);
}

/** An alias stands for the node that carries its anchor. */
function resolveAlias(table: NodeTable, node: PositionNode): PositionNode {
  let current = node;
  for (let depth = 0; depth < 32; depth++) {
    const name = table.aliasName(current);
    const target = name === undefined ? undefined : table.anchored(name, current.start);
    if (!target) return current;
    current = target;
  }
  return current;
}

interface Entry {
  readonly key: PositionNode;
  readonly value: PositionNode | undefined;
}

/** Finds a key in a mapping, looking through merge keys (`<<: *base`) the way values were built. */
function findEntry(table: NodeTable, map: PositionNode, key: string, depth = 0): Entry | undefined {
  if (map.kind !== NodeKind.Mapping || depth > 16) return undefined;
  const own = table.entry(map, key);
  if (own) return own;
  for (const pair of table.pairs(map)) {
    if (table.keyText(pair.key) !== '<<' || !pair.value) continue;
    const sources = resolveAlias(table, pair.value);
    const candidates = sources.kind === NodeKind.Sequence ? table.items(sources).map((item) => resolveAlias(table, item)) : [sources];
    for (const source of candidates) {
      const found = findEntry(table, source, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

interface Walk {
  node: PositionNode | undefined;
  key: PositionNode | undefined;
  /** The parsed value at the node, for slices of strings. */
  value: unknown;
  reached: number;
}

function child(value: unknown, segment: string | number): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined;
}

function walk(table: NodeTable, root: PositionNode, doc: ParsedDocument, path: NodeRef['path']): Walk {
  let node: PositionNode | undefined = root;
  let key: PositionNode | undefined;
  let value = doc.value;
  let reached = 0;
  for (const segment of path) {
    if (!node) break;
    const container = resolveAlias(table, node);
    if (container.kind === NodeKind.Mapping) {
      const entry = findEntry(table, container, String(segment));
      if (!entry) break;
      key = entry.key;
      node = entry.value;
    } else if (container.kind === NodeKind.Sequence && typeof segment === 'number') {
      const items = table.items(container);
      // Counts that differ mean the items could not be matched with the value's entries.
      if (!Array.isArray(value) || items.length !== value.length || segment >= items.length) break;
      key = undefined;
      node = items[segment];
    } else {
      break;
    }
    value = child(value, segment);
    reached++;
  }
  return { node, key, value, reached };
}

/**
 * The first line of a collection: what an editor would underline for "this block". It ends with
 * the first entry when that entry sits on the line, so a trailing comment is not underlined.
 */
function firstLineSpan(table: NodeTable, node: PositionNode): Span {
  const text = table.text;
  const newline = text.indexOf('\n', node.start);
  const lineEnd = newline === -1 || newline > node.end ? node.end : newline;
  let end = lineEnd;
  if (!table.isFlow(node)) {
    const first = node.kind === NodeKind.Mapping ? table.pairs(node)[0] : table.items(node)[0];
    const entryEnd = first === undefined ? undefined : 'key' in first ? (first.value ?? first.key).end : first.end;
    if (entryEnd !== undefined && entryEnd <= lineEnd) end = entryEnd;
  }
  while (end > node.start && /\s/.test(text[end - 1] as string)) end--;
  return [node.start, end];
}

/**
 * A slice of a scalar's value, found in its source text (quotes, escapes and block indentation
 * shift it). A block scalar's content starts after its header line, which may hold a comment.
 * Returns undefined when the source spells the slice differently (escapes).
 */
function spanWithinScalar(table: NodeTable, node: PositionNode, value: string, slice: { index: number; length: number }): Span | undefined {
  const wanted = value.slice(slice.index, slice.index + slice.length);
  if (!wanted) return undefined;
  let occurrence = 0;
  for (let i = value.indexOf(wanted); i !== -1 && i < slice.index; i = value.indexOf(wanted, i + 1)) occurrence++;
  let from = node.start;
  if (table.isBlockScalar(node)) {
    const headerEnd = table.text.indexOf('\n', node.start);
    if (headerEnd !== -1) from = headerEnd + 1;
  }
  const source = table.text.slice(from, node.end);
  let at = -1;
  for (let n = 0; n <= occurrence; n++) {
    at = source.indexOf(wanted, at + 1);
    if (at === -1) return undefined;
  }
  return [from + at, from + at + wanted.length];
}

function spanOf(table: NodeTable, ref: NodeRef, found: Walk, exact: boolean): { span: Span; exact: boolean } {
  const { node, key } = found;
  // js-yaml gives an alias no kind of its own; it is a node all the same.
  const alias = node !== undefined && table.aliasName(node) !== undefined;
  const empty = !node || (node.kind === NodeKind.Empty && !alias);
  const collection = !empty && !alias && (node.kind === NodeKind.Mapping || node.kind === NodeKind.Sequence);
  if (key && (ref.target === 'key' || empty || collection)) return { span: [key.start, key.end], exact };
  if (!node) return { span: [0, 0], exact: false };
  // An empty entry of a sequence (a bare `-`) is shown at its `-`.
  if (empty) return node.end > node.start ? { span: [node.start, node.end], exact } : { span: [0, 0], exact: false };
  if (node.kind === NodeKind.Scalar && exact && ref.span && typeof found.value === 'string') {
    const inner = spanWithinScalar(table, node, found.value, ref.span);
    return inner ? { span: inner, exact } : { span: [node.start, node.end], exact: false };
  }
  if (collection) return { span: firstLineSpan(table, node), exact };
  return { span: [node.start, node.end], exact };
}

/** Where a node is as offsets into its file's text: what fixes edit. */
export interface OffsetSpan {
  readonly start: number;
  readonly end: number;
  /** The exact node was missing; the span is its nearest existing ancestor's. */
  readonly approximate: boolean;
}

export function locateSpan(ref: NodeRef): OffsetSpan {
  return locateSpanIn(tableOf(ref.doc), ref);
}

/** locateSpan with the document's positions read from a given table (the tests compare readers' tables). */
export function locateSpanIn(table: NodeTable | undefined, ref: NodeRef): OffsetSpan {
  const { doc } = ref;
  const root = table?.root;
  if (!table || !root) return { start: doc.offset, end: doc.offset, approximate: true };
  const found = walk(table, root, doc, ref.path);
  const { span, exact } = spanOf(table, ref, found, found.reached === ref.path.length);
  return { start: doc.offset + span[0], end: doc.offset + span[1], approximate: !exact };
}

/** Where a node is as lines and columns: what findings show. */
export function locate(ref: NodeRef): Location {
  const { start, end, approximate } = locateSpan(ref);
  return { range: rangeOf(ref.doc.file, start, end), approximate };
}

/** `file:line:column` of a node, as explanations and diffs name where something is written. */
export function positionText(ref: NodeRef): string {
  const { range } = locate(ref);
  return `${ref.doc.file.path}:${range.line}:${range.column}`;
}
