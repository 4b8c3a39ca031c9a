/**
 * What the input's kustomization files say about the files they build, which are linted as
 * written. Some files are patches, not resources: partial copies of objects defined elsewhere
 * (`patchesStrategicMerge: [replicas.yaml]`), sharing the identity of the object they patch, so
 * they are not second definitions of it. And `commonLabels` puts labels on the selectors of the
 * resources, adding a workload's `spec.selector` when it has none.
 */
import { basename, dirname, resolve, sep } from 'node:path';
import { kustomizationFiles } from './load.js';
import { isRecord } from './model/decode.js';
import type { ParsedDocument } from './parse.js';

/** The keys whose entries name patch files: a path string, or `{ path: … }`. */
const patchKeys = ['patches', 'patchesStrategicMerge', 'patchesJson6902'] as const;

/** A patch entry's file: `x.yaml` or `{ path: x.yaml }`; inline patches (YAML text, `patch:`) name none. */
function patchPath(entry: unknown): string | undefined {
  const path = isRecord(entry) ? entry.path : entry;
  if (typeof path !== 'string' || path.includes('\n')) return undefined;
  return path.trim() === '' ? undefined : path.trim();
}

export interface KustomizeFacts {
  /** Absolute paths of the files the input's kustomization files name as patches. */
  readonly patchFiles: ReadonlySet<string>;
  /** Whether a kustomization puts labels on the selectors of the objects of this file. */
  readonly setsSelectorsOf: (absolutePath: string) => boolean;
  /**
   * Whether this file is built together with remote resources (a URL among a kustomization's
   * resources: an upstream install manifest): objects the input does not show sit beside its own.
   */
  readonly builtWithRemote: (absolutePath: string) => boolean;
}

export const noKustomization: KustomizeFacts = { patchFiles: new Set(), setsSelectorsOf: () => false, builtWithRemote: () => false };

/** A resource kustomize fetches: a URL, or a git repository (`github.com/org/repo//path?ref=v1`). */
function isRemote(entry: unknown): boolean {
  return typeof entry === 'string' && (entry.includes('://') || /^(?:github\.com|gitlab\.com|bitbucket\.org)\//.test(entry.trim()) || entry.trim().startsWith('git@'));
}

/** `commonLabels`, or `labels` entries with `includeSelectors: true`: labels Kustomize adds to selectors too. */
function setsSelectorLabels(kustomization: Readonly<Record<string, unknown>>): boolean {
  const { commonLabels, labels } = kustomization;
  if (isRecord(commonLabels) && Object.keys(commonLabels).length > 0) return true;
  return Array.isArray(labels) && labels.some((entry) => isRecord(entry) && entry.includeSelectors === true && isRecord(entry.pairs) && Object.keys(entry.pairs).length > 0);
}

/** The files and folders a kustomization builds from: its `resources` (and the older `bases`). */
function resourcePaths(kustomization: Readonly<Record<string, unknown>>, folder: string): string[] {
  return [kustomization.resources, kustomization.bases]
    .flatMap((entries) => (Array.isArray(entries) ? entries : []))
    .filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '' && !isRemote(entry))
    .map((entry) => resolve(folder, entry.trim()));
}

export function kustomizeFacts(documents: readonly ParsedDocument[]): KustomizeFacts {
  const patches = new Set<string>();
  const labelled: string[] = [];
  const remoteBuilds: string[] = [];
  for (const { file, value } of documents) {
    if (file.absolutePath === undefined || !kustomizationFiles.has(basename(file.absolutePath)) || !isRecord(value)) continue;
    const folder = dirname(file.absolutePath);
    if (setsSelectorLabels(value)) labelled.push(...resourcePaths(value, folder));
    if ([value.resources, value.bases].some((entries) => Array.isArray(entries) && entries.some(isRemote))) remoteBuilds.push(folder, ...resourcePaths(value, folder));
    for (const key of patchKeys) {
      const entries = value[key];
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        const path = patchPath(entry);
        if (path !== undefined) patches.add(resolve(folder, path));
      }
    }
  }
  // A folder among the resources is a base: the labels reach everything it builds.
  const under = (paths: readonly string[]) => (path: string) => paths.some((resource) => path === resource || path.startsWith(`${resource}${sep}`));
  return { patchFiles: patches, setsSelectorsOf: under(labelled), builtWithRemote: under(remoteBuilds) };
}
