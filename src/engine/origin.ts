/**
 * Where a rendered object came from. `helm template` writes `# Source: <chart>/templates/x.yaml`
 * at the top of every document it prints, and `kustomize build` with
 * `buildMetadata: [originAnnotations]` annotates every object with `config.kubernetes.io/origin`
 * (a YAML string: `path`, or `configuredIn` for generated objects, plus `repo` and `ref` for remote
 * ones). Findings keep their position in the rendered stream; the origin tells people which file
 * to edit.
 */
import { CORE_SCHEMA, load } from 'js-yaml';
import { isNodeRef, listItemIndex, type FileLocation, type NodeRef } from './finding.js';
import { isRecord } from './model/decode.js';

export interface Origin {
  /**
   * The file as the tool wrote it: for Helm `<chart name>/templates/x.yaml`; for Kustomize relative
   * to the kustomization that was built (or to the root of `repo`).
   */
  readonly path: string;
  readonly source: 'helm' | 'kustomize';
  /** The remote repository of a Kustomize resource, when it is not a local file. */
  readonly repo?: string;
  readonly ref?: string;
}

export const kustomizeOriginAnnotation = 'config.kubernetes.io/origin';

const sourceComment = /^#[ \t]*Source:[ \t]*(\S.*?)[ \t]*$/;

/**
 * The `# Source:` comment among the lines that open a document (its `---` marker, directives,
 * blank lines and comments). A comment further down belongs to a field, not to the document.
 */
export function helmSourceOf(documentText: string): Origin | undefined {
  let start = 0;
  while (start < documentText.length) {
    const end = documentText.indexOf('\n', start);
    const line = documentText.slice(start, end === -1 ? documentText.length : end).replace(/\r$/, '');
    const path = sourceComment.exec(line)?.[1];
    if (path !== undefined) return { path, source: 'helm' };
    const opening = /^\s*(#.*)?$/.test(line) || /^%/.test(line) || /^---(?=\s|$)/.test(line);
    if (!opening || end === -1) return undefined;
    start = end + 1;
  }
  return undefined;
}

function stringField(value: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const field = value[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
}

/** The annotation's YAML, read leniently: an origin that cannot be read is simply not shown. */
function readAnnotation(text: string): Readonly<Record<string, unknown>> | undefined {
  try {
    const value: unknown = load(text, { schema: CORE_SCHEMA });
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The `config.kubernetes.io/origin` annotation of one object, if it has a readable one. */
export function kustomizeOriginOf(object: unknown): Origin | undefined {
  if (!isRecord(object) || !isRecord(object.metadata) || !isRecord(object.metadata.annotations)) return undefined;
  const written = object.metadata.annotations[kustomizeOriginAnnotation];
  if (typeof written !== 'string') return undefined;
  const fields = readAnnotation(written);
  if (!fields) return undefined;
  // A generated object (configMapGenerator, a generator plugin) has no file of its own: its origin
  // is the file that configures the generator.
  const path = stringField(fields, 'path') ?? stringField(fields, 'configuredIn');
  if (path === undefined) return undefined;
  const repo = stringField(fields, 'repo');
  const ref = stringField(fields, 'ref');
  return { path, source: 'kustomize', ...(repo ? { repo } : {}), ...(ref ? { ref } : {}) };
}

/** A document's origin: its object's own annotation first, else the comment Helm put above it. */
export function documentOriginOf(documentText: string, value: unknown): Origin | undefined {
  return kustomizeOriginOf(value) ?? helmSourceOf(documentText);
}

/** The origin of a finding's place: the List item's own annotation, else its document's origin. */
export function originAt(at: NodeRef | FileLocation): Origin | undefined {
  if (!isNodeRef(at)) return at.origin;
  const item = listItemIndex(at.path);
  const value = at.doc.value;
  if (item !== undefined && isRecord(value) && Array.isArray(value.items)) {
    const own = kustomizeOriginOf(value.items[item]);
    if (own) return own;
  }
  return at.doc.origin;
}

/** `mychart/templates/svc.yaml`, or `base/svc.yaml in https://github.com/org/repo@v1` for a remote file. */
export function describeOrigin(origin: Origin): string {
  if (origin.repo === undefined) return origin.path;
  return `${origin.path} in ${origin.repo}${origin.ref === undefined ? '' : `@${origin.ref}`}`;
}

/** ` (from mychart/templates/svc.yaml)`: how text formats end a message about rendered input; empty otherwise. */
export function fromOrigin(origin: Origin | undefined): string {
  return origin ? ` (from ${describeOrigin(origin)})` : '';
}
