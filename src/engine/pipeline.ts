/**
 * Inputs → model, shared by `netlint` and `netlint reach` so that both read input the same way:
 * parse every source file, collect the input findings (syntax errors, templates), and build the
 * one cluster model from the documents.
 */
import { ClusterModel } from './model/cluster.js';
import { parseFile, type ParsedDocument } from './parse.js';
import type { Finding } from './finding.js';
import type { Settings } from './settings.js';
import type { SourceFile } from './source.js';

export interface ModelInput {
  /** The documents the model was built from. */
  readonly documents: readonly ParsedDocument[];
  /** Findings about the input itself, found while reading it. */
  readonly findings: readonly Finding[];
  readonly model: ClusterModel;
}

export function buildModel(files: readonly SourceFile[], settings: Settings): ModelInput {
  const documents: ParsedDocument[] = [];
  const findings: Finding[] = [];
  for (const file of files) {
    const parsed = parseFile(file);
    for (const document of parsed.documents) documents.push(document);
    for (const finding of parsed.findings) findings.push(finding);
  }
  // The one place documents become a model: namespace defaulting and the like happen inside it.
  const model = ClusterModel.fromDocuments(documents, settings);
  return { documents, findings, model };
}
