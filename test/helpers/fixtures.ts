/**
 * netlint's own fixture cases: test/fixtures/<rule-id>/{valid,invalid}/, read with the runner
 * `netlint/testing` exports (src/testing), `# expect:` markers and all.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { splitDocuments } from '../../src/engine/parse.js';
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

/** Every YAML file under a directory. */
function* yamlFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* yamlFiles(path);
    else if (/\.ya?ml$/.test(entry)) yield path;
  }
}

/** Each document of the fixtures and examples (paths from the project root), with where it stands. */
export function* repositoryDocuments(): Generator<{ readonly where: string; readonly text: string }> {
  for (const dir of ['test/fixtures', 'examples']) {
    for (const file of yamlFiles(dir)) {
      for (const chunk of splitDocuments(readFileSync(file, 'utf8'))) yield { where: `${file}@${chunk.offset}`, text: chunk.text };
    }
  }
}
