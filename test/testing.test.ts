/**
 * The harness `netlint/testing` exports (src/testing): the inline RuleTester on netlint's own
 * rules, `# expect:` markers with columns, and proof that each comparison can fail.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dedent, expectationsInText, parseMarkerToken, ruleTestCases, runRule, testFixtures, testRule } from '../src/testing/index.js';
import ingressClassAnnotation from '../src/rules/ingress-class-annotation.js';
import workloadSelectorMismatch from '../src/rules/workload-selector-mismatch.js';

const ingress = (annotations: string, spec = '') => `
  apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: web
    namespace: shop
    annotations: { ${annotations} }
  spec:
    ${spec}
    defaultBackend: { service: { name: web, port: { number: 80 } } }
`;

describe('testRule on netlint\'s own rules', () => {
  it.each(
    ruleTestCases(ingressClassAnnotation, {
      valid: [ingress('team: shop', 'ingressClassName: nginx'), { name: 'no annotations at all', code: ingress('') }],
      invalid: [
        {
          name: 'annotation only',
          code: ingress('kubernetes.io/ingress.class: nginx'),
          errors: [{ messageId: 'annotation', line: 6, column: 18, data: { ingress: 'Ingress shop/web', value: 'nginx' } }],
        },
        {
          name: 'annotation and field disagree',
          code: ingress('kubernetes.io/ingress.class: nginx', 'ingressClassName: traefik'),
          errors: [{ messageId: 'conflict', line: 6, data: { value: 'nginx', className: 'traefik' } }],
        },
      ],
    }).map((c) => [c.name, c] as const),
  )('%s', (_, testCase) => testCase.run());

  it('a cross-file case names the file of each finding', () => {
    testRule(workloadSelectorMismatch, {
      valid: [],
      invalid: [
        {
          code: {
            'ok.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: a, namespace: shop }\nspec:\n  selector: { matchLabels: { app: a } }\n  template: { metadata: { labels: { app: a } } }\n',
            'bad.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: b, namespace: shop }\nspec:\n  selector: { matchLabels: { app: b } }\n  template: { metadata: { labels: { app: x } } }\n',
          },
          errors: [{ messageId: 'mismatch', file: 'bad.yaml', line: 5, column: 3 }],
        },
      ],
    });
  });
});

describe('testRule fails when a case is wrong', () => {
  const invalid = ingress('kubernetes.io/ingress.class: nginx');
  const failure = (errors: Parameters<typeof testRule>[1]['invalid'][number]['errors']) => {
    try {
      testRule(ingressClassAnnotation, { valid: [], invalid: [{ code: invalid, errors }] });
    } catch (error) {
      return (error as Error).message;
    }
    return 'passed';
  };

  it.each([
    ['line', [{ messageId: 'annotation', line: 7 }], 'line 6, expected 7'],
    ['column', [{ messageId: 'annotation', column: 5 }], 'column 18, expected 5'],
    ['message id', [{ messageId: 'redundant' }], 'messageId annotation, expected redundant'],
    ['data', [{ messageId: 'annotation', data: { value: 'traefik' } }], 'data.value "nginx", expected "traefik"'],
    ['count', [{ messageId: 'annotation' }, { messageId: 'annotation' }], 'expected 2 findings, got 1'],
    ['unknown message id', [{ messageId: 'nmaed' }], 'messageId "nmaed" is not one of the rule\'s'],
    ['no errors listed', [], 'at least one expected finding'],
  ] as const)('%s', (_, errors, says) => {
    expect(failure(errors)).toContain(says);
  });

  it('a valid case with a finding fails, naming the finding', () => {
    expect(() => testRule(ingressClassAnnotation, { valid: [invalid], invalid: [] })).toThrow(/valid\[0\].*expected no findings, got 1:\n.*case\.yaml:6:18 annotation/s);
  });
});

describe('inline code', () => {
  it('is dedented so line 1 is the first line of the manifest', () => {
    expect(dedent('\n    a: 1\n      b: 2\n  ')).toBe('a: 1\n  b: 2\n');
  });

  it('runRule returns the rule\'s findings with positions', () => {
    const [finding, ...rest] = runRule(ingressClassAnnotation, ingress('kubernetes.io/ingress.class: nginx'));
    expect(rest).toEqual([]);
    expect([finding?.range.line, finding?.range.column, finding?.messageId]).toEqual([6, 18, 'annotation']);
  });
});

describe('# expect: markers', () => {
  it.each([
    ['rule', { ruleId: 'rule', messageId: undefined, column: undefined }],
    ['rule/messageId', { ruleId: 'rule', messageId: 'messageId', column: undefined }],
    ['rule/messageId@12', { ruleId: 'rule', messageId: 'messageId', column: 12 }],
    ['rule@3', { ruleId: 'rule', messageId: undefined, column: 3 }],
    ['acme/port-names/unnamed@9', { ruleId: 'acme/port-names', messageId: 'unnamed', column: 9 }],
  ])('%s', (token, parsed) => {
    expect(parseMarkerToken(token)).toEqual(parsed);
  });

  it('a known plugin rule id is not split into rule and message id', () => {
    expect(parseMarkerToken('acme/port-names', new Set(['acme/port-names']))).toEqual({ ruleId: 'acme/port-names', messageId: undefined, column: undefined });
  });

  it('expect-next skips blank and comment lines; several markers share a line', () => {
    const text = 'a: 1\n# expect-next: r/x@3, r/y\n\n# note\nb: 2\nc: 3  # expect: r\n';
    expect(expectationsInText(text).map((e) => `${e.line}:${e.column ?? ''} ${e.ruleId}/${e.messageId ?? ''}`)).toEqual(['5:3 r/x', '5: r/y', '6: r/']);
  });
});

describe('testFixtures', () => {
  const manifest = (marker: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: b, namespace: shop }\nspec:\n  selector: { matchLabels: { app: b } }  ${marker}\n  template: { metadata: { labels: { app: x } } }\n`;
  const fixtureDir = (marker: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-fixtures-'));
    mkdirSync(join(dir, 'invalid'));
    mkdirSync(join(dir, 'valid'));
    writeFileSync(join(dir, 'invalid', 'basic.yaml'), manifest(marker));
    writeFileSync(join(dir, 'valid', 'basic.yaml'), manifest('').replace('app: x', 'app: b'));
    return dir;
  };

  it('passes when markers, with a column, match the findings', () => {
    expect(() => testFixtures(workloadSelectorMismatch, fixtureDir('# expect: workload-selector-mismatch/mismatch@3'))).not.toThrow();
  });

  it.each([
    ['a wrong column', '# expect: workload-selector-mismatch/mismatch@4', 'basic.yaml:5:4 workload-selector-mismatch/mismatch'],
    ['a wrong message id', '# expect: workload-selector-mismatch/other', 'basic.yaml:5 workload-selector-mismatch/other'],
    ['no marker', '', 'needs at least one # expect: marker'],
  ])('fails on %s', (_, marker, says) => {
    expect(() => testFixtures(workloadSelectorMismatch, fixtureDir(marker))).toThrow(says);
  });
});
