/**
 * ESLint-compatible JSON: one entry per linted file with its messages and counts. Each message
 * also carries netlint's `object` ({kind, namespace, name}), `messageId`, node path, related
 * locations and, for rendered input, `origin` (the Helm template or Kustomize resource); a file
 * whose objects without a namespace netlint placed in the input's only namespace carries
 * `inferredNamespace`. ESLint consumers ignore all of these.
 */
import { resolve } from 'node:path';
import type { LintMessage } from '../engine/finding.js';
import type { Reporter } from './types.js';

export const json: Reporter = (result, context) => {
  // ESLint prints absolute paths; related locations follow suit.
  const absolute = (path: string) => (path === '<stdin>' ? path : resolve(context.cwd, path));
  const messageJson = (m: LintMessage) => ({
    ruleId: m.ruleId,
    severity: m.severity === 'error' ? 2 : 1,
    message: m.message,
    messageId: m.messageId,
    line: m.range.line,
    column: m.range.column,
    endLine: m.range.endLine,
    endColumn: m.range.endColumn,
    ...(m.ruleId === 'yaml-syntax' ? { fatal: true } : {}),
    nodePath: m.nodePath,
    object: m.object ? { kind: m.object.kind, namespace: m.object.namespace ?? null, name: m.object.name } : null,
    related: m.related.map((r) => ({
      filePath: absolute(r.filePath),
      line: r.range.line,
      column: r.range.column,
      endLine: r.range.endLine,
      endColumn: r.range.endColumn,
      message: r.message,
    })),
    // As the renderer wrote it: Helm's `# Source:` path or Kustomize's origin annotation.
    ...(m.origin ? { origin: { ...m.origin } } : {}),
  });
  const files = result.files.map((file) => ({
    filePath: file.absolutePath ?? absolute(file.filePath),
    // Where this file's namespace-less objects went when netlint chose the namespace (no -n).
    ...(file.inferredNamespace ? { inferredNamespace: file.inferredNamespace } : {}),
    messages: file.messages.map(messageJson),
    // Silenced findings appear in no format, only as a count (the programmatic API keeps them).
    suppressedMessages: [],
    suppressedCount: file.suppressedMessages.length,
    errorCount: file.errorCount,
    fatalErrorCount: file.messages.filter((m) => m.ruleId === 'yaml-syntax').length,
    warningCount: file.warningCount,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  }));
  return `${JSON.stringify(files, null, 2)}\n`;
};
