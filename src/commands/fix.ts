/**
 * `--fix` and `--fix-dry-run`: lint, apply the safe fixes to the text, lint again, until nothing
 * more applies (at most `maxFixPasses` times, as ESLint), then write the files or print a diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { LintResult } from '../engine/lint.js';
import { applyEdits, compatibleFixes } from '../engine/fix.js';
import { createSourceFile, type SourceFile } from '../engine/source.js';
import type { LocatedFix, TextEdit } from '../engine/finding.js';

/** ESLint's limit: a fix that keeps producing new fixes stops here instead of looping forever. */
const maxFixPasses = 10;

export interface FixOutcome<Run> {
  /** The inputs with every applicable safe fix applied, in input order. */
  readonly files: readonly SourceFile[];
  /** The last lint of `files`: what remains, which the caller reports without linting again. */
  readonly run: Run;
  /** How many fixes were applied, over all passes. */
  readonly applied: number;
}

function safeFixes(result: LintResult): LocatedFix[] {
  return result.files.flatMap((file) => file.messages.flatMap((m) => (m.fix?.safe ? [m.fix] : [])));
}

/**
 * Lints `files` with `lint` and applies safe fixes pass after pass until none applies. `resultOf`
 * picks the findings out of a run, so that the caller gets its own last run back whole.
 */
export function fixSources<Run>(
  files: readonly SourceFile[],
  lint: (files: readonly SourceFile[]) => Run,
  resultOf: (run: Run) => LintResult,
): FixOutcome<Run> {
  let current = files;
  let run = lint(current);
  let applied = 0;
  for (let pass = 0; pass < maxFixPasses; pass++) {
    const fixes = compatibleFixes(safeFixes(resultOf(run)));
    if (fixes.length === 0) break;
    const byFile = new Map<string, TextEdit[]>();
    for (const edit of fixes.flatMap((fix) => fix.edits)) byFile.set(edit.filePath, [...(byFile.get(edit.filePath) ?? []), edit]);
    current = current.map((file) => {
      const edits = byFile.get(file.path);
      return edits ? createSourceFile(file.path, file.absolutePath, applyEdits(file.text, edits), file.chartDirectory) : file;
    });
    applied += fixes.length;
    run = lint(current);
  }
  return { files: current, run, applied };
}

/** The inputs `fixSources` changed, as pairs of the text before and after. */
export function changedFiles(before: readonly SourceFile[], after: readonly SourceFile[]): { readonly before: SourceFile; readonly after: SourceFile }[] {
  return before.flatMap((file, i) => {
    const fixed = after[i] as SourceFile;
    return fixed.text === file.text ? [] : [{ before: file, after: fixed }];
  });
}

/** A unified diff of the changes, `git apply`-able (paths as shown, under a/ and b/). */
export function fixDiff(changes: ReturnType<typeof changedFiles>): string {
  return changes
    .map(({ before, after }) => createTwoFilesPatch(`a/${before.path}`, `b/${after.path}`, before.text, after.text, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY }))
    .join('');
}

/** Writes the fixed files in place; returns the problem of the first that fails, if any. */
export function writeFixedFiles(changes: ReturnType<typeof changedFiles>): string | undefined {
  for (const { after } of changes) {
    if (after.absolutePath === undefined) continue;
    try {
      // The text netlint read has its byte-order mark removed; a file that had one keeps it.
      const bom = readFileSync(after.absolutePath, 'utf8').charCodeAt(0) === 0xfeff ? '\ufeff' : '';
      writeFileSync(after.absolutePath, bom + after.text);
    } catch (error) {
      return `cannot write ${after.path}: ${(error as Error).message}`;
    }
  }
  return undefined;
}
