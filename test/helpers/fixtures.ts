/**
 * netlint's own fixture cases: test/fixtures/<rule-id>/{valid,invalid}/, read with the runner
 * `netlint/testing` exports (src/testing), `# expect:` markers and all.
 */
import { join } from 'node:path';
import { caseExpectations, fixtureCases as casesIn, type FileExpectation, type FixtureCase as Case } from '../../src/testing/index.js';

export interface FixtureCase extends Case {
  readonly ruleId: string;
}

export const fixturesRoot = new URL('../fixtures/', import.meta.url).pathname;

export function fixtureCases(ruleId: string, kind: 'valid' | 'invalid'): FixtureCase[] {
  return casesIn(join(fixturesRoot, ruleId), kind).map((testCase) => ({ ...testCase, ruleId }));
}

/** The markers of every file of a case, files named relative to the case's folder. */
export function expectationsOf(testCase: FixtureCase): FileExpectation[] {
  return caseExpectations(testCase);
}
