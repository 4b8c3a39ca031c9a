/**
 * Fixes: the edits a rule attaches to a finding, resolved to offsets in the source text, and
 * applied to it. Everything works on the text, never on a re-dumped YAML tree, so comments,
 * quoting, flow style and the documents around an edit stay as they were.
 *
 * Nodes are found with `locateSpan` (the same walk that positions findings); the few things it does
 * not say (where a block ends, whether a sibling sits in flow or block style) are read from the
 * text around the node.
 */
import { locateSpan, type OffsetSpan } from './locate.js';
import { rangeOf, type SourceFile } from './source.js';
import type { Fix, FixEdit, FixScalar, LocatedFix, NodeRef, TextEdit } from './finding.js';

type Value = FixScalar | Readonly<Record<string, FixScalar>>;

const reservedPlain = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;

/** A scalar as YAML text: plain when YAML reads it back as the same value, else double-quoted. */
export function yamlScalar(value: FixScalar): string {
  if (typeof value !== 'string') return String(value);
  return /^[A-Za-z_][\w./-]*$/.test(value) && !reservedPlain.test(value) ? value : JSON.stringify(value);
}

/** The offsets of a node, or undefined when the node is not in the text as the model saw it. */
function exactSpan(ref: NodeRef): OffsetSpan | undefined {
  const span = locateSpan(ref);
  return span.approximate ? undefined : span;
}

function lineStartBefore(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

function lineEndFrom(text: string, offset: number): number {
  const match = /\r?\n|\r/.exec(text.slice(offset));
  return match ? offset + match.index : text.length;
}

/**
 * Where a block node that starts on `lineStart`'s line ends: its last line is the last one below
 * it indented deeper than `column` (blank and comment lines in between belong to it; trailing
 * ones do not).
 */
function blockEnd(text: string, lineStart: number, column: number): number {
  let end = lineEndFrom(text, lineStart);
  let pos = end;
  while (pos < text.length) {
    pos += text.startsWith('\r\n', pos) ? 2 : 1;
    const lineEnd = lineEndFrom(text, pos);
    const line = text.slice(pos, lineEnd);
    if (!/^\s*(?:#|$)/.test(line)) {
      if ((/^ */.exec(line)?.[0].length ?? 0) <= column) break;
      end = lineEnd;
    }
    pos = lineEnd;
  }
  return end;
}

/** The offset just past the flow collection that opens at `start`, skipping quoted text. */
function flowEnd(text: string, start: number): number | undefined {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (c === '"' && text[i] === '\\') i++;
    } else if (c === '[' || c === '{') {
      depth++;
    } else if (c === ']' || c === '}') {
      if (--depth === 0) return i + 1;
    }
  }
  return undefined;
}

/** Where a `key: value` entry inside a flow mapping ends, from the end of its key. */
function flowEntryEnd(ref: NodeRef, text: string, keyEnd: number): number | undefined {
  const valueStart = keyEnd + (/^\s*:\s*/.exec(text.slice(keyEnd))?.[0].length ?? 0);
  if (text[valueStart] === '{' || text[valueStart] === '[') return flowEnd(text, valueStart);
  // A scalar value: locateSpan gives its exact span (a missing one leaves the key's end).
  const value = exactSpan(ref);
  return value && value.end > keyEnd ? value.end : keyEnd;
}

function flowText(value: Value): string {
  if (typeof value !== 'object') return yamlScalar(value);
  return `{${Object.entries(value).map(([k, v]) => `${yamlScalar(k)}: ${yamlScalar(v)}`).join(', ')}}`;
}

/** Block entries, the first on the current line, the others on new lines at `indent`. */
function blockEntries(value: Readonly<Record<string, FixScalar>>, indent: string, newline: string): string {
  return Object.entries(value).map(([k, v]) => `${yamlScalar(k)}: ${yamlScalar(v)}`).join(`${newline}${indent}`);
}

/** A new sibling after a sequence item or mapping entry, in the style the node is written in. */
function insertionAfter(ref: NodeRef, value: Value): { start: number; text: string } | undefined {
  const last = ref.path[ref.path.length - 1];
  const isEntry = typeof last === 'string';
  if (isEntry && typeof value !== 'object') return undefined;
  if (isEntry) {
    const parent = ref.path.slice(0, -1);
    // A key written twice is an error to the API server: never add one that is there.
    if (Object.keys(value as object).some((key) => exactSpan({ doc: ref.doc, path: [...parent, key] }))) return undefined;
  }
  const span = exactSpan(isEntry ? { doc: ref.doc, path: ref.path, target: 'key' } : ref);
  if (!span) return undefined;
  const text = ref.doc.file.text;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lineStart = lineStartBefore(text, span.start);
  const prefix = text.slice(lineStart, span.start);
  const before = text.slice(0, span.start).trimEnd();
  const inFlow = /[[{,]$/.test(prefix.trimEnd()) || (!isEntry && prefix.trim() === '' && /[[,]$/.test(before));
  if (inFlow) {
    const end = isEntry ? flowEntryEnd(ref, text, span.end) : text[span.start] === '{' || text[span.start] === '[' ? flowEnd(text, span.start) : span.end;
    if (end === undefined) return undefined;
    const entry = isEntry ? Object.entries(value as object).map(([k, v]) => `${yamlScalar(k)}: ${yamlScalar(v as FixScalar)}`).join(', ') : flowText(value);
    return { start: end, text: `, ${entry}` };
  }
  const dash = /^( *)- +$/.exec(prefix);
  const indent = ' '.repeat(prefix.length);
  if (isEntry) {
    if (!dash && prefix.trim() !== '') return undefined;
    const end = blockEnd(text, lineStart, prefix.length);
    return { start: end, text: `${newline}${indent}${blockEntries(value as Readonly<Record<string, FixScalar>>, indent, newline)}` };
  }
  if (!dash) return undefined;
  const dashColumn = (dash[1] as string).length;
  const end = blockEnd(text, lineStart, dashColumn);
  // An item written as a flow mapping (`- {protocol: UDP, port: 53}`) gets a sibling written the same way.
  const item = typeof value !== 'object' ? yamlScalar(value) : text[span.start] === '{' ? flowText(value) : blockEntries(value, indent, newline);
  return { start: end, text: `${newline}${prefix}${item}` };
}

function resolveEdit(edit: FixEdit): TextEdit | undefined {
  const ref = 'replace' in edit ? edit.replace : edit.insertAfter;
  const file: SourceFile = ref.doc.file;
  let placed: { start: number; end: number; text: string } | undefined;
  if ('replace' in edit) {
    const span = exactSpan(edit.replace);
    placed = span && { ...span, text: edit.text };
  } else {
    const insertion = insertionAfter(edit.insertAfter, edit.value);
    placed = insertion && { start: insertion.start, end: insertion.start, text: insertion.text };
  }
  if (!placed) return undefined;
  return { filePath: file.path, ...placed, range: rangeOf(file, placed.start, placed.end) };
}

function compareEdits(a: TextEdit, b: TextEdit): number {
  return a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : a.start - b.start || a.end - b.end;
}

/** Two edits of one file that cannot both apply: they overlap, or insert at the same place. */
function conflicts(a: TextEdit, b: TextEdit): boolean {
  return a.filePath === b.filePath && (a.start === b.start || (a.start < b.end && b.start < a.end));
}

/**
 * The fix as offsets in the source text. A fix is whole or absent: when one of its nodes is not
 * where the model saw it (the text spells it in a way the edit cannot follow), it is dropped.
 */
export function resolveFix(fix: Fix): LocatedFix | undefined {
  const edits: TextEdit[] = [];
  for (const edit of fix.edits) {
    const resolved = resolveEdit(edit);
    if (!resolved || edits.some((other) => conflicts(other, resolved))) return undefined;
    edits.push(resolved);
  }
  return { description: fix.description, safe: fix.safe, edits: edits.sort(compareEdits) };
}

/**
 * The fixes that can be applied together, first come first served (as ESLint does): a fix that
 * touches text another already changes waits for the next pass, which lints the result again.
 */
export function compatibleFixes(fixes: readonly LocatedFix[]): LocatedFix[] {
  const chosen: LocatedFix[] = [];
  const taken: TextEdit[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((edit) => taken.some((other) => conflicts(edit, other)))) continue;
    chosen.push(fix);
    taken.push(...fix.edits);
  }
  return chosen;
}

/** A file's text with non-overlapping edits applied (from the end, so earlier offsets hold). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}

