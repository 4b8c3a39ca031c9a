/**
 * Fixes: every case in `test/fixtures/<rule-id>/fix/` is linted with only its rule, the safe
 * fixes are applied as `netlint --fix` applies them, and the result must equal the case's
 * `.fixed` sibling (a file, or a directory of files); linting the result again must find nothing
 * for the rule but the findings that had no safe fix (cases that show when a fix is withheld). A case is a file (`name.yaml` → `name.fixed.yaml`) or a directory linted as one
 * input set (`name/` → `name.fixed/`), for fixes that edit another file than the finding's.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSources } from '../src/engine/lint.js';
import { loadInputs } from '../src/engine/load.js';
import type { SourceFile } from '../src/engine/source.js';
import { fixSources } from '../src/commands/fix.js';
import { rules } from '../src/rules/index.js';
import { fixturesRoot } from './helpers/fixtures.js';

interface FixCase {
  readonly ruleId: string;
  readonly name: string;
  readonly input: string;
  readonly expected: string;
}

function fixCases(ruleId: string): FixCase[] {
  const directory = join(fixturesRoot, ruleId, 'fix');
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .sort()
    .filter((entry) => !entry.includes('.fixed'))
    .map((entry) => {
      const input = join(directory, entry);
      const expected = statSync(input).isDirectory() ? `${input}.fixed` : input.replace(/\.(ya?ml)$/, '.fixed.$1');
      return { ruleId, name: entry, input, expected };
    });
}

function lintOnly(ruleId: string, files: readonly SourceFile[]) {
  return lintSources(files, { rules, only: new Set([ruleId]) });
}

function findingsOf(ruleId: string, files: readonly SourceFile[]) {
  return lintOnly(ruleId, files).files.flatMap((f) => f.messages).filter((m) => m.ruleId === ruleId);
}

const fixable = rules.filter((rule) => rule.fixable);

describe('fix fixtures', () => {
  it('exist for every fixable rule, and only for fixable rules', () => {
    const withCases = rules.filter((rule) => fixCases(rule.id).length > 0).map((rule) => rule.id);
    expect(withCases).toEqual(fixable.map((rule) => rule.id));
    expect(fixable.length).toBeGreaterThan(0);
  });

  describe.each(fixable.map((rule) => rule.id))('%s', (ruleId) => {
    it.each(fixCases(ruleId).map((c) => [c.name, c] as const))('%s: --fix gives the .fixed text, and nothing is left', (_, testCase) => {
      const { files, problems } = loadInputs([testCase.input], { cwd: fixturesRoot });
      expect(problems).toEqual([]);
      const before = findingsOf(ruleId, files);
      expect(before.some((m) => m.fix?.safe), 'the case needs a finding with a safe fix').toBe(true);

      const outcome = fixSources(files, (current) => lintOnly(ruleId, current), (result) => result);
      expect(outcome.applied).toBeGreaterThan(0);
      for (const file of outcome.files) {
        const expectedPath = join(testCase.expected, relative(testCase.input, file.absolutePath as string));
        const expectedFile = statSync(testCase.input).isDirectory() ? expectedPath : testCase.expected;
        expect(file.text, relative(fixturesRoot, expectedFile)).toBe(readFileSync(expectedFile, 'utf8'));
      }
      // What had no safe fix stays (an ambiguous case); everything else is gone.
      const unfixable = before.filter((m) => !m.fix?.safe).map((m) => m.message);
      expect(findingsOf(ruleId, outcome.files).map((m) => m.message)).toEqual(unfixable);
    });
  });
});
