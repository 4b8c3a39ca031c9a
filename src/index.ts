/** netlint's programmatic API. */
export { lintSources, type LintResult, type FileResult, type LintOptions } from './engine/lint.js';
export { loadInputs, type LoadResult } from './engine/load.js';
export { createSourceFile, type SourceFile, type Range } from './engine/source.js';
export { defaultSettings, type Settings } from './engine/settings.js';
export { ClusterModel } from './engine/model/cluster.js';
export type { LintMessage, Severity } from './engine/finding.js';
export type { Origin } from './engine/origin.js';
export { rules } from './rules/index.js';
export { allRuleMeta } from './registry.js';
export { reporters } from './reporters/index.js';
