/**
 * GitLab Code Quality: the JSON array a job publishes with `artifacts: reports: codequality:`,
 * which GitLab shows in the merge request widget and, on paid tiers, beside the changed lines.
 * GitLab reads `description`, `check_name`, `fingerprint`, `severity` and `location.path` /
 * `location.lines.begin` (a subset of the Code Climate issue format), and compares the findings
 * of the source and target branches by fingerprint, so fingerprints ignore line numbers.
 */
import type { Severity } from '../engine/finding.js';
import { fingerprints } from './fingerprint.js';
import { repositoryPath } from './paths.js';
import type { Reporter } from './types.js';

/**
 * GitLab's scale is info, minor, major, critical, blocker. An error breaks connectivity once
 * deployed, but it is one misconfigured object, and `critical`/`blocker` are what security
 * scanners use for vulnerabilities: errors are `major`, ranked above warnings, which are `minor`.
 */
const gitlabSeverity: Readonly<Record<Severity, string>> = { error: 'major', warning: 'minor' };

export const gitlab: Reporter = (result, context) => {
  const fingerprintOf = fingerprints(result, context);
  const issues = result.files.flatMap((file) =>
    file.messages.map((m) => ({
      description: m.message,
      check_name: m.ruleId,
      fingerprint: fingerprintOf.get(m),
      severity: gitlabSeverity[m.severity],
      // GitLab links findings to files by their path from the repository root.
      location: { path: repositoryPath(file.filePath, context) ?? file.filePath, lines: { begin: m.range.line, end: m.range.endLine } },
    })),
  );
  return `${JSON.stringify(issues, null, 2)}\n`;
};
