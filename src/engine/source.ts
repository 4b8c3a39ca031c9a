/**
 * Source files and the offset → line/column mapping every position goes through.
 *
 * Columns are counted in UTF-16 code units (JavaScript string indices), 1-based, which is what
 * ESLint prints and what SARIF's `columnKind: "utf16CodeUnits"` promises.
 */

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

export function createSourceFile(path: string, absolutePath: string | undefined, raw: string, chartDirectory?: string): SourceFile {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return chartDirectory === undefined ? { path, absolutePath, text } : { path, absolutePath, text, chartDirectory };
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
