/**
 * Locate: node references → line/column ranges.
 *
 * The `yaml` package keeps exact source ranges for every node (through comments, anchors, flow
 * style). Parsing with it is slow, so it runs only on the documents that have findings, once each.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Scalar } from 'yaml';
import type { ParsedDocument } from './parse.js';
import { rangeOf, type Range } from './source.js';
import type { NodeRef } from './finding.js';

export interface Location {
  readonly range: Range;
  /** The exact node was missing; the range shows its nearest existing ancestor. */
  readonly approximate: boolean;
}

const positionDocuments = new WeakMap<ParsedDocument, Document>();

function positionDocument(doc: ParsedDocument): Document {
  let parsed = positionDocuments.get(doc);
  if (!parsed) {
    parsed = parseDocument(doc.text, { merge: true, uniqueKeys: false, strict: false, prettyErrors: false });
    positionDocuments.set(doc, parsed);
  }
  return parsed;
}

type Span = readonly [number, number];

function resolveAlias(node: unknown, document: Document): unknown {
  let current = node;
  for (let depth = 0; isAlias(current) && depth < 32; depth++) current = current.resolve(document);
  return current;
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  // With merge keys on, `<<` parses to a symbol; compare it by its source text.
  if (isScalar(key)) return typeof key.value === 'symbol' ? '<<' : String(key.value);
  if (key === null || key === undefined) return undefined;
  return String(key);
}

/** Finds a key in a mapping, looking through merge keys (`<<: *base`) the way values were built. */
function findPair(map: unknown, key: string, document: Document, depth = 0): Pair | undefined {
  if (!isMap(map) || depth > 16) return undefined;
  for (let i = map.items.length - 1; i >= 0; i--) {
    const pair = map.items[i] as Pair;
    if (keyText(pair) === key) return pair;
  }
  for (const pair of map.items as Pair[]) {
    if (keyText(pair) !== '<<') continue;
    const sources = resolveAlias(pair.value, document);
    const candidates = isSeq(sources) ? sources.items.map((item) => resolveAlias(item, document)) : [sources];
    for (const source of candidates) {
      const found = findPair(source, key, document, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function nodeSpan(node: unknown): Span | undefined {
  const range = (node as Node | null)?.range;
  return range ? [range[0], range[1]] : undefined;
}

/**
 * The first line of a collection: what an editor would underline for "this block". It ends with
 * the first entry when that entry sits on the line, so a trailing comment is not underlined.
 */
function firstLineSpan(text: string, node: unknown, span: Span): Span {
  const newline = text.indexOf('\n', span[0]);
  const lineEnd = newline === -1 || newline > span[1] ? span[1] : newline;
  let end = lineEnd;
  const first = (isMap(node) || isSeq(node)) && !(node as { flow?: boolean }).flow ? (node.items[0] as unknown) : undefined;
  if (first !== undefined) {
    const entryEnd = isPair(first) ? (nodeSpan(first.value) ?? nodeSpan(first.key))?.[1] : nodeSpan(first)?.[1];
    if (entryEnd !== undefined && entryEnd <= lineEnd) end = entryEnd;
  }
  while (end > span[0] && /\s/.test(text[end - 1] as string)) end--;
  return [span[0], end];
}

/**
 * A slice of a scalar's value, found in its source text (quotes, escapes and block indentation
 * shift it). A block scalar's content starts after its header line, which may hold a comment.
 * Returns undefined when the source spells the slice differently (escapes).
 */
function spanWithinScalar(text: string, span: Span, scalar: Scalar, slice: { index: number; length: number }): Span | undefined {
  const value = String(scalar.value);
  const wanted = value.slice(slice.index, slice.index + slice.length);
  if (!wanted) return undefined;
  let occurrence = 0;
  for (let i = value.indexOf(wanted); i !== -1 && i < slice.index; i = value.indexOf(wanted, i + 1)) occurrence++;
  let from = span[0];
  if (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') {
    const headerEnd = text.indexOf('\n', span[0]);
    if (headerEnd !== -1) from = headerEnd + 1;
  }
  const source = text.slice(from, span[1]);
  let at = -1;
  for (let n = 0; n <= occurrence; n++) {
    at = source.indexOf(wanted, at + 1);
    if (at === -1) return undefined;
  }
  return [from + at, from + at + wanted.length];
}

interface Walk {
  node: unknown;
  pair: Pair | undefined;
  reached: number;
}

function walk(document: Document, path: NodeRef['path']): Walk {
  let node: unknown = document.contents;
  let pair: Pair | undefined;
  let reached = 0;
  for (const segment of path) {
    const container = resolveAlias(node, document);
    if (isMap(container)) {
      const next = findPair(container, String(segment), document);
      if (!next) break;
      pair = next;
      node = next.value;
    } else if (isSeq(container) && typeof segment === 'number' && segment < container.items.length) {
      pair = undefined;
      node = container.items[segment];
    } else {
      break;
    }
    reached++;
  }
  return { node, pair, reached };
}

function spanOf(doc: ParsedDocument, ref: NodeRef, found: Walk, exact: boolean): { span: Span; exact: boolean } {
  const { node, pair } = found;
  const wantsKey = ref.target === 'key' || node === null || node === undefined;
  if (pair && isPair(pair) && (wantsKey || isMap(node) || isSeq(node))) {
    const keySpan = nodeSpan(pair.key);
    if (keySpan) return { span: keySpan, exact };
  }
  const span = nodeSpan(node);
  if (!span) return { span: [0, 0], exact: false };
  if (isScalar(node) && exact && ref.span && typeof node.value === 'string') {
    const inner = spanWithinScalar(doc.text, span, node, ref.span);
    return inner ? { span: inner, exact } : { span, exact: false };
  }
  if (isMap(node) || isSeq(node)) return { span: firstLineSpan(doc.text, node, span), exact };
  return { span, exact };
}

export function locate(ref: NodeRef): Location {
  const { doc } = ref;
  const document = positionDocument(doc);
  const found = walk(document, ref.path);
  const { span, exact } = spanOf(doc, ref, found, found.reached === ref.path.length);
  return { range: rangeOf(doc.file, doc.offset + span[0], doc.offset + span[1]), approximate: !exact };
}
