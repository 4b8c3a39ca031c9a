/**
 * `netlint/testing`: test a rule (a plugin's, or netlint's own) on inline manifests with
 * `testRule` (ESLint's RuleTester, without a test framework), or on fixture files whose
 * `# expect:` markers say what it must report, with `testFixtures`.
 */
export { dedent, runRule, ruleTestCases, testRule, type CaseCode, type CaseOptions, type ExpectedFinding, type InvalidCase, type RuleCases, type RuleTestCase, type ValidCase } from './rule-tester.js';
export { caseExpectations, checkFixtureCase, fixtureCases, lintFixtureCase, markerComparison, testFixtures, type FileExpectation, type FixtureCase } from './fixtures.js';
export { expectationsInText, parseMarkerToken, type Expectation } from './markers.js';
