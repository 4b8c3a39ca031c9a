/**
 * The action's inputs, read as the runner passes them: `INPUT_<NAME>` environment variables, the
 * name upper-cased with spaces turned into `_` (hyphens stay: `fail-on` is `INPUT_FAIL-ON`), the
 * value trimmed, the default from action.yml already filled in. Booleans follow @actions/core's
 * `getBooleanInput` (YAML 1.2 core schema: true/True/TRUE, false/False/FALSE).
 */

export type FailOn = 'error' | 'warning' | 'never';

export interface ActionInputs {
  /** Paths and globs, relative to GITHUB_WORKSPACE. */
  readonly paths: readonly string[];
  /** A config file relative to GITHUB_WORKSPACE; empty: found as the CLI finds it. */
  readonly config: string;
  readonly failOn: FailOn;
  /** Where to write SARIF, relative to GITHUB_WORKSPACE; empty: no SARIF file. */
  readonly sarifFile: string;
  readonly annotations: boolean;
  readonly summary: boolean;
  /**
   * A git ref (a pull request's base commit): when set, the job summary starts with what the change
   * does to reachability since then (`netlint diff --base`). Empty: no diff.
   */
  readonly diffBase: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A wrong input value: reported as one `::error::` line, exit 2. */
export class InputError extends Error {}

function input(env: Env, name: string, fallback: string): string {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
  return value === undefined ? fallback : value.trim();
}

function booleanInput(env: Env, name: string, fallback: boolean): boolean {
  const value = input(env, name, String(fallback));
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`input ${name} must be true or false, not "${value}"`);
}

const failOnValues: readonly FailOn[] = ['error', 'warning', 'never'];

export function readInputs(env: Env): ActionInputs {
  const failOn = input(env, 'fail-on', 'error');
  if (!(failOnValues as readonly string[]).includes(failOn)) {
    throw new InputError(`input fail-on must be one of ${failOnValues.join(', ')}, not "${failOn}"`);
  }
  // Several paths: separated by spaces or on separate lines (a YAML block scalar).
  const paths = input(env, 'paths', '.').split(/\s+/).filter((p) => p !== '');
  return {
    paths: paths.length > 0 ? paths : ['.'],
    config: input(env, 'config', ''),
    failOn: failOn as FailOn,
    sarifFile: input(env, 'sarif-file', 'netlint.sarif'),
    annotations: booleanInput(env, 'annotations', true),
    summary: booleanInput(env, 'summary', true),
    diffBase: input(env, 'diff-base', ''),
  };
}
