/**
 * Kustomize patches in the input. A kustomization.yaml names files that are patches, not
 * resources: partial copies of objects defined elsewhere (`patchesStrategicMerge: [replicas.yaml]`).
 * They share the identity of the object they patch, so they are not second definitions of it.
 */
import { basename, dirname, resolve } from 'node:path';
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

/** Absolute paths of the files the input's kustomization files name as patches. */
export function kustomizePatchFiles(documents: readonly ParsedDocument[]): ReadonlySet<string> {
  const patches = new Set<string>();
  for (const { file, value } of documents) {
    if (file.absolutePath === undefined || !kustomizationFiles.has(basename(file.absolutePath)) || !isRecord(value)) continue;
    const folder = dirname(file.absolutePath);
    for (const key of patchKeys) {
      const entries = value[key];
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        const path = patchPath(entry);
        if (path !== undefined) patches.add(resolve(folder, path));
      }
    }
  }
  return patches;
}
