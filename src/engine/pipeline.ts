/**
 * Inputs → model, shared by `netlint` and `netlint reach` so that both read input the same way:
 * parse every source file, keep the documents that are Kubernetes objects, collect the findings
 * about the input itself (syntax errors, templates, incomplete objects), and build the one
 * cluster model.
 */
import { classifyDocument } from './documents.js';
import { kustomizeFacts } from './kustomize.js';
import { ClusterModel } from './model/cluster.js';
import { parseFile, type ParsedDocument } from './parse.js';
import type { Finding } from './finding.js';
import type { Settings } from './settings.js';
import type { SourceFile } from './source.js';
import { noProgress, type Progress } from './progress.js';

export interface ModelInput {
  /** The documents the model was built from: those with both `apiVersion` and `kind`. */
  readonly documents: readonly ParsedDocument[];
  /** Documents that are not Kubernetes objects (values files, CI configuration, …), skipped quietly. */
  readonly skipped: readonly ParsedDocument[];
  /** Findings about the input itself, found while reading it. */
  readonly findings: readonly Finding[];
  readonly model: ClusterModel;
}

export function buildModel(files: readonly SourceFile[], settings: Settings, progress: Progress = noProgress): ModelInput {
  const documents: ParsedDocument[] = [];
  const skipped: ParsedDocument[] = [];
  const findings: Finding[] = [];
  const unparsed: (string | undefined)[] = [];
  let read = 0;
  let parsedDocuments = 0;
  for (const file of files) {
    const parsed = parseFile(file, settings.limits);
    parsedDocuments += parsed.documents.length;
    progress.step('parsing', { files: ++read, documents: parsedDocuments });
    for (const finding of parsed.findings) findings.push(finding);
    for (const namespace of parsed.unparsed ?? []) unparsed.push(namespace);
    for (const document of parsed.documents) {
      const found = classifyDocument(document);
      if (found.type === 'object') {
        documents.push(document);
        for (const finding of found.findings) findings.push(finding);
      } else if (found.type === 'skipped') skipped.push(document);
      else findings.push(found.finding);
    }
  }
  progress.step('building the model');
  // The one place documents become a model: namespace defaulting and the like happen inside it.
  const model = ClusterModel.fromDocuments(documents, settings, kustomizeFacts([...documents, ...skipped]), unparsed);
  return { documents, skipped, findings, model };
}
