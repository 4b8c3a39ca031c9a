/**
 * Stable identities for findings, for systems that track them across runs: SARIF
 * `partialFingerprints` (GitHub code scanning) and GitLab Code Quality `fingerprint`.
 *
 * A fingerprint hashes the rule, the file's path from the repository root (so identical objects in
 * two overlays are two alerts, and the directory netlint ran in does not matter), the object's
 * kind/namespace/name, the message variant and the YAML path of the reported field. It leaves out
 * line and column, so reformatting, comments and reordered documents keep it. It also leaves out
 * the message arguments, which describe other objects (the nearest workload, the pods a policy
 * isolates): an unrelated edit must not reopen an alert someone dismissed. A finding about a file
 * rather than an object (a syntax error, a misspelt rule id in a comment) has no object or field to
 * name, so its arguments (the reason, the id) identify it instead.
 *
 * Two findings with the same identity are told apart by their order in the file: the second gets
 * `:2` before hashing, and so on, so every fingerprint in a report is unique (GitLab keeps only
 * one finding per fingerprint).
 */
import { createHash } from 'node:crypto';
import type { LintResult } from '../engine/lint.js';
import type { LintMessage } from '../engine/finding.js';
import { compareText } from '../engine/util.js';
import { repositoryPath } from './paths.js';
import type { ReporterContext } from './types.js';

function identity(message: LintMessage, path: string): string {
  const parts = [message.ruleId, path, message.messageId];
  if (message.object) {
    parts.push(message.object.kind, message.object.namespace ?? '', message.object.name, message.nodePath);
  } else {
    const data = Object.entries(message.data).sort(([a], [b]) => compareText(a, b));
    parts.push(...data.map(([key, value]) => `${key}=${value}`));
  }
  return parts.join('\0');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The fingerprint of every message in the result. */
export function fingerprints(result: LintResult, context: ReporterContext): Map<LintMessage, string> {
  const out = new Map<LintMessage, string>();
  const seen = new Map<string, number>();
  for (const file of result.files) {
    const path = repositoryPath(file.filePath, context) ?? file.filePath;
    for (const message of file.messages) {
      const base = identity(message, path);
      const occurrence = (seen.get(base) ?? 0) + 1;
      seen.set(base, occurrence);
      out.set(message, sha256(occurrence === 1 ? base : `${base}:${occurrence}`));
    }
  }
  return out;
}
