/** A reporter context as if netlint ran at the root of a repository in /repo. */
import { allRuleMeta } from '../../src/registry.js';
import type { ReporterContext } from '../../src/reporters/types.js';

export const reporterContext = (overrides: Partial<ReporterContext> = {}): ReporterContext => ({
  rules: allRuleMeta,
  color: false,
  cwd: '/repo',
  version: '1.2.3',
  sourceRoot: '/repo',
  exitCode: 1,
  ...overrides,
});
