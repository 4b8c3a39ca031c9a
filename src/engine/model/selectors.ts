/**
 * Label selectors, implemented once. Services use plain equality maps; NetworkPolicies (and most
 * other APIs) use LabelSelector with matchLabels and matchExpressions.
 */

export type Labels = Readonly<Record<string, string>>;

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator | string;
  readonly values: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly SelectorRequirement[];
}

export const everything: LabelSelector = { matchLabels: {}, matchExpressions: [] };

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/** Equality-map semantics (Service `spec.selector`): every pair must be present. */
export function matchesLabels(required: Labels, labels: Labels): boolean {
  for (const key in required) {
    if (labels[key] !== required[key]) return false;
  }
  return true;
}

function matchesRequirement(requirement: SelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case 'In':
      return has && requirement.values.includes(value as string);
    case 'NotIn':
      return !has || !requirement.values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      // The API server rejects unknown operators, so such a selector can never select anything.
      return false;
  }
}

/** LabelSelector semantics: all matchLabels and all matchExpressions (ANDed); empty selects all. */
export function matchesSelector(selector: LabelSelector, labels: Labels): boolean {
  return (
    matchesLabels(selector.matchLabels, labels) &&
    selector.matchExpressions.every((requirement) => matchesRequirement(requirement, labels))
  );
}

/**
 * The parts of a selector that labels fail, one selector each (a matchLabels pair or one
 * expression), with the label key each is about: what to show when a selector nearly matches.
 */
export function unmetRequirements(selector: LabelSelector, labels: Labels): { readonly key: string; readonly requirement: LabelSelector }[] {
  const parts = [
    ...Object.entries(selector.matchLabels).map(([key, value]) => ({ key, requirement: { matchLabels: { [key]: value }, matchExpressions: [] } })),
    ...selector.matchExpressions.map((expression) => ({ key: expression.key, requirement: { matchLabels: {}, matchExpressions: [expression] } })),
  ];
  return parts.filter((part) => !matchesSelector(part.requirement, labels));
}

/** `app=web,tier in (a,b)`: the kubectl `-l` form, for messages. */
export function formatSelector(selector: LabelSelector | Labels): string {
  const isLabelSelector = 'matchLabels' in selector && 'matchExpressions' in selector;
  const labels = (isLabelSelector ? (selector as LabelSelector).matchLabels : selector) as Labels;
  const parts = Object.entries(labels).map(([key, value]) => `${key}=${value}`);
  if (isLabelSelector) {
    for (const { key, operator, values } of (selector as LabelSelector).matchExpressions) {
      if (operator === 'Exists') parts.push(key);
      else if (operator === 'DoesNotExist') parts.push(`!${key}`);
      else parts.push(`${key} ${operator === 'NotIn' ? 'notin' : operator === 'In' ? 'in' : operator} (${values.join(',')})`);
    }
  }
  return parts.length === 0 ? '(everything)' : parts.join(',');
}

/** `app=web,tier=api` for a set of labels. */
export function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '(no labels)' : entries.map(([key, value]) => `${key}=${value}`).join(',');
}

/** How many of a Service selector's pairs the labels fail: the "distance" used for suggestions. */
export function selectorMisses(required: Labels, labels: Labels): string[] {
  return Object.keys(required).filter((key) => labels[key] !== required[key]);
}
