/**
 * Every rule against its fixtures: `valid/` cases report nothing for the rule, `invalid/` cases
 * report exactly what their `# expect:` markers say, and the rendered findings (columns, text,
 * related locations) match the `.snap` file beside the case.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readConfig } from '../src/engine/config.js';
import { describe, expect, it } from 'vitest';
import { lintSources } from '../src/engine/lint.js';
import { loadInputs } from '../src/engine/load.js';
import type { LintMessage } from '../src/engine/finding.js';
import { rules } from '../src/rules/index.js';
import { allRuleMeta } from '../src/registry.js';
import { markerComparison } from '../src/testing/index.js';
import { expectationsOf, fixtureCases, type FixtureCase } from './helpers/fixtures.js';

/** A directory case may hold a .netlintrc.yaml: the cluster facts it needs (a Service range, DNS pods). */
function settingsOf(testCase: FixtureCase) {
  const config = join(testCase.path, '.netlintrc.yaml');
  if (!statSync(testCase.path).isDirectory() || !existsSync(config)) return {};
  return { settings: readConfig(config, allRuleMeta, testCase.path).settings };
}

/** Each case is linted once per run, whichever test asks first: tests share results, not order. */
const linted = new Map<string, LintMessage[]>();

function lintCase(testCase: FixtureCase): LintMessage[] {
  let messages = linted.get(testCase.path);
  if (!messages) {
    messages = lintFixture(testCase);
    linted.set(testCase.path, messages);
  }
  return messages;
}

function lintFixture(testCase: FixtureCase): LintMessage[] {
  const cwd = dirname(testCase.path);
  const configured = settingsOf(testCase);
  const { files, problems } = loadInputs([testCase.path], { cwd, ...(configured.settings ? { maxFileBytes: configured.settings.limits.fileBytes } : {}) });
  expect(problems).toEqual([]);
  // Suppression diagnostics are about other rules' findings, so every rule runs for them.
  const aboutSuppressions = testCase.ruleId.startsWith('suppression-');
  const result = lintSources(files, {
    rules,
    ...configured,
    ...(aboutSuppressions ? { reportUnusedSuppressions: true } : { only: new Set([testCase.ruleId]) }),
  });
  expect(result.internalErrors).toEqual([]);
  return result.files.flatMap((f) => f.messages).filter((m) => m.ruleId === testCase.ruleId);
}

function render(messages: readonly LintMessage[]): string {
  return messages
    .map((m) => {
      const { line, column, endLine, endColumn } = m.range;
      const head = `${m.filePath}:${line}:${column}-${endLine}:${endColumn} ${m.severity} ${m.ruleId}/${m.messageId}${m.approximate ? ' (approximate)' : ''}`;
      const related = m.related.map((r) => `\n    related ${r.filePath}:${r.range.line}:${r.range.column}-${r.range.endLine}:${r.range.endColumn} ${r.message}`);
      return `${head}\n    ${m.message}${related.join('')}\n`;
    })
    .join('');
}

describe.each(allRuleMeta.map((r) => r.id))('%s', (ruleId) => {
  const valid = fixtureCases(ruleId, 'valid');
  const invalid = fixtureCases(ruleId, 'invalid');

  it('has valid and invalid fixtures', () => {
    expect(valid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
  });

  it.each(valid.map((c) => [c.name, c] as const))('valid/%s reports nothing', (_, testCase) => {
    expect(expectationsOf(testCase)).toEqual([]);
    expect(render(lintCase(testCase))).toBe('');
  });

  it.each(invalid.map((c) => [c.name, c] as const))('invalid/%s reports what its markers say', async (_, testCase) => {
    const expected = expectationsOf(testCase);
    expect(expected.length, 'an invalid case needs at least one # expect: marker').toBeGreaterThan(0);
    const messages = lintCase(testCase);
    const compared = markerComparison(expected, messages);
    expect(compared.actual).toEqual(compared.expected);
    await expect(render(messages)).toMatchFileSnapshot(`${testCase.path.replace(/\.(ya?ml|json)$/, '')}.snap`);
  });

  it('exercises every message id in an invalid fixture', () => {
    // From what the rule reports, not from the .snap files, which a stale run may have left behind.
    const reported = new Set(invalid.flatMap((c) => lintCase(c).map((m) => m.messageId)));
    const meta = allRuleMeta.find((r) => r.id === ruleId)!;
    expect(Object.keys(meta.messages).filter((id) => !reported.has(id))).toEqual([]);
  });
});
