/**
 * Parse: source files → documents with their values, plus syntax findings.
 *
 * Each document is parsed on its own so that one broken document never hides the others. Most
 * are plain YAML, which `plain-yaml.ts` reads in one pass; the rest go to js-yaml (several times
 * faster than `yaml`, see README), which also reports every syntax error. A js-yaml parse records
 * where each node starts and ends (`positions.ts`), which `locate.ts` reads back for the
 * documents that have findings; a document the plain reader read is read again for that, once,
 * by the plain reader with a position sink.
 */
import { CORE_SCHEMA, Type, YAMLException, load, types as yamlTypes } from 'js-yaml';
import { rangeOf, type SourceFile, type Unreadable } from './source.js';
import type { Finding } from './finding.js';
import { diagnosticFinding, inputLimit, unrenderedTemplate, yamlSyntax } from './diagnostics.js';
import { aliasProblem, selfReferencingAlias } from './aliases.js';
import { defaultLimits, formatSize, type Limits } from './limits.js';
import { locate } from './locate.js';
import { documentOriginOf, helmSourceOf, type Origin } from './origin.js';
import { recorder } from './positions.js';
import { notPlain, readPlainYaml, type ImplicitType } from './plain-yaml.js';

export interface ParsedDocument {
  readonly file: SourceFile;
  /** 0-based index of the document in its file. */
  readonly index: number;
  /** Offset of the document's first character (its `---` line, if any) in the file. */
  readonly offset: number;
  /** The document's own text. */
  readonly text: string;
  readonly value: unknown;
  /** The Helm template or Kustomize resource it was rendered from, when the input says so. */
  readonly origin?: Origin;
}

export interface ParseResult {
  readonly documents: ParsedDocument[];
  readonly findings: Finding[];
  /**
   * For each document that did not parse, the namespace its text names (`namespace: shop`), or
   * undefined when it names none: the objects it holds are missing from the model.
   */
  readonly unparsed?: readonly (string | undefined)[];
}

/** The first `namespace:` value of a document's text, read without parsing it. */
function namespaceWritten(text: string): string | undefined {
  return /\bnamespace:[ \t]*["']?([a-z0-9][-a-z0-9]*)/.exec(text)?.[1];
}

/**
 * Any explicit tag the schema does not know (CloudFormation's `!Ref` and `!Sub`, GitLab's
 * `!reference`, mkdocs' `!!python/name:…`) keeps its value and loses the tag: such files are valid
 * YAML, merely not Kubernetes objects. A multi type with the empty prefix matches every tag, and
 * js-yaml consults it only after the exact tags, so `!!str` and `!!int` keep their meaning and
 * untagged nodes never reach it.
 */
const anyTag = (['scalar', 'sequence', 'mapping'] as const).map(
  (kind) => new Type('', { kind, multi: true, construct: (data: unknown) => data }),
);

/**
 * YAML 1.2 core types plus merge keys (`<<`), which Kubernetes' YAML 1.1 reader supports, plus
 * unknown tags as plain values. Timestamps are left out on purpose: label values like
 * `2024-01-01` are strings to Kubernetes.
 */
const kubernetesSchema = CORE_SCHEMA.extend({ implicit: [yamlTypes.merge], explicit: anyTag });

/** The schema's implicit types, which the plain reader asks what a plain scalar is. */
const implicitTypes: readonly ImplicitType[] = [yamlTypes.null, yamlTypes.bool, yamlTypes.int, yamlTypes.float, yamlTypes.merge];

interface Chunk {
  readonly offset: number;
  readonly text: string;
}

/**
 * Splits a YAML stream at document markers. A `---` or `...` at the start of a line always ends a
 * document in YAML (it cannot occur inside any scalar), so a line scan is exact.
 */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  const marker = /^(---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  let start = 0;
  let pendingDirectives: number | undefined;
  const push = (from: number, to: number) => {
    const body = text.slice(from, to);
    // A chunk of only directives (`%YAML 1.2`) belongs to the document that follows it.
    if (body.includes('%') && /^\s*%/m.test(body) && !/^[^%#\s]/m.test(body)) {
      pendingDirectives ??= from;
      return;
    }
    const chunkStart = pendingDirectives ?? from;
    pendingDirectives = undefined;
    chunks.push({ offset: chunkStart, text: text.slice(chunkStart, to) });
  };
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    if (match[1] === '---') {
      if (match.index > start) push(start, match.index);
      start = match.index;
    } else {
      const lineEnd = text.indexOf('\n', match.index);
      const end = lineEnd === -1 ? text.length : lineEnd + 1;
      push(start, end);
      start = end;
    }
  }
  if (start < text.length || chunks.length === 0) push(start, text.length);
  return chunks;
}

/** Helm actions that never appear in rendered manifests. */
const helmAction = /\{\{-?\s*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files|\.Template|\$\.Values|include\s|toYaml|tpl\s|required\s)/;

function templateFinding(file: SourceFile, offset: number, detail: string): Finding {
  return diagnosticFinding(unrenderedTemplate, 'template', { detail }, { file, range: rangeOf(file, offset, offset + 2) });
}

/** The one finding of a chart loaded as a whole, at the `name:` of its Chart.yaml. */
function chartFinding(file: SourceFile, directory: string): Finding {
  const nameLine = /^name:[ \t]*["']?([^"'#\s]*)/m.exec(file.text);
  const name = nameLine?.[1] || directory.split('/').pop() || directory;
  const offset = nameLine?.index ?? 0;
  const at = { file, range: rangeOf(file, offset, nameLine ? offset + 'name'.length : 0) };
  return diagnosticFinding(unrenderedTemplate, 'chart', { name, directory }, at);
}

function syntaxFinding(file: SourceFile, offset: number, reason: string, messageId: 'syntax' | 'json', origin?: Origin): Finding {
  const end = Math.min(offset + 1, file.text.length);
  return diagnosticFinding(yamlSyntax, messageId, { reason }, { file, range: rangeOf(file, offset, end), ...(origin ? { origin } : {}) });
}

/** Why a file's bytes were not read as YAML: too large, or not UTF-8 (at the first bad byte). */
function unreadableFinding(file: SourceFile, unreadable: Unreadable): Finding {
  if (unreadable.type === 'size') {
    // A pipe or standard input was read only up to the limit: its size is not known.
    const input = unreadable.bytes === undefined ? 'input (a pipe or standard input)' : `file (${formatSize(unreadable.bytes)})`;
    return diagnosticFinding(inputLimit, 'fileSize', { input, limit: formatSize(unreadable.limit) }, { file, range: rangeOf(file, 0, 0) });
  }
  const byte = `0x${unreadable.byte.toString(16).toUpperCase().padStart(2, '0')}`;
  const reason = unreadable.utf16
    ? 'the file is UTF-16 text, not UTF-8, which is all Kubernetes reads; save it as UTF-8'
    : `byte ${byte} is not UTF-8 (a file saved as Latin-1 or Windows-1252, or not text at all); Kubernetes reads UTF-8 only, so save it as UTF-8`;
  return syntaxFinding(file, unreadable.offset, reason, 'syntax');
}

/** Node positions recorded while each document was parsed (see positions.ts). */
const recordedPositions = new WeakMap<ParsedDocument, Int32Array>();

/**
 * The node positions of a document's text, as a reader records them: the plain reader's where it
 * reads the text, js-yaml's (through its listener) otherwise, or with `js-yaml`, js-yaml's always.
 * Undefined when the text does not parse.
 */
export function recordPositions(text: string, reader: 'any' | 'js-yaml' = 'any'): Int32Array | undefined {
  recorder.reset();
  if (reader === 'any' && readPlainYaml(text, implicitTypes, recorder.sink) !== notPlain) return recorder.take();
  try {
    recorder.reset();
    load(text, { schema: kubernetesSchema, listener: recorder.listener });
    return recorder.take();
  } catch {
    return undefined;
  }
}

/**
 * The recorded node positions of a document. A document read by the plain reader, or made some
 * other way (a JSON file, or one built by hand), is read again for them, once: only the documents
 * with findings ever are.
 */
export function positionsOf(doc: ParsedDocument): Int32Array | undefined {
  let nodes = recordedPositions.get(doc);
  if (!nodes) {
    nodes = recordPositions(doc.text);
    if (!nodes) return undefined;
    recordedPositions.set(doc, nodes);
  }
  return nodes;
}

function parsedDocument(file: SourceFile, index: number, offset: number, text: string, value: unknown): ParsedDocument {
  const origin = documentOriginOf(text, value);
  return origin ? { file, index, offset, text, value, origin } : { file, index, offset, text, value };
}

function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null;
}

function looksLikeJson(file: SourceFile): boolean {
  return /\.json$/i.test(file.path) || /^\s*[[{]/.test(file.text.slice(0, 256)) && !/\n---/.test(file.text);
}

/** Offset of a `JSON.parse` error, from V8's "at position N" or "line L column C". */
function jsonErrorOffset(file: SourceFile, error: Error): number {
  const byPosition = /position (\d+)/.exec(error.message);
  if (byPosition) return Number(byPosition[1]);
  return file.text.length;
}

function parseJson(file: SourceFile): ParseResult | undefined {
  try {
    const value: unknown = JSON.parse(file.text);
    const documents = isEmptyValue(value) ? [] : [parsedDocument(file, 0, 0, file.text, value)];
    return { documents, findings: [] };
  } catch (error) {
    // Fall through to YAML when it is not JSON at all; report JSON errors only for .json files.
    if (!/\.json$/i.test(file.path)) return undefined;
    // V8's wording varies by Node version; drop its position suffixes, the range carries that.
    const reason = (error as Error).message
      .replace(/ \(line \d+ column \d+\)$/, '')
      .replace(/ (?:in JSON )?at position \d+$/, '')
      .replace(/^Unexpected/, 'unexpected');
    return { documents: [], findings: [syntaxFinding(file, jsonErrorOffset(file, error as Error), reason, 'json')] };
  }
}

/** An error at the end of the text is shown on its last character, a line an editor has. */
function errorOffset(text: string, position: number): number {
  if (position < text.trimEnd().length) return position;
  return Math.max(0, text.trimEnd().length - 1);
}

/**
 * A finding when an alias stands inside the node it names, or aliases expand the document past
 * the limit, at the alias that did it. Only a document with a `*` can have aliases, so the rest
 * skip both checks.
 */
function aliasFinding(doc: ParsedDocument, nodes: Int32Array, limits: Limits): Finding | undefined {
  if (!doc.text.includes('*')) return undefined;
  const inside = selfReferencingAlias(doc.text, nodes);
  if (inside) {
    // Kubernetes' YAML reader refuses it too ("anchor … value contains itself").
    const reason = `alias *${inside.name} stands inside the node its anchor names, so the value would contain itself (Kubernetes refuses it)`;
    const end = inside.start + 1 + inside.name.length;
    return diagnosticFinding(yamlSyntax, 'syntax', { reason }, { file: doc.file, range: rangeOf(doc.file, doc.offset + inside.start, doc.offset + end) });
  }
  const problem = aliasProblem(doc.value, limits.aliasNodes);
  if (!problem) return undefined;
  const at = { file: doc.file, range: locate({ doc, path: problem.path }).range };
  if (problem.type === 'expansion') return diagnosticFinding(inputLimit, 'aliases', { limit: String(limits.aliasNodes) }, at);
  return diagnosticFinding(yamlSyntax, 'syntax', { reason: 'this alias refers to a node that contains it, so the value would contain itself' }, at);
}

/** js-yaml's reasons, where its wording leaves people guessing. */
function readableReason(reason: string, text: string, position: number): string {
  const depth = /^nesting exceeded maxDepth \((\d+)\)$/.exec(reason);
  if (depth) return `nested more than ${depth[1]} levels deep, where the YAML reader stops (Kubernetes objects nest about 20)`;
  if (reason === 'duplicated mapping key') {
    // js-yaml stops at the second occurrence of the key.
    const key = /^["']?([^"':\n]+)/.exec(text.slice(position))?.[1]?.trim();
    const which = key ? `the key ${key}` : 'a key';
    return `${which} appears twice in this mapping: remove one or merge them (YAML forbids duplicate keys, and Kubernetes' strict field validation refuses them; where it is off, the second value silently replaces the first)`;
  }
  return reason;
}

function parseYamlChunk(file: SourceFile, chunk: Chunk, index: number, limits: Limits): ParsedDocument | Finding | undefined {
  // Most documents are plain YAML, read without js-yaml and without aliases to check (plain-yaml.ts).
  const plain = readPlainYaml(chunk.text, implicitTypes);
  if (plain !== notPlain) return isEmptyValue(plain) ? undefined : parsedDocument(file, index, chunk.offset, chunk.text, plain);
  try {
    recorder.reset();
    const value = load(chunk.text, { schema: kubernetesSchema, filename: file.path, listener: recorder.listener });
    if (isEmptyValue(value)) return undefined;
    const doc = parsedDocument(file, index, chunk.offset, chunk.text, value);
    const nodes = recorder.take();
    recordedPositions.set(doc, nodes);
    return aliasFinding(doc, nodes, limits) ?? doc;
  } catch (error) {
    // A document that does not parse still has the comment Helm put above it.
    const origin = helmSourceOf(chunk.text);
    if (error instanceof YAMLException) {
      const position = error.mark?.position ?? 0;
      return syntaxFinding(file, chunk.offset + errorOffset(chunk.text, position), readableReason(error.reason ?? error.message, chunk.text, position), 'syntax', origin);
    }
    // Anything else the parser throws (say, a stack overflow on hostile input) is still this document's problem only.
    return syntaxFinding(file, chunk.offset, `cannot read this document: ${(error as Error).message}`, 'syntax', origin);
  }
}

/** Whether an offset sits inside a quoted string on its line (a literal, not a template action). */
function insideQuotes(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let quote: '"' | "'" | undefined;
  for (let i = lineStart; i < offset; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') i++;
    else if (quote === undefined && (c === '"' || c === "'")) quote = c;
    else if (c === quote) quote = undefined;
  }
  return quote !== undefined;
}

/** The first Helm action that is not inside a quoted string, if any. */
function unquotedHelmAction(text: string): RegExpExecArray | undefined {
  const actions = new RegExp(helmAction.source, 'g');
  for (let match = actions.exec(text); match; match = actions.exec(text)) {
    if (!insideQuotes(text, match.index)) return match;
  }
  return undefined;
}

function parseDocuments(file: SourceFile, limits: Limits): ParseResult {
  if (looksLikeJson(file)) {
    const json = parseJson(file);
    if (json) return json;
  }
  const documents: ParsedDocument[] = [];
  const findings: Finding[] = [];
  const chunks = splitDocuments(file.text);
  const over = chunks[limits.documentsPerFile];
  if (over) {
    const at = { file, range: rangeOf(file, over.offset, over.offset + 3) };
    return { documents: [], findings: [diagnosticFinding(inputLimit, 'documents', { limit: String(limits.documentsPerFile) }, at)] };
  }
  const unparsed: (string | undefined)[] = [];
  chunks.forEach((chunk, index) => {
    const parsed = parseYamlChunk(file, chunk, index, limits);
    if (parsed === undefined) return;
    if (!('ruleId' in parsed)) documents.push(parsed);
    else {
      findings.push(parsed);
      if (parsed.ruleId === yamlSyntax.id) unparsed.push(namespaceWritten(chunk.text));
    }
  });
  return unparsed.length > 0 ? { documents, findings, unparsed } : { documents, findings };
}

/**
 * The `Chart.yaml` of a chart loaded as a whole stands for the chart: one finding, no documents.
 * A file is an unrendered template when it has `{{` and does not parse, or when a Helm action
 * stands outside quotes (`replicas: {{ .Values.n }}`). A rendered manifest may quote such text as
 * data (an Argo Workflow argument), and is linted as usual.
 */
export function parseFile(file: SourceFile, limits: Limits = defaultLimits): ParseResult {
  if (file.chartDirectory !== undefined) return { documents: [], findings: [chartFinding(file, file.chartDirectory)] };
  if (file.unreadable) return { documents: [], findings: [unreadableFinding(file, file.unreadable)] };
  const parsed = parseDocuments(file, limits);
  const templateStart = file.text.indexOf('{{');
  if (templateStart === -1) return parsed;
  if (parsed.findings.length > 0) {
    const helm = helmAction.exec(file.text);
    const detail = helm ? `found \`${helm[0].trim()}\`` : 'contains `{{` and is not valid YAML';
    return { documents: [], findings: [templateFinding(file, helm ? helm.index : templateStart, detail)] };
  }
  const unquoted = unquotedHelmAction(file.text);
  if (unquoted) return { documents: [], findings: [templateFinding(file, unquoted.index, `found \`${unquoted[0].trim()}\``)] };
  return parsed;
}
