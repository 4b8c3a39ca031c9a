/**
 * Node positions from the parse that read a document with js-yaml, or, for a document the plain
 * reader read (`plain-yaml.ts`), from reading it again when a finding first needs a position.
 *
 * js-yaml calls a `listener` when it opens and closes each node. The recorder keeps, per node in
 * opening order, three integers: where the parser stood when it opened the node, where it stood
 * when it closed it, and the node's parent and kind packed into one (three integers rather than
 * four: at 50,000 documents the arena is most of 50 MiB). That is all the structure there is to keep; the
 * exact spans (past indentation, comments, anchors and tags; before trailing comments) and the
 * pairing of keys with values are worked out from the document text only when a finding needs a
 * position (`NodeTable`).
 */
import type { State } from 'js-yaml';
import { remembered } from './util.js';

/** Where a reader reports each node it opens and closes, as js-yaml's listener does. */
export interface PositionSink {
  open(position: number): void;
  /** `null` for an empty node: the value of a `key:` written without one. */
  close(position: number, kind: 'scalar' | 'sequence' | 'mapping' | null): void;
}

/** Integers recorded per node, and which is which (read by aliases.ts as well). */
export const positionFields = 3;
const fields = positionFields;
export const OPEN = 0;
const CLOSE = 1;
/** `(parent + 1) << 2 | kind`: the parent's index is -1 for the root, and a kind takes two bits. */
const LINK = 2;

/** The index of a node's parent, -1 for the document's root node. */
export function parentOf(nodes: Int32Array, index: number): number {
  return ((nodes[index * fields + LINK] as number) >> 2) - 1;
}

function kindOf(nodes: Int32Array, index: number): NodeKind {
  return ((nodes[index * fields + LINK] as number) & 3) as NodeKind;
}

export const enum NodeKind {
  Empty = 0,
  Scalar = 1,
  Sequence = 2,
  Mapping = 3,
}

function kindCode(kind: string | null): NodeKind {
  if (kind === 'scalar') return NodeKind.Scalar;
  if (kind === 'sequence') return NodeKind.Sequence;
  if (kind === 'mapping') return NodeKind.Mapping;
  return NodeKind.Empty;
}

/**
 * One recorder serves every parse in turn. Nodes are written straight into a shared arena, and a
 * finished document keeps a view of its own stretch of it: no copy and no buffer per document
 * (allocating tens of thousands of small typed arrays costs more than the recording itself).
 * Parsing is synchronous, so there is no sharing to guard against.
 */
class Recorder {
  private arena = new Int32Array(arenaSize);
  /** Where the document being parsed starts in the arena, and where its next node goes. */
  private first = 0;
  private next = 0;
  private stack = new Int32Array(256);
  private depth = 0;

  readonly listener = (event: 'open' | 'close', state: State): void => {
    if (event === 'open') this.open(state.position);
    else {
      this.close(state.position, state.kind);
      if (state.kind === 'sequence') compactSequence(state);
    }
  };

  /** The same recording for the plain reader, which says where each node's content starts and ends. */
  readonly sink: PositionSink = {
    open: (position) => this.open(position),
    close: (position, kind) => this.close(position, kind),
  };

  /** Starts a document, dropping whatever an unfinished one (a parse that threw) left. */
  reset(): void {
    this.next = this.first;
    this.depth = 0;
  }

  private open(position: number): void {
    if (this.next + fields > this.arena.length) this.moveToNewArena();
    if (this.depth >= this.stack.length) this.stack = grow(this.stack);
    const at = this.next;
    const index = (at - this.first) / fields;
    this.arena[at + OPEN] = position;
    const parent = this.depth > 0 ? (this.stack[this.depth - 1] as number) : -1;
    this.arena[at + LINK] = (parent + 1) << 2;
    this.stack[this.depth++] = index;
    this.next += fields;
  }

  private close(position: number, kind: string | null): void {
    const at = this.first + (this.stack[--this.depth] as number) * fields;
    this.arena[at + CLOSE] = position;
    this.arena[at + LINK] = (this.arena[at + LINK] as number) | kindCode(kind);
  }

  /** The current document does not fit: carry its nodes so far over to a fresh, large enough arena. */
  private moveToNewArena(): void {
    const used = this.next - this.first;
    const fresh = new Int32Array(Math.max(arenaSize, used * 2));
    fresh.set(this.arena.subarray(this.first, this.next));
    this.arena = fresh;
    this.first = 0;
    this.next = used;
  }

  /** The nodes of the document just parsed. */
  take(): Int32Array {
    const nodes = this.arena.subarray(this.first, this.next);
    this.first = this.next;
    return nodes;
  }
}

/**
 * js-yaml fills a sequence with push(), which leaves room for 17 entries in even a one-item list;
 * the documents are kept for the whole run, so that slack was a third of their memory. A closed
 * sequence is swapped for an exact copy, unless an anchor already names the original (aliases must
 * share it).
 */
function compactSequence(state: State & { readonly anchor?: string | null }): void {
  const items: unknown = state.result;
  if (state.anchor == null && Array.isArray(items)) state.result = items.slice();
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** 256k integers (1 MiB) per arena: a few thousand documents' worth. */
const arenaSize = 1 << 18;

export const recorder = new Recorder();

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isBreakOrSpace = (c: string | undefined): boolean => c === undefined || isSpace(c);
const flowIndicators = new Set([',', '[', ']', '{', '}']);

export interface Pair {
  readonly key: PositionNode;
  value: PositionNode | undefined;
}

/** A node as locate sees it: where its content starts and ends in the document text. */
export interface PositionNode {
  readonly index: number;
  readonly kind: NodeKind;
  /** Start of the content, after indentation, comments, anchor and tag. */
  readonly start: number;
  readonly end: number;
  /** Anchor name (`&name`) written before the content, if any. */
  readonly anchor: string | undefined;
}

/** The recorded nodes of one document, read back against its text. */
export class NodeTable {
  private readonly children: number[][];
  private readonly cache = new Map<number, PositionNode>();
  private readonly pairCache = new Map<number, Pair[]>();
  private readonly itemCache = new Map<number, readonly PositionNode[]>();
  private readonly keyIndex = new Map<number, Map<string, Pair>>();

  constructor(
    readonly text: string,
    private readonly nodes: Int32Array,
  ) {
    const count = nodes.length / fields;
    this.children = Array.from({ length: count }, () => []);
    for (let i = 1; i < count; i++) {
      const parent = parentOf(nodes, i);
      if (parent >= 0) this.children[parent]?.push(i);
    }
  }

  get root(): PositionNode | undefined {
    return this.nodes.length > 0 ? this.effective(0) : undefined;
  }

  private raw(index: number, field: number): number {
    return this.nodes[index * fields + field] as number;
  }

  node(index: number): PositionNode {
    let node = this.cache.get(index);
    if (!node) {
      const { start, anchor } = this.contentStart(this.raw(index, OPEN));
      node = { index, kind: kindOf(this.nodes, index), start, end: 0, anchor };
      node = { ...node, end: this.contentEnd(node) };
      this.cache.set(index, node);
    }
    return node;
  }

  /**
   * js-yaml tries a block mapping wherever one may start, and when the first "key" has no colon
   * keeps it as the value: that value is then a node inside an outer node that starts at the same
   * place. The inner one is the node as written.
   */
  effective(index: number): PositionNode {
    let node = this.node(index);
    for (let depth = 0; depth < 8; depth++) {
      const inner = this.children[node.index];
      if (inner?.length !== 1 || this.raw(inner[0] as number, OPEN) !== node.start) break;
      const child = this.node(inner[0] as number);
      // A block scalar that is a sequence entry (`- |`) holds an empty node where its text starts: it is the node.
      if (child.kind === NodeKind.Empty) break;
      node = { ...child, anchor: child.anchor ?? node.anchor };
    }
    return node;
  }

  /**
   * The entries of a sequence, in order. An entry written as a bare `-` (an empty item, as a Helm
   * conditional can render) is null in the value, but js-yaml composes no node for it: it is
   * found from the `-` indicators of a block sequence, and stands as an empty node at its `-`.
   */
  items(node: PositionNode): readonly PositionNode[] {
    // Remembered: finding the `-` indicators reads the whole sequence, and every path through a
    // List's `items` passes here (a List of 2,000 objects took 1.6 s where its documents took 0.6 s).
    return node.index < 0 ? this.readItems(node) : remembered(this.itemCache, node.index, () => this.readItems(node));
  }

  private readItems(node: PositionNode): readonly PositionNode[] {
    const children = (this.children[node.index] ?? []).map((i) => this.effective(i));
    if (this.isFlow(node) || this.text[node.start] !== '-') return children;
    const indicators = this.entryIndicators(node.start);
    if (indicators.length === children.length) return children;
    // Each recorded entry belongs to the last indicator before it; an indicator with none is empty.
    const items: PositionNode[] = [];
    let next = 0;
    for (const [k, indicator] of indicators.entries()) {
      const following = indicators[k + 1] ?? Infinity;
      const child = children[next];
      if (child && child.start > indicator && child.start < following) {
        items.push(child);
        next++;
      } else {
        items.push({ index: -1, kind: NodeKind.Empty, start: indicator, end: indicator + 1, anchor: undefined });
      }
    }
    return items;
  }

  /**
   * Offsets of the `-` of each entry of the block sequence starting at `start`: the lines whose
   * content starts at the sequence's column with `-` and a space or line end, up to the first line
   * with content at that column or left of it that is no such entry. Blank and comment lines do not end it.
   */
  private entryIndicators(start: number): number[] {
    const text = this.text;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const column = start - lineStart;
    const indicators = [start];
    let at = text.indexOf('\n', start);
    while (at !== -1) {
      const line = at + 1;
      let content = line;
      while (text[content] === ' ') content++;
      at = text.indexOf('\n', line);
      const first = text[content];
      if (first === undefined || first === '\n' || first === '\r' || first === '#') continue;
      if (content - line > column) continue;
      if (content - line < column || first !== '-' || !isBreakOrSpace(text[content + 1])) break;
      indicators.push(content);
    }
    return indicators;
  }

  /**
   * The key–value pairs of a mapping. A child followed by `:` on its line is a key; the child after
   * it, unless it is itself a key, is its value (js-yaml composes an empty node for `key:`).
   */
  pairs(node: PositionNode): readonly Pair[] {
    const cached = this.pairCache.get(node.index);
    if (cached) return cached;
    const pairs: Pair[] = [];
    this.pairCache.set(node.index, pairs);
    for (const child of this.children[node.index] ?? []) {
      const last = pairs[pairs.length - 1];
      if (this.isKey(child) || !last || last.value) pairs.push({ key: this.node(child), value: undefined });
      else last.value = this.effective(child);
    }
    return pairs;
  }

  /** The pair with this key written in the mapping itself (the last one, as when values are built). */
  entry(node: PositionNode, key: string): Pair | undefined {
    let index = this.keyIndex.get(node.index);
    if (!index) {
      index = new Map();
      for (const pair of this.pairs(node)) index.set(this.keyText(pair.key), pair);
      this.keyIndex.set(node.index, index);
    }
    return index.get(key);
  }

  private isKey(index: number): boolean {
    const node = this.node(index);
    let at = node.end;
    while (this.text[at] === ' ' || this.text[at] === '\t') at++;
    return this.text[at] === ':';
  }

  /** The text of a scalar key as a string, the way js-yaml stores mapping keys. */
  keyText(node: PositionNode): string {
    const source = this.text.slice(node.start, node.end);
    if (source.startsWith("'")) return source.slice(1, -1).replace(/''/g, "'");
    if (source.startsWith('"')) {
      try {
        return JSON.parse(source) as string;
      } catch {
        return source.slice(1, -1);
      }
    }
    return source;
  }

  /** The alias name when the node is `*name`. */
  aliasName(node: PositionNode): string | undefined {
    if (this.text[node.start] !== '*') return undefined;
    return this.text.slice(node.start + 1, node.end);
  }

  /** The node that carries `&name`, the last one before `before` (anchors may be redefined). */
  anchored(name: string, before: number): PositionNode | undefined {
    let found: PositionNode | undefined;
    for (let i = 0; i < this.children.length; i++) {
      if (this.raw(i, OPEN) >= before) break;
      const node = this.node(i);
      if (node.anchor === name && node.start < before) found = this.effective(i);
    }
    return found;
  }

  isFlow(node: PositionNode): boolean {
    const first = this.text[node.start];
    return first === '[' || first === '{';
  }

  isBlockScalar(node: PositionNode): boolean {
    const first = this.text[node.start];
    return node.kind === NodeKind.Scalar && (first === '|' || first === '>');
  }

  /** Skips separation (spaces, line breaks, comments) and properties (`&anchor`, `!tag`). */
  private contentStart(from: number): { start: number; anchor: string | undefined } {
    const text = this.text;
    let at = from;
    let anchor: string | undefined;
    for (;;) {
      while (isSpace(text[at])) at++;
      if (text[at] === '#' && (at === 0 || isBreakOrSpace(text[at - 1]))) {
        while (at < text.length && text[at] !== '\n') at++;
        continue;
      }
      if (text[at] === '&' || text[at] === '!') {
        const tokenStart = at;
        while (at < text.length && !isSpace(text[at])) at++;
        if (text[tokenStart] === '&') anchor = text.slice(tokenStart + 1, at);
        continue;
      }
      return { start: at, anchor };
    }
  }

  /**
   * Where the content ends. js-yaml stops after trailing spaces and, for aliases and block
   * collections, after the comments that follow; those are never part of the node.
   */
  private contentEnd(node: Omit<PositionNode, 'end'>): number {
    const text = this.text;
    if (text[node.start] === '*') {
      let at = node.start + 1;
      while (at < text.length && !isSpace(text[at]) && !flowIndicators.has(text[at] as string)) at++;
      return at;
    }
    const first = text[node.start];
    const block = (node.kind === NodeKind.Mapping || node.kind === NodeKind.Sequence) && first !== '[' && first !== '{';
    const kids = this.children[node.index] ?? [];
    if (block && kids.length > 0) return this.node(kids[kids.length - 1] as number).end;
    // js-yaml reads a text as if it ended with a line break: its last node can close past the end.
    let end = Math.min(this.raw(node.index, CLOSE), text.length);
    while (end > node.start && isSpace(text[end - 1])) end--;
    return Math.max(end, node.start);
  }
}
