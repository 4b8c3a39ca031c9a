/**
 * One tree, several clusters: `k8s/dev` and `k8s/prod` (or Kustomize overlays) describe different
 * clusters, and linting them as one lets a dev Deployment satisfy a prod Service. The config's
 * `clusters` key names groups of files, each linted as its own cluster; without it, objects
 * defined twice in different folders are the sign, and netlint says so once.
 */
import { basename, dirname, join, relative, sep } from 'node:path';
import { lazyModule } from './lazy.js';
import type { ClusterModel } from './model/cluster.js';
import type { KubeObject } from './model/types.js';
import { compareMessages, messageKey, type FileResult, type LintResult } from './lint.js';
import type { SourceFile } from './source.js';
import { compareText, groupBy, someNames } from './util.js';

export interface ClusterGroup {
  readonly name: string;
  readonly files: readonly SourceFile[];
}

/** Files not named by any cluster form one more group, linted as a cluster of its own. */
export const otherFiles = '(other files)';

/**
 * The files of the folder that config globs (`ignore`, `clusters`) match. The walk skips what
 * netlint never reads (node_modules, .git), which would otherwise dominate it in a real repository.
 */
export function filesMatching(globs: readonly string[], baseDir: string): Set<string> {
  return new Set(lazyModule('tinyglobby').globSync([...globs], { cwd: baseDir, absolute: true, onlyFiles: true, dot: true, ignore: ['**/node_modules/**', '**/.git/**'] }));
}

/**
 * The files of each configured cluster (globs relative to `baseDir`), in the config's order, then
 * the files no cluster names. A file may be in several clusters (a policy every environment
 * shares); it is then linted in each.
 */
export function groupFiles(files: readonly SourceFile[], clusters: Readonly<Record<string, readonly string[]>>, baseDir: string): ClusterGroup[] {
  const groups: ClusterGroup[] = [];
  const placed = new Set<SourceFile>();
  for (const [name, globs] of Object.entries(clusters)) {
    const matched = filesMatching(globs, baseDir);
    const members = files.filter((file) => file.absolutePath !== undefined && matched.has(file.absolutePath));
    for (const file of members) placed.add(file);
    groups.push({ name, files: members });
  }
  const rest = files.filter((file) => !placed.has(file));
  if (rest.length > 0) groups.push({ name: otherFiles, files: rest });
  return groups.filter((group) => group.files.length > 0);
}

/**
 * One result from the clusters' results, file by file in input order. A file linted in several
 * clusters gets each finding once; a suppression counts as unused only if it silenced nothing in
 * every cluster that holds the file.
 */
export function mergeResults(results: readonly LintResult[], files: readonly SourceFile[]): LintResult {
  const perFile = groupBy(
    results.flatMap((r) => r.files),
    (f) => f.source,
  );
  const merged: FileResult[] = files.flatMap((source) => {
    const parts = perFile.get(source);
    if (!parts) return [];
    const seen = new Map<string, { message: FileResult['messages'][number]; count: number }>();
    for (const part of parts) {
      for (const message of part.messages) {
        const key = messageKey(message);
        const entry = seen.get(key);
        if (entry) entry.count++;
        else seen.set(key, { message, count: 1 });
      }
    }
    const messages = [...seen.values()]
      .filter((e) => e.message.ruleId !== 'suppression-unused' || e.count === parts.length)
      .map((e) => e.message)
      .sort(compareMessages);
    const suppressed = [...new Map(parts.flatMap((p) => p.suppressedMessages).map((m) => [messageKey(m), m])).values()];
    const first = parts[0] as FileResult;
    return [
      {
        ...first,
        messages,
        suppressedMessages: suppressed,
        errorCount: messages.filter((m) => m.severity === 'error').length,
        warningCount: messages.filter((m) => m.severity === 'warning').length,
      },
    ];
  });
  const [head] = results;
  if (!head) throw new Error('mergeResults needs at least one result');
  return {
    files: merged,
    model: head.model,
    documentCount: results.reduce((n, r) => n + r.documentCount, 0),
    skipped: results.flatMap((r) => r.skipped),
    internalErrors: results.flatMap((r) => r.internalErrors),
    rulesRun: [...new Set(results.flatMap((r) => r.rulesRun))].sort(compareText),
  };
}

/** An object defined in files of more than one folder: the sign of several environments merged. */
export interface DuplicateDefinition {
  readonly object: string;
  readonly folders: readonly string[];
}

/**
 * The model's duplicate definitions whose files lie in more than one folder. Kustomize patches are
 * not definitions (the model leaves them out of its duplicates), so an overlay's patch of a base
 * object is no sign of merged environments.
 */
export function definedInSeveralFolders(model: ClusterModel): DuplicateDefinition[] {
  const duplicates: DuplicateDefinition[] = [];
  for (const objects of model.duplicateDefinitions()) {
    // Standard input has no folder; objects read from it are left out.
    const folders = [...new Set(objects.flatMap((o) => (o.doc.file.absolutePath ? [dirname(o.doc.file.absolutePath)] : [])))].sort(compareText);
    if (folders.length > 1) duplicates.push({ object: (objects[0] as KubeObject).displayName, folders });
  }
  return duplicates;
}

/** A folder as a person reads it here, and as a glob in a config in `base`. */
function shown(folder: string, from: string): string {
  return relative(from, folder).split(sep).join('/') || '.';
}

/**
 * The once-per-run note for objects defined in several folders, with the `clusters` block that
 * separates them: folders shown from the working directory, globs relative to `base`, the folder
 * of the config file that would hold them.
 */
export function mergedClustersNote(duplicates: readonly DuplicateDefinition[], cwd: string, base: string): string | undefined {
  const [first] = duplicates;
  if (!first) return undefined;
  const folders = [...new Set(duplicates.flatMap((d) => d.folders))].sort(compareText);
  const examples = someNames(duplicates.map((d) => `${d.object} in ${d.folders.map((f) => shown(f, cwd)).join(' and ')}`), 2);
  const suggestion = folders
    .map((folder) => {
      const glob = shown(folder, base);
      return `    ${basename(folder) || glob}: [${glob === '.' ? '*' : `${glob}/**`}]`;
    })
    .join('\n');
  const config = shown(join(base, '.netlintrc.yaml'), cwd);
  return (
    `note: ${duplicates.length === 1 ? 'an object is' : `${duplicates.length} objects are`} defined in more than one folder (${examples}); ` +
    'netlint lints all its input as one cluster, so objects of one folder can satisfy or break those of another. ' +
    `If the folders are separate environments, lint them apart with this in ${config}:\n  clusters:\n${suggestion}\n`
  );
}
