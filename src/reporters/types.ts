import type { LintResult } from '../engine/lint.js';
import type { RuleMeta } from '../engine/rule.js';

export interface ReporterContext {
  /** Metadata of every rule and engine diagnostic, sorted by id. */
  readonly rules: readonly RuleMeta[];
  readonly color: boolean;
  readonly cwd: string;
  readonly version: string;
  /** Directory SARIF URIs are relative to (the repository root). */
  readonly sourceRoot: string;
  /** The exit code the run will end with (SARIF records it). */
  readonly exitCode: number;
  /** `--sarif-category`: SARIF `automationDetails.id`, which tells several uploads per commit apart. */
  readonly sarifCategory?: string;
  /** Says something on standard error, such as a report that had to leave findings out. */
  readonly warn?: (message: string) => void;
}

export type Reporter = (result: LintResult, context: ReporterContext) => string;
