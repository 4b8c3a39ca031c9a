/**
 * A fast reader for the plain YAML that manifests are written in.
 *
 * Almost every manifest is block mappings and sequences of plain, quoted and block scalars, with
 * small flow collections (`{app: web}`). This reader takes exactly that subset, in one pass over
 * character codes, and builds the same values js-yaml builds. For anything else it gives up at
 * once and returns `notPlain`; the caller then parses the document with js-yaml as before, so
 * anchors, tags, multi-line plain scalars, tabs, odd indentation and every syntax error are still
 * js-yaml's to read and to report. Giving up is always safe: the subset is chosen so that what the
 * reader accepts, it reads as js-yaml does (test/engine/plain-yaml.test.ts compares the two on
 * the fixtures and on generated documents).
 *
 * It keeps no node positions: for the few documents with findings, positionsOf (parse.ts) reads
 * them again with a sink that records where each node's content starts and ends, for locate.ts.
 */

import type { PositionSink } from './positions.js';

/** js-yaml's implicit scalar types (null, booleans, integers, floats, the merge key), in its order. */
export interface ImplicitType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}

/** What `readPlainYaml` returns for a document outside the subset it reads. */
export const notPlain: unique symbol = Symbol('not plain YAML');

/** Thrown inside the reader to give up; caught at the top. */
class GiveUp {}
const giveUp = new GiveUp();

const LF = 10;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const COMMA = 44;
const QUOTE = 39;
const DQUOTE = 34;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const PIPE = 124;
const GREATER = 62;

/**
 * Characters that start something other than a plain scalar in YAML (an indicator), or that this
 * reader leaves to js-yaml: anchors, aliases, tags, directives, reserved characters, and `?` and
 * `:` as the first character.
 */
const special = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`') special[c.charCodeAt(0)] = 1;

/**
 * First characters a plain scalar can have and still be something other than a string, by the
 * YAML 1.2 core schema: null (`~`, `null`), a boolean (`true`, `False`), a number (sign, dot or
 * digit) or the merge key (`<<`). A scalar that starts with any other character is a string,
 * without asking the types; so is one that starts with a letter and is not 4 or 5 long.
 */
const mayBeTyped = new Uint8Array(128);
for (const c of '~+-.0123456789<') mayBeTyped[c.charCodeAt(0)] = 1;
for (const c of 'nNtTfF') mayBeTyped[c.charCodeAt(0)] = 2;

/**
 * Characters outside YAML's printable set (the spec's c-printable: C0 and C1 controls but tab, line
 * feed, carriage return and NEL; U+FFFE and U+FFFF; unpaired surrogates), which js-yaml refuses,
 * and a byte-order mark, which it drops at the start: all of it js-yaml's to read.
 */
const unprintable = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Anything but printable ASCII and line feeds. */
const otherThanAsciiText = /[^\n\x20-\x7e]/;

const escapes: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const hexDigits: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

const hasOwn = Object.prototype.hasOwnProperty;

/** Collections nested deeper than this are left to js-yaml, which refuses absurd depths with a reason. */
const maxDepth = 64;

/** Drops trailing spaces (only spaces: YAML keeps other white space, a no-break space say, in a plain scalar). */
function trimSpaces(raw: string): string {
  let end = raw.length;
  while (end > 0 && raw.charCodeAt(end - 1) === SPACE) end--;
  return end === raw.length ? raw : raw.slice(0, end);
}

/** How a block scalar treats its final line breaks (`|`, `|-`, `|+`). */
const enum Chomping {
  Clip,
  Strip,
  Keep,
}

class Reader {
  private pos = 0;
  private readonly length: number;
  /** Items of the sequences being read; each takes its own as an exact-size array when it ends. */
  private readonly items: unknown[] = [];
  /** Collections open around the position: deep nesting is js-yaml's to refuse. */
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly implicit: readonly ImplicitType[],
    private readonly positions: PositionSink | undefined,
  ) {
    this.length = text.length;
  }

  document(): unknown {
    const first = this.contentLineAfterMarker();
    if (first >= this.length || this.text.charCodeAt(first) === SPACE) throw giveUp;
    if (this.isSequenceEntry(first)) throw giveUp;
    const value = this.blockMapping(0, first);
    if (this.pos < this.length) throw giveUp;
    return value;
  }

  /** The first content line, past comments, blank lines and one leading `---` with nothing after it. */
  private contentLineAfterMarker(): number {
    const text = this.text;
    if (text.startsWith('---')) {
      let at = 3;
      const c = text.charCodeAt(at);
      if (at < this.length && c !== LF && c !== SPACE) throw giveUp;
      while (text.charCodeAt(at) === SPACE) at++;
      if (at < this.length && text.charCodeAt(at) !== LF && text.charCodeAt(at) !== HASH) throw giveUp;
      return this.nextContentLine(this.lineAfter(at));
    }
    return this.nextContentLine(0);
  }

  /** The start of the line after the one `at` is on (the text's length on the last line). */
  private lineAfter(at: number): number {
    const newline = this.text.indexOf('\n', at);
    return newline === -1 ? this.length : newline + 1;
  }

  /**
   * The start of the first line from `lineStart` on that has content: not blank, not a comment.
   * A document marker there (`---`, `...`) is left to js-yaml.
   */
  private nextContentLine(lineStart: number): number {
    const text = this.text;
    let line = lineStart;
    while (line < this.length) {
      let at = line;
      while (text.charCodeAt(at) === SPACE) at++;
      const c = text.charCodeAt(at);
      if (at < this.length && c !== LF && c !== HASH) {
        if (at === line && (c === DASH || c === 46) && /^(?:---|\.\.\.)(?:[ \n]|$)/.test(text.slice(line, line + 4))) throw giveUp;
        return line;
      }
      line = this.lineAfter(at);
    }
    return this.length;
  }

  private indentOf(lineStart: number): number {
    let at = lineStart;
    while (this.text.charCodeAt(at) === SPACE) at++;
    return at - lineStart;
  }

  /** `-` followed by a space or the line's end: a block sequence entry. */
  private isSequenceEntry(at: number): boolean {
    if (this.text.charCodeAt(at) !== DASH) return false;
    const next = this.text.charCodeAt(at + 1);
    return at + 1 >= this.length || next === SPACE || next === LF;
  }

  /** A collection opens at `at`. */
  private enter(at: number): void {
    if (++this.depth > maxDepth) throw giveUp;
    this.positions?.open(at);
  }

  /** A collection closes where the position is (past a flow collection's bracket). */
  private leave<T>(collection: T, kind: 'sequence' | 'mapping'): T {
    this.depth--;
    this.positions?.close(this.pos, kind);
    return collection;
  }

  /**
   * An empty node for the value missing after a key's colon, as js-yaml records one: locate takes
   * the entry after it for a key, not for that value, and a mapping that ends with `key:` ends
   * there, not at the key (a node followed by `:` reads as a key).
   */
  private emptyNode(at: number): void {
    if (!this.positions) return;
    this.positions.open(at);
    this.positions.close(at, null);
  }

  /** A scalar node from `start` to `end`, for positions. */
  private scalar(start: number, end: number): void {
    if (!this.positions) return;
    this.positions.open(start);
    this.positions.close(end, 'scalar');
  }

  private isLineEnd(at: number): boolean {
    return at >= this.length || this.text.charCodeAt(at) === LF;
  }

  /** A block mapping whose keys stand at column `indent`; `at` is its first key. */
  private blockMapping(indent: number, at: number): Record<string, unknown> {
    this.enter(at);
    const result: Record<string, unknown> = {};
    let key = at;
    for (;;) {
      const name = this.mappingKey(key);
      if (hasOwn.call(result, name)) throw giveUp;
      result[name] = this.mappingValue(indent);
      const next = this.pos;
      if (next >= this.length) return this.leave(result, 'mapping');
      const column = this.indentOf(next);
      if (column < indent) return this.leave(result, 'mapping');
      if (column > indent || this.isSequenceEntry(next + column)) throw giveUp;
      key = next + column;
    }
  }

  /** Reads a key and its `:`; leaves the position after the colon. */
  private mappingKey(at: number): string {
    const text = this.text;
    const c = text.charCodeAt(at);
    let name: string;
    let end: number;
    if (c === QUOTE || c === DQUOTE) {
      name = this.quoted(at);
      this.scalar(at, this.pos);
      end = this.pos;
      while (text.charCodeAt(end) === SPACE) end++;
      if (text.charCodeAt(end) !== COLON) throw giveUp;
    } else {
      if (c < 128 && special[c]) throw giveUp;
      end = at;
      for (;;) {
        end = text.indexOf(':', end);
        if (end === -1) throw giveUp;
        const after = text.charCodeAt(end + 1);
        if (end + 1 >= this.length || after === SPACE || after === LF) break;
        end++;
      }
      const raw = text.slice(at, end);
      if (raw.includes('\n') || raw.includes(' #') || raw.length > 1024) throw giveUp;
      name = String(this.plainScalar(at, raw));
    }
    const after = text.charCodeAt(end + 1);
    if (end + 1 < this.length && after !== SPACE && after !== LF) throw giveUp;
    // Keys js-yaml treats specially (merge keys, the prototype) are its to read.
    if (name === '<<' || name === '__proto__') throw giveUp;
    this.pos = end + 1;
    return name;
  }

  /** The value after a mapping key's colon; leaves the position at the next content line. */
  private mappingValue(indent: number): unknown {
    const text = this.text;
    const afterColon = this.pos;
    let at = afterColon;
    while (text.charCodeAt(at) === SPACE) at++;
    const c = text.charCodeAt(at);
    if (at >= this.length || c === LF || c === HASH) {
      const value = this.nestedValue(indent, at, true);
      if (value === null) this.emptyNode(afterColon);
      return value;
    }
    if (c === PIPE || c === GREATER) return this.blockScalar(indent, at);
    return this.inlineValue(at, false);
  }

  /**
   * A value written on the lines below (or nothing: null). A mapping's value may be a sequence
   * at the mapping's own column (`ports:` then `- name: http`); a sequence entry's may not.
   */
  private nestedValue(indent: number, at: number, sequenceAtSameColumn: boolean): unknown {
    const line = this.nextContentLine(this.lineAfter(at));
    this.pos = line;
    if (line >= this.length) return null;
    const column = this.indentOf(line);
    const start = line + column;
    if (column > indent) return this.isSequenceEntry(start) ? this.blockSequence(column, start) : this.blockMapping(column, start);
    if (column === indent && sequenceAtSameColumn && this.isSequenceEntry(start)) return this.blockSequence(column, start);
    return null;
  }

  /**
   * A scalar or flow collection that starts on the current line, with at most a comment after it.
   * In a sequence entry, a key after it makes it a mapping.
   */
  private inlineValue(at: number, inSequence: boolean): unknown {
    const text = this.text;
    const c = text.charCodeAt(at);
    let value: unknown;
    if (c === QUOTE || c === DQUOTE) {
      value = this.quoted(at);
      if (inSequence && this.colonFollows()) return this.blockMapping(this.column(at), at);
      this.scalar(at, this.pos);
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      this.pos = at;
      value = this.flowNode();
      if (this.colonFollows()) throw giveUp;
    } else {
      if (c < 128 && special[c] && !(c === DASH && !this.isSequenceEntry(at))) throw giveUp;
      const end = this.plainEnd(at);
      if (text.charCodeAt(end) === COLON) {
        if (!inSequence) throw giveUp;
        return this.blockMapping(this.column(at), at);
      }
      value = this.plainScalar(at, text.slice(at, end));
      this.pos = end;
    }
    this.endOfLine();
    return value;
  }

  /** Where a plain scalar on one line ends: at a `: `, a ` #` comment, or the line's end. */
  private plainEnd(at: number): number {
    const text = this.text;
    let end = at;
    for (; end < this.length; end++) {
      const c = text.charCodeAt(end);
      if (c === LF) break;
      if (c === COLON) {
        const next = text.charCodeAt(end + 1);
        if (end + 1 >= this.length || next === SPACE || next === LF) break;
      } else if (c === HASH && text.charCodeAt(end - 1) === SPACE) break;
    }
    return end;
  }

  private column(at: number): number {
    return at - (this.text.lastIndexOf('\n', at - 1) + 1);
  }

  /** Whether a `:` follows the scalar just read (spaces between): a key, not a value. */
  private colonFollows(): boolean {
    let at = this.pos;
    while (this.text.charCodeAt(at) === SPACE) at++;
    return this.text.charCodeAt(at) === COLON;
  }

  /**
   * The rest of a value's line holds at most a comment; the position moves to the next content
   * line. (The collection gives up when that line is indented deeper than its entries: there it
   * would continue a plain scalar, or be an error.)
   */
  private endOfLine(): void {
    const text = this.text;
    let at = this.pos;
    while (text.charCodeAt(at) === SPACE) at++;
    if (at < this.length && text.charCodeAt(at) !== LF) {
      if (text.charCodeAt(at) !== HASH || text.charCodeAt(at - 1) !== SPACE) throw giveUp;
    }
    this.pos = this.nextContentLine(this.lineAfter(at));
  }

  /** A block sequence whose `-` stand at column `indent`; `at` is its first `-`. */
  private blockSequence(indent: number, at: number): unknown[] {
    this.enter(at);
    const items = this.items;
    const first = items.length;
    let entry = at;
    for (;;) {
      let content = entry + 1;
      while (this.text.charCodeAt(content) === SPACE) content++;
      const c = this.text.charCodeAt(content);
      let item: unknown;
      const nested = this.isLineEnd(content) || c === HASH;
      if (nested) item = this.nestedValue(indent, content, false);
      else if (c === PIPE || c === GREATER) item = this.blockScalar(indent, content);
      else if (this.isSequenceEntry(content)) throw giveUp;
      else item = this.inlineValue(content, true);
      items.push(item);
      const next = this.pos;
      if (next >= this.length) break;
      const column = this.indentOf(next);
      if (column > indent) throw giveUp;
      // After an empty entry (a bare `-`), js-yaml takes a `-` further left as this sequence's next entry.
      if (column < indent && nested && item === null && this.isSequenceEntry(next + column)) throw giveUp;
      if (column < indent || !this.isSequenceEntry(next + column)) break;
      entry = next + column;
    }
    return this.leave(this.takeItems(first), 'sequence');
  }

  /**
   * A `|` or `>` scalar, the value of a key in a mapping whose keys stand at column `indent`, or
   * an entry of a sequence whose `-` do: its lines are indented deeper than that column.
   */
  private blockScalar(indent: number, at: number): string {
    const text = this.text;
    const folded = text.charCodeAt(at) === GREATER;
    let header = at + 1;
    let chomping = Chomping.Clip;
    const indicator = text.charCodeAt(header);
    if (indicator === DASH || indicator === 43) {
      chomping = indicator === DASH ? Chomping.Strip : Chomping.Keep;
      header++;
    }
    // An explicit indentation (`|2`) is js-yaml's to read.
    const afterHeader = text.charCodeAt(header);
    if (!this.isLineEnd(header) && afterHeader !== SPACE) throw giveUp;
    while (text.charCodeAt(header) === SPACE) header++;
    if (!this.isLineEnd(header) && (text.charCodeAt(header) !== HASH || text.charCodeAt(header - 1) !== SPACE)) throw giveUp;

    let value = '';
    let textIndent = -1;
    let blankLines = 0;
    let blankIndent = 0;
    let hasContent = false;
    let moreIndented = false;
    let line = this.lineAfter(header);
    while (line < this.length) {
      let at = line;
      const limit = textIndent < 0 ? Infinity : line + textIndent;
      while (at < limit && text.charCodeAt(at) === SPACE) at++;
      const spaces = at - line;
      if (this.isLineEnd(at)) {
        blankLines++;
        if (textIndent < 0) blankIndent = Math.max(blankIndent, spaces);
        line = this.lineAfter(at);
        continue;
      }
      if (textIndent < 0) {
        if (spaces <= indent) break;
        // Blank lines indented deeper than the first content line: js-yaml reads those its own way.
        if (blankIndent > spaces) throw giveUp;
        textIndent = spaces;
      } else if (spaces < textIndent) break;
      const lineEnd = this.lineAfter(at);
      const content = text.slice(at, lineEnd < this.length || text.charCodeAt(lineEnd - 1) === LF ? lineEnd - 1 : lineEnd);
      if (!folded) value += '\n'.repeat(hasContent ? blankLines + 1 : blankLines);
      else if (text.charCodeAt(at) === SPACE) {
        moreIndented = true;
        value += '\n'.repeat(hasContent ? blankLines + 1 : blankLines);
      } else if (moreIndented) {
        moreIndented = false;
        value += '\n'.repeat(blankLines + 1);
      } else if (blankLines === 0) {
        if (hasContent) value += ' ';
      } else value += '\n'.repeat(blankLines);
      value += content;
      hasContent = true;
      blankLines = 0;
      line = lineEnd;
    }
    if (chomping === Chomping.Keep) value += '\n'.repeat(hasContent ? blankLines + 1 : blankLines);
    else if (chomping === Chomping.Clip && hasContent) value += '\n';
    this.scalar(at, line);
    this.pos = this.nextContentLine(line);
    return value;
  }

  /** The items read since `first`, as an exact-size array, off the stack. */
  private takeItems(first: number): unknown[] {
    const taken = this.items.slice(first);
    this.items.length = first;
    return taken;
  }

  /** A plain scalar written from `at` (trailing spaces not its own): its node, and its value. */
  private plainScalar(at: number, raw: string): unknown {
    const written = trimSpaces(raw);
    this.scalar(at, at + written.length);
    return this.plainValue(written);
  }

  /** A quoted scalar at `at`, single or double. */
  private quoted(at: number): string {
    return this.text.charCodeAt(at) === QUOTE ? this.singleQuoted(at) : this.doubleQuoted(at);
  }

  /** A single-quoted scalar on one line; leaves the position after its closing quote. */
  private singleQuoted(at: number): string {
    const text = this.text;
    let value = '';
    let from = at + 1;
    for (;;) {
      const quote = text.indexOf("'", from);
      if (quote === -1) throw giveUp;
      const part = text.slice(from, quote);
      if (part.includes('\n')) throw giveUp;
      value += part;
      if (text.charCodeAt(quote + 1) !== QUOTE) {
        this.pos = quote + 1;
        return value;
      }
      value += "'";
      from = quote + 2;
    }
  }

  /** A double-quoted scalar on one line, with escapes; leaves the position after its closing quote. */
  private doubleQuoted(at: number): string {
    const text = this.text;
    let value = '';
    let from = at + 1;
    for (let i = from; ; i++) {
      if (i >= this.length) throw giveUp;
      const c = text.charCodeAt(i);
      if (c === DQUOTE) {
        this.pos = i + 1;
        return value + text.slice(from, i);
      }
      if (c === LF) throw giveUp;
      if (c !== 92) continue;
      value += text.slice(from, i);
      const escape = text[i + 1] ?? '';
      const simple = escapes[escape];
      if (simple !== undefined) {
        value += simple;
        i++;
      } else {
        const digits = hexDigits[escape];
        const hex = digits === undefined ? '' : text.slice(i + 2, i + 2 + digits);
        if (digits === undefined || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) throw giveUp;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) throw giveUp;
        value += String.fromCodePoint(code);
        i += 1 + digits;
      }
      from = i + 1;
    }
  }

  /** A flow node on one line: `[…]`, `{…}`, a quoted or a plain scalar; leaves the position after it. */
  private flowNode(): unknown {
    const text = this.text;
    let at = this.pos;
    while (text.charCodeAt(at) === SPACE) at++;
    const c = text.charCodeAt(at);
    if (c === OPEN_BRACKET) return this.flowSequence(at);
    if (c === OPEN_BRACE) return this.flowMapping(at);
    if (c === QUOTE || c === DQUOTE) {
      const value = this.quoted(at);
      this.scalar(at, this.pos);
      return value;
    }
    if (at >= this.length || (c < 128 && special[c] && !(c === DASH && !this.isFlowEntryEnd(at + 1)))) throw giveUp;
    let end = at;
    for (; end < this.length; end++) {
      const d = text.charCodeAt(end);
      if (d === COMMA || d === CLOSE_BRACKET || d === CLOSE_BRACE) break;
      // A colon ends the scalar before a space or an indicator (`a: b`); inside it, it is a
      // character (`http://host`). A comment, a nested collection or a line break: js-yaml's to read.
      if (d === COLON && this.isFlowEntryEnd(end + 1)) break;
      if (d === LF || d === OPEN_BRACKET || d === OPEN_BRACE || (d === HASH && text.charCodeAt(end - 1) === SPACE)) break;
    }
    const d = text.charCodeAt(end);
    if (d !== COMMA && d !== CLOSE_BRACKET && d !== CLOSE_BRACE && d !== COLON) throw giveUp;
    this.pos = end;
    return this.plainScalar(at, text.slice(at, end));
  }

  /** Whether `at` ends a flow scalar's indicator (`-`, `:`): a space, the line's end or a flow indicator. */
  private isFlowEntryEnd(at: number): boolean {
    const c = this.text.charCodeAt(at);
    return at >= this.length || c === SPACE || c === LF || c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || c === OPEN_BRACKET || c === OPEN_BRACE;
  }

  /** Skips spaces inside a flow collection; a line break or a comment there is js-yaml's to read. */
  private skipFlowSpaces(): number {
    const text = this.text;
    let at = this.pos;
    while (text.charCodeAt(at) === SPACE) at++;
    const c = text.charCodeAt(at);
    if (at >= this.length || c === LF || c === HASH) throw giveUp;
    this.pos = at;
    return c;
  }

  private flowSequence(at: number): unknown[] {
    this.enter(at);
    const items = this.items;
    const first = items.length;
    this.pos = at + 1;
    if (this.skipFlowSpaces() === CLOSE_BRACKET) {
      this.pos++;
      return this.leave([], 'sequence');
    }
    for (;;) {
      items.push(this.flowNode());
      const c = this.skipFlowSpaces();
      this.pos++;
      if (c === CLOSE_BRACKET) break;
      // A `key: value` entry, or a trailing or doubled comma: js-yaml's to read.
      if (c !== COMMA || this.skipFlowSpaces() === CLOSE_BRACKET || this.text.charCodeAt(this.pos) === COMMA) throw giveUp;
    }
    return this.leave(this.takeItems(first), 'sequence');
  }

  private flowMapping(at: number): Record<string, unknown> {
    this.enter(at);
    const result: Record<string, unknown> = {};
    this.pos = at + 1;
    if (this.skipFlowSpaces() === CLOSE_BRACE) {
      this.pos++;
      return this.leave(result, 'mapping');
    }
    for (;;) {
      const keyStart = this.text.charCodeAt(this.pos);
      if (keyStart === OPEN_BRACKET || keyStart === OPEN_BRACE) throw giveUp;
      const name = String(this.flowNode());
      if (name === '<<' || name === '__proto__' || hasOwn.call(result, name)) throw giveUp;
      let c = this.skipFlowSpaces();
      let value: unknown = null;
      if (c === COLON) {
        const afterColon = ++this.pos;
        c = this.skipFlowSpaces();
        if (c !== COMMA && c !== CLOSE_BRACE) {
          value = this.flowNode();
          c = this.skipFlowSpaces();
        } else this.emptyNode(afterColon);
      }
      result[name] = value;
      this.pos++;
      if (c === CLOSE_BRACE) return this.leave(result, 'mapping');
      if (c !== COMMA || this.skipFlowSpaces() === CLOSE_BRACE || this.text.charCodeAt(this.pos) === COMMA) throw giveUp;
    }
  }

  /** A plain scalar's value: null, a boolean or a number where js-yaml's types say so, else the string. */
  private plainValue(raw: string): unknown {
    if (raw === '') throw giveUp;
    const c = raw.charCodeAt(0);
    const typed = c < 128 ? mayBeTyped[c] : 0;
    if (!typed || (typed === 2 && raw.length !== 4 && raw.length !== 5)) return raw;
    for (const type of this.implicit) {
      if (type.resolve(raw)) return type.construct(raw);
    }
    return raw;
  }
}

/**
 * The value of one YAML document, read as js-yaml reads it with these implicit types, or
 * `notPlain` when the document uses YAML outside this reader's subset (or is not valid YAML).
 * With a sink, each node's start and end in the text are reported to it, keys and values in
 * document order (a `key:` without a value, and a bare `-`, have no node).
 */
export function readPlainYaml(text: string, implicit: readonly ImplicitType[], positions?: PositionSink): unknown {
  // Printable ASCII and line feeds only, the common case, needs none of the checks below.
  if (!otherThanAsciiText.test(text)) return read(text, implicit, positions);
  if (text.includes('\t') || unprintable.test(text)) return notPlain;
  // CRLF line ends read as LF (no scalar of the subset spans a line break but a block scalar,
  // whose lines js-yaml joins with LF); a CR on its own is js-yaml's to read, and so are the
  // positions of a text with CRs (they would be counted in the text read, without them).
  let lines = text;
  if (text.includes('\r')) {
    if (positions || /\r(?!\n)/.test(text)) return notPlain;
    lines = text.replace(/\r\n/g, '\n');
  }
  return read(lines, implicit, positions);
}

function read(text: string, implicit: readonly ImplicitType[], positions: PositionSink | undefined): unknown {
  try {
    return new Reader(text, implicit, positions).document();
  } catch (error) {
    if (error === giveUp) return notPlain;
    throw error;
  }
}
