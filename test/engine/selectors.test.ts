import { describe, expect, it } from 'vitest';
import {
  controllerLabelValue,
  everything,
  LabelIndex,
  perPodLabelValue,
  SelectorIndex,
  runNumberedLabelValue,
  unknownLabelValue,
  formatSelector,
  isEmptySelector,
  matchesLabels,
  matchesSelector,
  selectorMisses,
  type LabelSelector,
} from '../../src/engine/model/selectors.js';

const selector = (partial: Partial<LabelSelector>): LabelSelector => ({ matchLabels: {}, matchExpressions: [], ...partial });
const pod = { app: 'web', tier: 'front', env: 'prod' };

describe('Service equality selectors', () => {
  it('match when every pair is present with the same value', () => {
    expect(matchesLabels({ app: 'web' }, pod)).toBe(true);
    expect(matchesLabels({ app: 'web', tier: 'front' }, pod)).toBe(true);
  });
  it('fail on a different value or a missing key', () => {
    expect(matchesLabels({ app: 'api' }, pod)).toBe(false);
    expect(matchesLabels({ app: 'web', zone: 'a' }, pod)).toBe(false);
  });
  it('count the pairs that differ, for suggestions', () => {
    expect(selectorMisses({ app: 'api', tier: 'front', zone: 'a' }, pod)).toEqual(['app', 'zone']);
  });
});

describe('LabelSelector', () => {
  it('empty selects everything', () => {
    expect(isEmptySelector(everything)).toBe(true);
    expect(matchesSelector(everything, {})).toBe(true);
    expect(matchesSelector(everything, pod)).toBe(true);
  });
  it('In requires the key with one of the values', () => {
    const s = selector({ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }] });
    expect(matchesSelector(s, pod)).toBe(true);
    expect(matchesSelector(s, { env: 'dev' })).toBe(false);
    expect(matchesSelector(s, {})).toBe(false);
  });
  it('NotIn admits a missing key', () => {
    const s = selector({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] });
    expect(matchesSelector(s, pod)).toBe(false);
    expect(matchesSelector(s, { env: 'dev' })).toBe(true);
    expect(matchesSelector(s, {})).toBe(true);
  });
  it('Exists and DoesNotExist look at the key only', () => {
    expect(matchesSelector(selector({ matchExpressions: [{ key: 'tier', operator: 'Exists', values: [] }] }), pod)).toBe(true);
    expect(matchesSelector(selector({ matchExpressions: [{ key: 'tier', operator: 'Exists', values: [] }] }), {})).toBe(false);
    expect(matchesSelector(selector({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist', values: [] }] }), pod)).toBe(false);
    expect(matchesSelector(selector({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist', values: [] }] }), {})).toBe(true);
  });
  it('ANDs matchLabels with every expression', () => {
    const s = selector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod'] },
        { key: 'canary', operator: 'DoesNotExist', values: [] },
      ],
    });
    expect(matchesSelector(s, pod)).toBe(true);
    expect(matchesSelector(s, { ...pod, canary: 'true' })).toBe(false);
    expect(matchesSelector(s, { ...pod, app: 'api' })).toBe(false);
  });
  it('label keys named like inherited object properties (constructor, toString) are ordinary keys', () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__defineGetter__']) {
      expect(matchesLabels({ [key]: 'x' }, pod)).toBe(false);
      expect(matchesLabels({ [key]: 'x' }, { [key]: 'x' })).toBe(true);
      expect(matchesSelector(selector({ matchExpressions: [{ key, operator: 'Exists', values: [] }] }), pod)).toBe(false);
      expect(matchesSelector(selector({ matchExpressions: [{ key, operator: 'DoesNotExist', values: [] }] }), pod)).toBe(true);
      expect(matchesSelector(selector({ matchExpressions: [{ key, operator: 'NotIn', values: ['x'] }] }), pod)).toBe(true);
      expect(selectorMisses({ [key]: 'x' }, pod)).toEqual([key]);
    }
  });
  it('an unknown operator selects nothing, as the API server would reject it', () => {
    expect(matchesSelector(selector({ matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] }), pod)).toBe(false);
  });
  it('formats like kubectl -l', () => {
    expect(
      formatSelector(
        selector({
          matchLabels: { app: 'web' },
          matchExpressions: [
            { key: 'env', operator: 'In', values: ['a', 'b'] },
            { key: 'x', operator: 'Exists', values: [] },
            { key: 'y', operator: 'DoesNotExist', values: [] },
          ],
        }),
      ),
    ).toBe('app=web,env in (a,b),x,!y');
    expect(formatSelector({ app: 'web', tier: 'front' })).toBe('app=web,tier=front');
  });
});

describe('LabelIndex', () => {
  const labelSets: Record<string, string>[] = [
    { app: 'web', tier: 'front' },
    { app: 'api' },
    { tier: 'front' },
    { app: unknownLabelValue },
    { app: controllerLabelValue('web') },
    { app: runNumberedLabelValue('nightly-') },
    { app: perPodLabelValue(['db-0', 'db-1']) },
    {},
    { app: 'web' },
  ];
  const index = new LabelIndex(labelSets, (labels) => labels);
  const selectors: LabelSelector[] = [
    selector({ matchLabels: { app: 'web' } }),
    selector({ matchLabels: { app: 'db-1' } }),
    selector({ matchLabels: { app: 'nightly-12' } }),
    selector({ matchLabels: { app: 'nope' } }),
    selector({ matchLabels: { tier: 'front', app: 'web' } }),
    selector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'web', 'web'] }] }),
    selector({ matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }),
    selector({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }),
    selector({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist', values: [] }] }),
    everything,
  ];
  for (const s of selectors) {
    it(`keeps every item ${formatSelector(s)} selects, in order`, () => {
      const candidates = index.candidates(s);
      const selected = labelSets.filter((labels) => matchesSelector(s, labels));
      expect(candidates.filter((labels) => matchesSelector(s, labels))).toEqual(selected);
      expect(candidates.map((c) => labelSets.indexOf(c))).toEqual([...candidates.map((c) => labelSets.indexOf(c))].sort((a, b) => a - b));
    });
  }
  it('leaves out items that lack the required value', () => {
    expect(index.candidates(selector({ matchLabels: { app: 'api' } }))).not.toContain(labelSets[0]);
    expect(index.candidates(selector({ matchLabels: { app: 'nope' } }))).toHaveLength(4);
  });

  describe('SelectorIndex, its inverse: the selectors that may select some labels', () => {
    const selectorIndex = new SelectorIndex(selectors, (s) => s);
    for (const labels of labelSets) {
      it(`keeps every selector that selects ${JSON.stringify(labels)}, in order`, () => {
        const candidates = selectorIndex.candidates(labels);
        expect(candidates.filter((s) => matchesSelector(s, labels))).toEqual(selectors.filter((s) => matchesSelector(s, labels)));
        const positions = candidates.map((c) => selectors.indexOf(c));
        expect(positions).toEqual([...new Set(positions)].sort((a, b) => a - b));
      });
    }
    it('leaves out selectors whose first required pair the labels lack', () => {
      const candidates = selectorIndex.candidates({ app: 'api' });
      expect(candidates).not.toContain(selectors[0]);
      expect(candidates).toContain(selectors[5]);
      // Selectors that require no pair (expressions only, or none) are everyone's candidates.
      expect(selectorIndex.candidates({})).toEqual(selectors.slice(5));
    });
  });
});
