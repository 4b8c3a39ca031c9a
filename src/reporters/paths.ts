/** File paths as CI systems name them: relative to the repository root, with forward slashes. */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ReporterContext } from './types.js';

/**
 * The path of a linted file from the repository root (`context.sourceRoot`), or undefined for
 * standard input and files outside the repository. GitHub annotations, GitLab Code Quality and
 * fingerprints use it, so the same file has the same name whatever directory netlint ran in.
 */
export function repositoryPath(filePath: string, context: Pick<ReporterContext, 'cwd' | 'sourceRoot'>): string | undefined {
  if (filePath === '<stdin>') return undefined;
  const rel = relative(context.sourceRoot, resolve(context.cwd, filePath));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : undefined;
}
