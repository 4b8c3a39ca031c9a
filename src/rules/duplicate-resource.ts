import { defineRule } from '../engine/rule.js';
import type { KubeObject } from '../engine/model/types.js';

/** Where the first definition is, as the message says it. */
function placeOf(first: KubeObject, again: KubeObject): string {
  return first.doc.file === again.doc.file ? 'earlier in this file' : `in ${first.doc.file.path}`;
}

/** The folder part of a display path (POSIX separators), empty for a file of the working directory. */
function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** Whether two definitions sit in different folders: the sign of two environments linted as one. */
function inOtherFolder(first: KubeObject, again: KubeObject): boolean {
  return folderOf(first.doc.file.path) !== folderOf(again.doc.file.path);
}

export default defineRule({
  id: 'duplicate-resource',
  severity: 'error',
  category: 'correctness',
  kinds: [],
  docs: {
    summary: 'The same object (group, kind, namespace and name) is defined twice in one cluster',
    why: 'A cluster holds one object per group, kind, namespace and name. Applying both definitions, the later one silently replaces the earlier, so whatever the earlier one says never takes effect, and which one wins depends on file order; `kustomize build` refuses such input outright. It is usually a copy that should have been renamed, or two environments linted together.',
    details: [
      'Objects are the same when their API group (not version: `apps/v1` and `apps/v1beta2` are one), kind, namespace and name agree. Each definition after the first is reported at its `metadata.name`, with the first one related; the rules read the last definition, as `kubectl apply` of the files in order leaves it.',
      '',
      'Not reported: objects in different clusters of the `clusters` config key (each is linted alone); Kustomize patches, that is files a `kustomization.yaml` of the input names under `patches`, `patchesStrategicMerge` or `patchesJson6902`, objects with a `$patch` directive, and workloads whose pod template has no containers; objects named by `generateName`. An object without a namespace is in the namespace netlint places it in (`--namespace`, the only namespace of the input, or `default`), as for every rule. When the definitions are in different folders, the message says how to lint the folders as separate clusters. A copy in the same folder identical to the first (the same fields and values in the same order) replaces nothing and is a warning (`identical`): the risk is an edit to one copy that the other undoes.',
    ].join('\n'),
  },
  messages: {
    duplicate:
      '{{object}} is defined again here (first {{first}}); applying both, this definition replaces the first, so the first never takes effect: remove one of them, or rename one',
    otherFolder:
      '{{object}} is defined again here (first {{first}}); linted as one cluster, this definition replaces the first: if the two folders are separate environments, lint them apart with the clusters key of the config, else remove one of them',
    identical:
      '{{object}} is defined again here, identically (first {{first}}); the copies agree today, but an edit to one is undone by the other on the next apply: keep one of them',
  },
  *check(ctx) {
    for (const definitions of ctx.model.duplicateDefinitions()) {
      const [first, ...again] = definitions;
      if (!first) continue;
      for (const object of again) {
        // Folders apart are most likely environments linted together, whatever the copies say; an
        // identical copy beside the first replaces nothing: a maintenance hazard, not a lost definition.
        const otherFolder = inOtherFolder(first, object);
        const identical = !otherFolder && ctx.model.definitionsIdentical(first, object);
        yield ctx.report({
          at: object.at('metadata', 'name'),
          messageId: otherFolder ? 'otherFolder' : identical ? 'identical' : 'duplicate',
          ...(identical ? { severity: 'warning' as const } : {}),
          object,
          data: { object: object.displayName, first: placeOf(first, object) },
          related: [{ at: first.at('metadata', 'name'), message: `first definition of ${first.displayName}` }],
        });
      }
    }
  },
});
