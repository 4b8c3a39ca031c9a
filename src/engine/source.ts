/**
 * Source files and the offset → line/column mapping every position goes through.
 *
 * Columns are counted in UTF-16 code units (JavaScript string indices), 1-based, which is what
 * ESLint prints and what SARIF's `columnKind: "utf16CodeUnits"` promises.
 */
import { Buffer, isUtf8 } from 'node:buffer';

export interface SourceFile {
  /** The path as shown to people: relative to the working directory, POSIX separators. */
  readonly path: string;
  /** Absolute path on disk, or undefined for standard input. */
  readonly absolutePath: string | undefined;
  /** File contents with a leading byte-order mark removed. */
  readonly text: string;
  /**
   * Set when this file is the `Chart.yaml` of a Helm chart loaded as a whole: the chart's
   * directory as shown to people. Nothing in the chart is read, since its templates are not
   * manifests until Helm renders them.
   */
  readonly chartDirectory?: string;
  /** Set when the file's bytes could not be used as text; `text` is then empty or a lenient decoding. */
  readonly unreadable?: Unreadable;
  /** Offsets at which each line starts; built on first use. */
  lineStarts?: number[];
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Range {
  readonly line: number;
  readonly column: number;
  /** Inclusive end line. */
  readonly endLine: number;
  /** Exclusive end column: one past the last character, as in ESLint and SARIF. */
  readonly endColumn: number;
}

export type Unreadable =
  /** Not UTF-8: `offset` is where the first bad byte stands in the (leniently decoded) text. */
  | { readonly type: 'encoding'; readonly offset: number; readonly byte: number; readonly utf16: boolean }
  /**
   * Larger than limits.fileBytes: not read at all. `bytes` is undefined for a pipe or standard
   * input, read only up to the limit, whose whole size is never known.
   */
  | { readonly type: 'size'; readonly bytes: number | undefined; readonly limit: number };

export function createSourceFile(path: string, absolutePath: string | undefined, raw: string, chartDirectory?: string, unreadable?: Unreadable): SourceFile {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const file: SourceFile = chartDirectory === undefined ? { path, absolutePath, text } : { path, absolutePath, text, chartDirectory };
  if (!unreadable) return file;
  // Offsets count in the text as given; the byte-order mark is gone from `text`.
  const shift = raw.length - text.length;
  return { ...file, unreadable: unreadable.type === 'encoding' ? { ...unreadable, offset: Math.max(0, unreadable.offset - shift) } : unreadable };
}

/** The length of the valid sequence a UTF-8 lead byte starts, and the range its second byte must be in. */
function sequenceOf(lead: number): readonly [length: number, low: number, high: number] | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f]; // not the UTF-16 surrogates
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f]; // nothing above U+10FFFF
  return undefined;
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629), if any. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const sequence = sequenceOf(lead);
    if (!sequence) return i;
    const [length, low, high] = sequence;
    const second = bytes[i + 1];
    if (second === undefined || second < low || second > high) return i;
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A file's bytes as text. Kubernetes reads UTF-8 only, and a silently mangled `é` in a label
 * would be linted as something the cluster never sees, so a file that is not UTF-8 keeps a
 * lenient decoding (for positions) and says where its first bad byte is.
 */
export function decodeText(bytes: Uint8Array): { readonly text: string; readonly unreadable?: Unreadable } {
  // The common case, valid UTF-8, is checked and decoded by Node's native code: three times
  // faster than a fatal TextDecoder over ten thousand files.
  if (isUtf8(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes) ?? 0;
    const offset = lenientUtf8.decode(bytes.subarray(0, bad)).length;
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    return { text: lenientUtf8.decode(bytes), unreadable: { type: 'encoding', offset, byte: bytes[bad] ?? 0, utf16 } };
  }
}

function lineStartsOf(file: SourceFile): number[] {
  if (file.lineStarts) return file.lineStarts;
  const starts = [0];
  const { text } = file;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) starts.push(i + 1);
    else if (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  file.lineStarts = starts;
  return starts;
}

/** 1-based line and column of a 0-based offset. */
export function positionAt(file: SourceFile, offset: number): Position {
  const starts = lineStartsOf(file);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
}

export function rangeOf(file: SourceFile, start: number, end: number): Range {
  const from = positionAt(file, start);
  const to = positionAt(file, Math.max(start, end));
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

/** The text of one line (1-based), without its line break. */
export function lineText(file: SourceFile, line: number): string {
  const starts = lineStartsOf(file);
  const start = starts[line - 1];
  if (start === undefined) return '';
  const next = starts[line];
  return file.text.slice(start, next === undefined ? undefined : next).replace(/\r?\n$|\r$/, '');
}

/** The offset at which a 1-based line starts (the end of the text past the last line). */
export function offsetOfLine(file: SourceFile, line: number): number {
  const starts = lineStartsOf(file);
  return starts[line - 1] ?? file.text.length;
}
