/**
 * Load: command-line inputs (files, directories, globs, `-`) → source files, sorted and
 * de-duplicated. Problems reading one input are collected, never thrown, so the rest still lint.
 *
 * A directory with a `Chart.yaml` is a Helm chart, loaded as one unit: only its `Chart.yaml` is
 * read, marked with the chart's directory, and nothing below it (templates, subcharts in
 * `charts/`, `crds/`, values files). Even a template without `{{` is only part of a manifest set
 * that Helm renders together, and linting it alone reports its Service as selecting nothing. A
 * file or directory inside a chart, named directly or matched by a glob, stands for its chart.
 *
 * A path that yields no manifest file at all (an empty directory, one of only `.txt` files, a
 * glob without YAML or JSON matches) is a problem, as in ESLint: it is almost always a typo or
 * the wrong directory, and passing silently would make CI green for the wrong reason.
 *
 * Kustomize folders (with a `kustomization.yaml`) are linted file by file like any other; the
 * result names them, so the command can say that `kustomize build` output is what deploys.
 */
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { readAllBytes } from '../stdin.js';
import { lazyModule } from './lazy.js';
import { defaultLimits } from './limits.js';
import { createSourceFile, decodeText, type SourceFile } from './source.js';
import { compareText, remembered } from './util.js';

export interface LoadProblem {
  readonly input: string;
  readonly message: string;
}

export interface LoadResult {
  readonly files: SourceFile[];
  readonly problems: LoadProblem[];
  /** Kustomize folders among the inputs (display paths, sorted): their files were read as they are, unbuilt. */
  readonly kustomizations: string[];
}

export interface LoadOptions {
  readonly cwd: string;
  /** Contents of standard input, read by the caller when an input is `-`: bytes, or text already decoded. */
  /** Standard input, read up to `maxBytes` (a reader may stop one byte past the size limit). */
  readonly stdin?: (maxBytes: number) => string | Uint8Array;
  /** The name shown for standard input. */
  readonly stdinFilename?: string;
  /** Files larger than this many bytes are not read (limits.fileBytes). */
  readonly maxFileBytes?: number;
}

/** Files a directory walk picks up as manifests (also the files `netlint diff --base` reads from git). */
export const manifestExtension = /\.(ya?ml|json)$/i;

/** The file that makes a directory a Helm chart. */
const chartFile = 'Chart.yaml';

/** The names `kustomize build` accepts for a directory's kustomization file. */
export const kustomizationFiles: ReadonlySet<string> = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** Why a path that yielded no file is a problem, in the words of the `<input>: <problem>` line. */
const noManifests = 'no YAML or JSON files match (netlint reads .yaml, .yml and .json files, outside dot folders and node_modules)';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The `Chart.yaml` of the innermost chart holding this directory (itself included), if any. The
 * search stops at a repository root (a directory with `.git`), so a chart above the repository
 * never swallows it.
 */
function chartAbove(directory: string, cache: Map<string, string | undefined>): string | undefined {
  if (cache.has(directory)) return cache.get(directory);
  let found: string | undefined;
  if (isFile(join(directory, chartFile))) found = join(directory, chartFile);
  else if (!existsSync(join(directory, '.git')) && dirname(directory) !== directory) found = chartAbove(dirname(directory), cache);
  cache.set(directory, found);
  return found;
}

function realOrSame(path: string): string {
  try {
    // The system call: Node's own realpathSync lstat()s every component of every path.
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

type Relative = (from: string, to: string) => string;

/**
 * A path as findings show it: relative to the working directory. `realPath` may give the file's
 * real path when the caller knows it cheaply (each real path costs a system call), and
 * `relativeOf` the relative path (see relativeByDirectory).
 */
function displayPath(cwd: string, absolutePath: string, realPath: (path: string) => string = realOrSame, relativeOf: Relative = relative): string {
  let rel = relativeOf(cwd, absolutePath);
  if (rel.startsWith('..')) {
    // Through a symbolic link the file may still be below the working directory.
    const real = relativeOf(realPath(cwd), realPath(absolutePath));
    if (!real.startsWith('..')) rel = real;
  }
  return (rel === '' ? absolutePath : rel).split(sep).join('/');
}

/**
 * path.relative for the many files of a few directories (absolute, normalized paths): each
 * directory's relative path is worked out once and the file's name put after it. path.relative
 * resolves both paths on every call, which was a tenth of reading 2,000 files. A path that `from`
 * lies in (or is) goes to path.relative: its relative path climbs without naming it. On Windows
 * path.relative is used throughout: drive roots, UNC shares and names that differ only in case
 * have rules of their own there.
 */
export function relativeByDirectory(): Relative {
  if (sep !== '/') return relative;
  const directories = new Map<string, string>();
  return (from, to) => {
    if (from === to || from.startsWith(to.endsWith(sep) ? to : `${to}${sep}`)) return relative(from, to);
    const directory = remembered(directories, `${from}\0${dirname(to)}`, () => relative(from, dirname(to)));
    return directory === '' ? basename(to) : `${directory}${sep}${basename(to)}`;
  };
}

/**
 * Manifest files below a directory: `.yaml`, `.yml`, `.json`; no dot folders, no node_modules.
 * A subdirectory that cannot be read is a problem of its own; the rest is still walked.
 */
function walkDirectory(directory: string, out: string[], problems: LoadProblem[], cwd: string, kustomizations: Set<string>, regular: Set<string>): void {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name));
  } catch (error) {
    problems.push({ input: displayPath(cwd, directory), message: errorText(error) });
    return;
  }
  if (entries.some((entry) => entry.name === chartFile && !entry.isDirectory())) {
    out.push(join(directory, chartFile));
    return;
  }
  if (entries.some((entry) => kustomizationFiles.has(entry.name) && !entry.isDirectory())) kustomizations.add(directory);
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(directory, entry.name);
    if (entry.isDirectory()) walkDirectory(full, out, problems, cwd, kustomizations, regular);
    else if (entry.isFile() && manifestExtension.test(entry.name)) {
      out.push(full);
      regular.add(full);
    }
    else if (entry.isSymbolicLink() && manifestExtension.test(entry.name)) {
      try {
        if (statSync(full).isFile()) out.push(full);
      } catch {
        // A dangling link is not an input.
      }
    }
  }
}

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ELOOP') return 'symbolic link loop';
  return (error as Error).message;
}

/** Expands one input into absolute file paths; anything inside a chart becomes its `Chart.yaml`. */
function expand(
  input: string,
  cwd: string,
  problems: LoadProblem[],
  charts: Map<string, string | undefined>,
  kustomizations: Set<string>,
  regular: Set<string>,
): string[] {
  const absolute = resolve(cwd, input);
  const noteKustomization = (file: string) => {
    if (kustomizationFiles.has(basename(file))) kustomizations.add(dirname(file));
  };
  try {
    const stats = statSync(absolute);
    const chart = chartAbove(stats.isDirectory() ? absolute : dirname(absolute), charts);
    if (chart) return [chart];
    if (stats.isDirectory()) {
      const files: string[] = [];
      const problemsBefore = problems.length;
      walkDirectory(absolute, files, problems, cwd, kustomizations, regular);
      // An unreadable subdirectory already explains an empty result.
      if (files.length === 0 && problems.length === problemsBefore) problems.push({ input, message: noManifests });
      return files;
    }
    noteKustomization(absolute);
    return [absolute];
  } catch (error) {
    const { globSync, isDynamicPattern } = lazyModule('tinyglobby');
    if (isDynamicPattern(input)) {
      const matches = globSync(input, { cwd, absolute: true, onlyFiles: true, ignore: ['**/node_modules/**'] });
      const manifests = matches.filter((file) => manifestExtension.test(file)).map((file) => resolve(file));
      if (manifests.length === 0) problems.push({ input, message: matches.length === 0 ? 'no files match this pattern' : noManifests });
      for (const file of manifests) noteKustomization(file);
      return manifests.map((file) => chartAbove(dirname(file), charts) ?? file);
    }
    problems.push({ input, message: errorText(error) });
    return [];
  }
}

/** `shop/Chart.yaml` → `shop`; a chart in the working directory is `.`. */
function chartDirectoryOf(shownChartFile: string): string {
  const directory = shownChartFile.slice(0, -chartFile.length).replace(/\/$/, '');
  return directory === '' ? '.' : directory;
}

/** One buffer every regular file is read into, grown as a larger file needs. */
let readBuffer = new Uint8Array(1 << 20);

/**
 * A regular file's bytes, or its size when that is over `maxBytes`. A walk found it as a regular
 * file, so the common small file needs no fstat: it is read into one reused buffer until a read
 * comes back short, which for a regular file is its end. Open, read, close: the fewest system
 * calls a file can cost, and most of loading ten thousand files is system calls. Only a file that
 * fills the buffer is asked its size, so an oversized one is not read on.
 */
function readRegularFile(path: string, maxBytes: number): Uint8Array | { readonly tooLarge: number } {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === readBuffer.length) {
        const size = fstatSync(fd).size;
        if (size > maxBytes) return { tooLarge: size };
        const grown = new Uint8Array(Math.max(size + 1, readBuffer.length * 2));
        grown.set(readBuffer);
        readBuffer = grown;
      }
      const wanted = readBuffer.length - length;
      const read = readSync(fd, readBuffer, length, wanted, null);
      length += read;
      if (read < wanted) break;
    }
    return length > maxBytes ? { tooLarge: length } : readBuffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * One file as a source file. A file over the size limit is not read on (it is reported at parse
 * time, as is a file that is not UTF-8), so a huge or endless file costs nothing.
 */
function readSourceFile(shown: string, path: string, chart: string | undefined, maxBytes: number, regularFile: boolean): SourceFile {
  if (regularFile) {
    const bytes = readRegularFile(path, maxBytes);
    if ('tooLarge' in bytes) return createSourceFile(shown, path, '', chart, { type: 'size', bytes: bytes.tooLarge, limit: maxBytes });
    const { text, unreadable } = decodeText(bytes);
    return createSourceFile(shown, path, text, chart, unreadable);
  }
  // Opened once, then asked what it is: one path lookup per file.
  const fd = openSync(path, 'r');
  try {
    const stats = fstatSync(fd);
    // A device such as /dev/zero never ends; a pipe (`netlint <(helm template …)`) does.
    if (!stats.isFile() && !stats.isFIFO()) throw new Error('not a regular file');
    if (stats.size > maxBytes) return createSourceFile(shown, path, '', chart, { type: 'size', bytes: stats.size, limit: maxBytes });
    // A pipe has no size to check beforehand: it is read as standard input is, up to one byte past the limit.
    const content = stats.isFIFO() ? readAllBytes(fd, maxBytes + 1) : readFileSync(fd);
    if (content.length > maxBytes) return createSourceFile(shown, path, '', chart, { type: 'size', bytes: stats.isFIFO() ? undefined : content.length, limit: maxBytes });
    const { text, unreadable } = decodeText(content);
    return createSourceFile(shown, path, text, chart, unreadable);
  } finally {
    closeSync(fd);
  }
}

/** Standard input as a source file, held to the same size limit and UTF-8 check as a file. */
function stdinSourceFile(shown: string, absolute: string | undefined, input: string | Uint8Array, maxBytes: number): SourceFile {
  if (typeof input === 'string') return createSourceFile(shown, absolute, input);
  // Standard input is read only up to one byte past the limit: its whole size is not known.
  if (input.length > maxBytes) return createSourceFile(shown, absolute, '', undefined, { type: 'size', bytes: undefined, limit: maxBytes });
  const { text, unreadable } = decodeText(input);
  return createSourceFile(shown, absolute, text, undefined, unreadable);
}

export function loadInputs(inputs: readonly string[], options: LoadOptions): LoadResult {
  const problems: LoadProblem[] = [];
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  let stdinRead = false;
  const paths: string[] = [];
  const charts = new Map<string, string | undefined>();
  const kustomizations = new Set<string>();
  /** Files a directory walk found as regular files (not links). */
  const regular = new Set<string>();
  for (const input of inputs) {
    if (input === '-') {
      if (stdinRead || !options.stdin) continue;
      stdinRead = true;
      const name = options.stdinFilename;
      const absolute = name === undefined ? undefined : resolve(options.cwd, name);
      const maxBytes = options.maxFileBytes ?? defaultLimits.fileBytes;
      files.push(stdinSourceFile(absolute ? displayPath(options.cwd, absolute) : '<stdin>', absolute, options.stdin(maxBytes + 1), maxBytes));
      continue;
    }
    for (const path of expand(input, options.cwd, problems, charts, kustomizations, regular)) paths.push(path);
  }
  // A file is read once however it is reached. A walk follows no directory link, so a regular
  // file it found is its directory's real path plus its name: one system call per directory.
  const realPaths = new Map<string, string>();
  const realOnce = (path: string) => remembered(realPaths, path, () => realOrSame(path));
  const realPath = (path: string) => (regular.has(path) ? join(realOnce(dirname(path)), basename(path)) : realOnce(path));
  const relativeOf = relativeByDirectory();
  for (const path of paths) {
    const real = realPath(path);
    if (seen.has(real)) continue;
    seen.add(real);
    try {
      const shown = displayPath(options.cwd, path, realPath, relativeOf);
      // Only a chart brings its Chart.yaml here: a file inside a chart stands for it, so every
      // Chart.yaml that arrives is the metadata of a chart loaded as a whole.
      const chart = basename(path) === chartFile ? chartDirectoryOf(shown) : undefined;
      files.push(readSourceFile(shown, path, chart, options.maxFileBytes ?? defaultLimits.fileBytes, regular.has(path)));
    } catch (error) {
      problems.push({ input: displayPath(options.cwd, path), message: errorText(error) });
    }
  }
  files.sort((a, b) => compareText(a.path, b.path));
  const here = resolve(options.cwd);
  const kustomizationPaths = [...kustomizations].map((directory) => (directory === here ? '.' : displayPath(options.cwd, directory))).sort(compareText);
  return { files, problems, kustomizations: kustomizationPaths };
}
