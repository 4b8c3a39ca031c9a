import { describe, expect, it } from 'vitest';
import {
  everything,
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
