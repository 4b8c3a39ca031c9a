/**
 * The optional test layer: suites that read `../shared` (the tutorial's exact seed files and
 * np-guard's conformance cases). That folder sits beside the repository in this project's
 * workspace and in CI, never in a user's clone, so these suites run where it exists and are
 * skipped where it does not; `test/setup/build.ts` says so in one line.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const candidate = fileURLToPath(new URL('../../../shared/', import.meta.url));

/** Absolute path of `../shared` (with a trailing slash), or undefined in a plain clone. */
export const sharedDir: string | undefined = existsSync(candidate) ? candidate : undefined;

/** True where the optional layer cannot run. */
export const withoutShared = sharedDir === undefined;
