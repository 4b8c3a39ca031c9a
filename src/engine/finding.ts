/**
 * What the pipeline passes around: node references into parsed documents, raw findings that
 * rules yield, and located messages that reporters print.
 */
import type { Origin } from './origin.js';
import type { ParsedDocument } from './parse.js';
import type { Range, SourceFile } from './source.js';

export type Severity = 'error' | 'warning';

/** A path from a document's root: mapping keys and sequence indices. */
export type NodePath = readonly (string | number)[];

/**
 * A place in a parsed document. The engine maps it to a line/column range only when a finding is
 * reported, so rules never deal with positions.
 */
export interface NodeRef {
  readonly doc: ParsedDocument;
  readonly path: NodePath;
  /** Highlight the mapping key of the node instead of the node itself. */
  readonly target?: 'key';
  /** A slice of a string value (a host name inside a URL), in characters of the parsed value. */
  readonly span?: { readonly index: number; readonly length: number };
}

/** A location that is already a range (syntax errors, which have no node). */
export interface FileLocation {
  readonly file: SourceFile;
  readonly range: Range;
  /** The template or resource the text was rendered from (a syntax error in Helm output). */
  readonly origin?: Origin;
}

export interface ObjectIdentity {
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string;
}

export interface RelatedLocation {
  readonly at: NodeRef | FileLocation;
  readonly message: string;
}

/** A YAML scalar a fix writes: rendered plain when YAML reads it back as the same value, else quoted. */
export type FixScalar = string | number | boolean;

/**
 * One change a fix makes, stated on the model's nodes so that rules never compute offsets:
 * - `replace`: the node's text (its key's text, for a ref with `target: 'key'`) becomes `text`;
 * - `insertAfter`: a new sibling after the node, written in the style around it. After a
 *   sequence item it is a new item (`value`); after a mapping entry (a path ending in a key) it is
 *   new entries (`value` must be a mapping), and the fix is dropped if a key is already there.
 */
export type FixEdit =
  | { readonly replace: NodeRef; readonly text: string }
  | { readonly insertAfter: NodeRef; readonly value: FixScalar | Readonly<Record<string, FixScalar>> };

/** Edits that resolve a finding, applied together or not at all. */
export interface Fix {
  /** What the fix does, imperative and short: `add TCP 53 beside UDP 53`. */
  readonly description: string;
  /**
   * Safe fixes keep what the author evidently meant and are applied by `--fix`; unsafe ones are
   * only offered (JSON, SARIF) for a person to review.
   */
  readonly safe: boolean;
  readonly edits: readonly FixEdit[];
}

/**
 * An edit resolved to a file's text: replace `[start, end)` (UTF-16 offsets) with `text`. A fix
 * may change a file other than the finding's (a Service for a StatefulSet's finding).
 */
export interface TextEdit {
  readonly filePath: string;
  readonly start: number;
  readonly end: number;
  /** The same span as lines and columns, for SARIF and JSON consumers. */
  readonly range: Range;
  readonly text: string;
}

export interface LocatedFix {
  readonly description: string;
  readonly safe: boolean;
  /** Sorted by offset; never overlapping. */
  readonly edits: readonly TextEdit[];
}

export interface Finding {
  readonly ruleId: string;
  readonly messageId: string;
  readonly message: string;
  /** The message template's arguments, for SARIF `message.arguments`. */
  readonly data: Readonly<Record<string, string>>;
  readonly severity: Severity;
  readonly at: NodeRef | FileLocation;
  readonly object?: ObjectIdentity;
  readonly related?: readonly RelatedLocation[];
  readonly fix?: Fix;
}

export interface LocatedRelated {
  readonly filePath: string;
  readonly range: Range;
  readonly message: string;
}

/** A finding with its position resolved: what reporters receive. */
export interface LintMessage {
  readonly ruleId: string;
  readonly messageId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly data: Readonly<Record<string, string>>;
  readonly filePath: string;
  readonly range: Range;
  /** True when the exact node was missing and the nearest existing ancestor is shown instead. */
  readonly approximate: boolean;
  /** The YAML path of the reported node inside its document, e.g. `spec.ports[0].targetPort`. */
  readonly nodePath: string;
  readonly object?: ObjectIdentity;
  readonly related: readonly LocatedRelated[];
  /** The Helm template or Kustomize resource the reported text was rendered from, when the input says. */
  readonly origin?: Origin;
  /** The finding's fix, resolved to text offsets in `filePath`, when it has one the engine could place. */
  readonly fix?: LocatedFix;
}

/** How a finding was silenced: by a `netlint-disable-*` comment or a `netlint.io/ignore` annotation. */
export interface Suppression {
  readonly kind: 'directive' | 'annotation';
  /** The reason written with it (`-- reason`, `netlint.io/ignore-reason`), or empty. */
  readonly justification: string;
}

/** A finding a suppression silenced: out of the counts and the exit code, kept for JSON consumers. */
export interface SuppressedMessage extends LintMessage {
  readonly suppressions: readonly Suppression[];
}

/**
 * `base` followed by `rest`, allocated at its exact size. The model keeps one such path per node
 * reference (tens of thousands): an array literal with spreads grows as it is filled and keeps
 * room for 17 entries, which made these paths a third of the model's memory.
 */
export function joinPath(base: NodePath, rest: NodePath): NodePath {
  if (base.length === 0) return rest;
  if (rest.length === 0) return base;
  return base.concat(rest);
}

interface PathTrieNode {
  path: NodePath | undefined;
  readonly children: Map<string | number, PathTrieNode>;
}

const pathTrie: PathTrieNode = { path: undefined, children: new Map() };
let sharedPaths = 0;
/**
 * The table lives as long as the process (an API user may lint many inputs), so it is bounded:
 * the bench's 50,000 documents have a few hundred distinct paths, a varied repository a few
 * thousand. Past the bound, new paths are no longer shared.
 */
const maxSharedPaths = 20_000;

/**
 * One array for every equal path. The model holds a node reference for each field a rule may
 * report on, tens of thousands at 10,000 documents, and their paths repeat from object to object
 * (`spec.template.spec.containers[0].ports[0]`): kept once each, they are a few hundred arrays
 * instead of one per reference, which the collector no longer copies. The array given becomes the
 * shared one when the path is new, so it must not be changed afterwards (paths never are).
 */
export function sharedPath(path: NodePath): NodePath {
  let node = pathTrie;
  for (const segment of path) {
    let next = node.children.get(segment);
    if (next === undefined) {
      if (sharedPaths >= maxSharedPaths) return path;
      next = { path: undefined, children: new Map() };
      node.children.set(segment, next);
      sharedPaths++;
    }
    node = next;
  }
  node.path ??= path;
  return node.path;
}

/** A reference to a field below a node. */
export function childOf(node: NodeRef, ...path: NodePath): NodeRef {
  return { doc: node.doc, path: joinPath(node.path, path) };
}

/** The index of the List item a path lies in (`items[3].spec…` → 3), if it lies in one. */
export function listItemIndex(path: NodePath): number | undefined {
  const [first, second] = path;
  return first === 'items' && typeof second === 'number' ? second : undefined;
}

export function isNodeRef(at: NodeRef | FileLocation): at is NodeRef {
  return (at as NodeRef).doc !== undefined;
}

export function formatNodePath(path: NodePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function describeObject(object: ObjectIdentity): string {
  return object.namespace === undefined
    ? `${object.kind} ${object.name}`
    : `${object.kind} ${object.namespace}/${object.name}`;
}

/**
 * The edit that writes a quoted number as a number (`containerPort: "80"` → `80`): for rules on
 * value types, such as schema-violation.
 */
export function unquoteNumber(at: NodeRef, value: number): Fix {
  return { description: `write ${value} as a number, not a string`, safe: true, edits: [{ replace: at, text: String(value) }] };
}
