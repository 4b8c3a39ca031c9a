/**
 * ESLint-compatible JSON: one entry per linted file with its messages and counts. Each message
 * also carries netlint's `object` ({kind, namespace, name}), `messageId`, node path, related
 * locations and, for rendered input, `origin` (the Helm template or Kustomize resource); a file
 * whose objects without a namespace netlint placed in the input's only namespace carries
 * `inferredNamespace`. ESLint consumers ignore all of these. A message with a safe fix of its own
 * file carries ESLint's `fix` ({range, text}); every fix is also in `netlintFix`.
 */
import { resolve } from 'node:path';
import type { LintMessage, LocatedFix } from '../engine/finding.js';
import type { SourceFile } from '../engine/source.js';

/**
 * ESLint's `fix` ({range, text}): a safe fix that changes only the message's own file, its edits
 * merged into one replacement (the text between them kept) as ESLint merges a rule's fixes.
 */
function eslintFix(fix: LocatedFix | undefined, file: SourceFile): { range: [number, number]; text: string } | undefined {
  if (!fix?.safe || fix.edits.some((edit) => edit.filePath !== file.path)) return undefined;
  const [first] = fix.edits;
  if (!first) return undefined;
  let text = '';
  let at = first.start;
  for (const edit of fix.edits) {
    text += file.text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return { range: [first.start, at], text };
}
import type { Reporter } from './types.js';

export const json: Reporter = (result, context) => {
  // ESLint prints absolute paths; related locations follow suit.
  const absolute = (path: string) => (path === '<stdin>' ? path : resolve(context.cwd, path));
  const messageJson = (m: LintMessage, file: SourceFile) => ({
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
    ...fixJson(m, file),
  });
  // `fix` for ESLint tools; `netlintFix` with every edit (other files, unsafe fixes) for netlint's.
  const fixJson = (m: LintMessage, file: SourceFile) => {
    if (!m.fix) return {};
    const fix = eslintFix(m.fix, file);
    const edits = m.fix.edits.map((edit) => ({
      filePath: absolute(edit.filePath),
      range: [edit.start, edit.end],
      line: edit.range.line,
      column: edit.range.column,
      endLine: edit.range.endLine,
      endColumn: edit.range.endColumn,
      text: edit.text,
    }));
    return { ...(fix ? { fix } : {}), netlintFix: { description: m.fix.description, safe: m.fix.safe, edits } };
  };
  const fixable = (messages: readonly LintMessage[], file: SourceFile, severity: LintMessage['severity']) =>
    messages.filter((m) => m.severity === severity && eslintFix(m.fix, file) !== undefined).length;
  const files = result.files.map((file) => ({
    filePath: file.absolutePath ?? absolute(file.filePath),
    // Where this file's namespace-less objects went when netlint chose the namespace (no -n).
    ...(file.inferredNamespace ? { inferredNamespace: file.inferredNamespace } : {}),
    messages: file.messages.map((m) => messageJson(m, file.source)),
    // Silenced findings appear in no format, only as a count (the programmatic API keeps them).
    suppressedMessages: [],
    suppressedCount: file.suppressedMessages.length,
    errorCount: file.errorCount,
    fatalErrorCount: file.messages.filter((m) => m.ruleId === 'yaml-syntax').length,
    warningCount: file.warningCount,
    fixableErrorCount: fixable(file.messages, file.source, 'error'),
    fixableWarningCount: fixable(file.messages, file.source, 'warning'),
    usedDeprecatedRules: [],
  }));
  return `${JSON.stringify(files, null, 2)}\n`;
};
