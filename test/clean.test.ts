/**
 * A realistic, correct app (test/fixtures/_clean) must give no finding with every rule on: the
 * default-off rules and those a flag enables included. A rule that reports here reports on sound
 * manifests, and rules added later are held to the same app.
 */
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../src/engine/load.js';
import { lintSources } from '../src/engine/lint.js';
import type { RuleLevel } from '../src/engine/config.js';
import { allRuleMeta } from '../src/registry.js';
import { rules } from '../src/rules/index.js';
import { fixturesRoot } from './helpers/fixtures.js';

/** Every rule at its own severity, whatever its default. */
const everyRuleOn: Record<string, RuleLevel> = Object.fromEntries(allRuleMeta.map((meta) => [meta.id, meta.severity === 'error' ? 'error' : 'warn']));

describe('the clean app', () => {
  const { files, problems } = loadInputs(['_clean'], { cwd: fixturesRoot });
  const result = lintSources(files, { rules, levels: everyRuleOn, reportUnusedSuppressions: true });

  it('is read whole: several namespaces, workloads, Services, an Ingress and policies', () => {
    expect(problems).toEqual([]);
    expect(result.internalErrors).toEqual([]);
    const kinds = new Set(result.model.objects.map((o) => o.kind));
    for (const kind of ['Namespace', 'Deployment', 'StatefulSet', 'Service', 'Ingress', 'NetworkPolicy', 'ConfigMap']) expect(kinds).toContain(kind);
    expect(result.model.services().some((s) => s.headless)).toBe(true);
  });

  it('runs every rule and engine diagnostic', () => {
    expect(result.rulesRun).toEqual(expect.arrayContaining(allRuleMeta.map((r) => r.id)));
  });

  it('gives no finding', () => {
    const findings = result.files.flatMap((f) => f.messages.map((m) => `${m.filePath}:${m.range.line}:${m.range.column} ${m.ruleId} ${m.message}`));
    expect(findings).toEqual([]);
  });
});
