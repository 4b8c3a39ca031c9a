/**
 * Limits on how much input netlint reads, so that a hostile or generated file costs bounded time
 * and memory. A file or document over a limit is skipped with an `input-limit` finding at its
 * file:line; everything else is still linted. The limits are settings (`limits` in
 * .netlintrc.yaml); the defaults are far above real manifests:
 *
 * - fileBytes, 32 MiB: the API server refuses any request over 3 MiB, so no single object comes
 *   near it, and 32 MiB holds tens of thousands of ordinary objects. netlint reads about 8 MB/s
 *   and needs about 14 bytes of memory per byte of YAML, so such a file lints in about 5 s and
 *   under 0.5 GiB. Checked before reading: a larger file is never loaded into memory.
 * - documentsPerFile, 20,000: twice the largest run of the benchmark. Tiny documents cost far
 *   more than their bytes (a million `---` lines take 7 s and 600 MiB), which the size limit
 *   alone does not bound.
 * - aliasNodes, 100,000: aliases share one node in memory, but everything that walks a value
 *   (schema checks, messages, reporters) sees it expanded, so nine levels of ten aliases each
 *   (an alias bomb, under 1 KiB of YAML) are a billion nodes. Real manifests reuse a few labels
 *   or a resources block. Kubernetes' own YAML reader refuses such documents too ("excessive
 *   aliasing").
 */
export interface Limits {
  /** Largest file read, in bytes. */
  readonly fileBytes: number;
  /** Most documents (`---` sections) in one file. */
  readonly documentsPerFile: number;
  /** Most nodes that aliases (`*name`, `<<: *name`) may add to one document when expanded. */
  readonly aliasNodes: number;
}

const MiB = 1024 * 1024;

export const defaultLimits: Limits = { fileBytes: 32 * MiB, documentsPerFile: 20_000, aliasNodes: 100_000 };

const units: Readonly<Record<string, number>> = { B: 1, KiB: 1024, MiB, GiB: 1024 * MiB };

/** The config's spelling of a size: a whole number and a unit, `32MiB` or `500 KiB`. */
export const sizePattern = '^[1-9][0-9]* ?(B|KiB|MiB|GiB)$';

/** Bytes of a size written as `sizePattern` allows. */
export function parseSize(text: string): number {
  const match = /^(\d+) ?(B|KiB|MiB|GiB)$/.exec(text);
  if (!match) throw new Error(`not a size: ${text}`);
  return Number(match[1]) * (units[match[2] as string] as number);
}

/** A size as people read it, and as the config accepts it when whole: `32 MiB`, `20.5 MiB`, `100 B`. */
export function formatSize(bytes: number): string {
  const [unit, size] = bytes >= MiB ? ['MiB', MiB] : bytes >= 1024 ? ['KiB', 1024] : ['B', 1];
  const amount = bytes / size;
  return `${Number.isInteger(amount) ? amount : amount.toFixed(1)} ${unit}`;
}
