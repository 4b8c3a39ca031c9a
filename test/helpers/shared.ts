/**
 * The optional test layer: suites that read `../shared` (the tutorial's exact seed files and
 * np-guard's conformance cases). That folder sits beside the repository in this project's
 * workspace and in CI, never in a user's clone, so these suites run where it exists and are
 * skipped where it does not; `test/setup/build.ts` says so in one line.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const candidate = fileURLToPath(new URL('../../../shared/', import.meta.url));

/** Absolute path of `../shared` (with a trailing slash), or undefined in a plain clone. */
export const sharedDir: string | undefined = existsSync(candidate) ? candidate : undefined;

/** True where the optional layer cannot run. */
export const withoutShared = sharedDir === undefined;

/** A conformance case set under ../shared/conformance: its folder and case names, sorted; undefined in a plain clone. */
export function conformanceCases(set: string): { dir: string; names: string[] } | undefined {
  if (sharedDir === undefined) return undefined;
  const dir = join(sharedDir, 'conformance', set);
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return { dir, names };
}
