/**
 * The quick schema check against ajv's compiled validators, the oracle: for every value, the same
 * yes or no. On each keyword by hand, on every document of the fixtures and examples, and on
 * thousands of those documents mutated (values of every type put anywhere, fields removed, known
 * and unknown fields added).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadAll } from 'js-yaml';
import { conformsToDefinition } from '../../src/engine/model/schema-shape.js';
import { checkedKindOf, validatorName } from '../../src/engine/model/schema-kinds.js';
import * as validators from '../../src/engine/model/schema-validators.generated.js';
import { definitionsText } from '../../src/engine/model/schema-definitions.generated.js';
import { repositoryDocuments } from '../helpers/fixtures.js';

const fixedSeed = Number(process.env.NETLINT_FC_SEED ?? 20261201);

type Validator = (value: unknown) => boolean;

const ajv = (definition: string, value: unknown): boolean => (validators as unknown as Record<string, Validator>)[validatorName(definition)]!(value);

interface Checked {
  readonly where: string;
  readonly definition: string;
  readonly value: Record<string, unknown>;
}

/** Every document of the repository that is an object of a checked kind, as js-yaml reads it. */
function checkedDocuments(): Checked[] {
  const found: Checked[] = [];
  for (const { where, text } of repositoryDocuments()) {
    let values: unknown[];
    try {
      values = loadAll(text);
    } catch {
      continue;
    }
    for (const value of values) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      const { kind, apiVersion } = value as Record<string, unknown>;
      const checked = typeof kind === 'string' && typeof apiVersion === 'string' ? checkedKindOf(kind, apiVersion) : undefined;
      if (checked && nodeCount(value) <= 5000) found.push({ where, definition: checked.definition, value: value as Record<string, unknown> });
    }
  }
  return found;
}

/** How many nodes a value has, counted up to a bound (an alias bomb of the bad-input fixtures has billions). */
function nodeCount(value: unknown, bound = 5000): number {
  let count = 0;
  const pending = [value];
  while (pending.length > 0 && count <= bound) {
    const next = pending.pop();
    count++;
    if (typeof next === 'object' && next !== null) pending.push(...Object.values(next));
  }
  return count;
}

const service = (spec: unknown) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { app: 'web' } }, spec });

describe('conformsToDefinition, keyword by keyword', () => {
  it.each([
    ['a conforming Service', service({ selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] }), true],
    ['an unknown field', service({ selectr: { app: 'web' } }), false],
    ['an unknown field deep inside', service({ ports: [{ port: 80, targetport: 8080 }] }), false],
    ['a required field missing', service({ ports: [{ name: 'http' }] }), false],
    ['a string for an integer', service({ ports: [{ port: '80' }] }), false],
    ['a fraction for an integer', service({ ports: [{ port: 80.5 }] }), false],
    ['a port above its maximum', service({ ports: [{ port: 65536 }] }), false],
    ['a port below its minimum', service({ ports: [{ port: 0 }] }), false],
    ['an infinite port', service({ ports: [{ port: Infinity }] }), false],
    // YAML's .inf: a number to typeof, not to JSON Schema.
    ['an infinite number', { ...service({}), metadata: { name: 'web', deletionGracePeriodSeconds: Infinity } }, false],
    ['a fraction where any number goes', { ...service({}), metadata: { name: 'web', deletionGracePeriodSeconds: 1.5 } }, true],
    ['a protocol outside its enum', service({ ports: [{ port: 80, protocol: 'tcp' }] }), false],
    ['a targetPort name against its pattern', service({ ports: [{ port: 80, targetPort: 'HTTP' }] }), false],
    ['a label value of the wrong type', { ...service({}), metadata: { name: 'web', labels: { app: 3 } } }, false],
    ['null where a field is optional', service({ selector: null, ports: null }), true],
    ['a list where a mapping goes', service([]), false],
    ['an own __proto__ key', service(Object.defineProperty({}, '__proto__', { value: 1, enumerable: true })), false],
  ])('%s', (_name, value, expected) => {
    expect(ajv('core.v1.Service', value)).toBe(expected);
    expect(conformsToDefinition('core.v1.Service', value)).toBe(expected);
  });

  it('checks the values of a map\'s free keys (additionalProperties), and reads the definitions without titles', () => {
    const definitions = JSON.parse(definitionsText) as Record<string, Record<string, unknown>>;
    expect(definitions['core.v1.Service']).toBeDefined();
    expect(Object.values(definitions).some((schema) => schema.title !== undefined)).toBe(false);
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'x' }, binaryData: { b: 'eA==' } };
    expect(conformsToDefinition('core.v1.ConfigMap', configMap)).toBe(true);
    expect(conformsToDefinition('core.v1.ConfigMap', { ...configMap, data: { a: 1 } })).toBe(ajv('core.v1.ConfigMap', { ...configMap, data: { a: 1 } }));
  });
});

describe('conformsToDefinition against ajv', () => {
  const documents = checkedDocuments();

  it('agrees on every checked document of the fixtures and examples', () => {
    const disagreements = documents.filter(({ definition, value }) => conformsToDefinition(definition, value) !== ajv(definition, value)).map((d) => d.where);
    expect(disagreements).toEqual([]);
    // Enough documents, and both answers among them.
    expect(documents.length).toBeGreaterThan(1000);
    expect(documents.filter(({ definition, value }) => !ajv(definition, value)).length).toBeGreaterThan(50);
  });

  it('agrees on mutated documents', () => {
    const answers = { yes: 0, no: 0 };
    fc.assert(
      fc.property(fc.nat(documents.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), (index, mutations) => {
        const { definition, value } = documents[index]!;
        const mutated = structuredClone(value);
        for (const apply of mutations) apply(mutated);
        const expected = ajv(definition, mutated);
        answers[expected ? 'yes' : 'no']++;
        return conformsToDefinition(definition, mutated) === expected;
      }),
      { numRuns: Number(process.env.SHAPE_RUNS ?? 4000), seed: fixedSeed },
    );
    // The mutations must reach both answers, not only break every document.
    expect(answers.yes).toBeGreaterThan(400);
    expect(answers.no).toBeGreaterThan(400);
  });
});

/** Property names of the schema, so that added fields are often known ones with values to check. */
const knownFields: readonly string[] = (() => {
  const names = new Set<string>();
  const walk = (schema: unknown): void => {
    if (typeof schema !== 'object' || schema === null) return;
    const node = schema as Record<string, unknown>;
    if (typeof node.properties === 'object' && node.properties !== null) {
      for (const [name, property] of Object.entries(node.properties)) {
        names.add(name);
        walk(property);
      }
    }
    walk(node.items);
    walk(node.additionalProperties);
  };
  for (const definition of Object.values(JSON.parse(definitionsText) as Record<string, unknown>)) walk(definition);
  return [...names].sort();
})();

const values = (): unknown[] => [
  null, true, false, 0, -1, 1, 80, 1.5, 65535, 65536, 1000001, Infinity, -Infinity, NaN, -0,
  '', 'x', 'http', 'HTTP', 'TCP', 'tcp', 'In', 'Exists', 'ClusterIP', 'a'.repeat(16), 'web-1', '8080',
  [], [null], [{}], ['x'], [1], {}, { name: 'x' }, { name: 'x', port: 80 }, { a: 1 }, new Date(0),
];

/** Every mapping and list inside a value, the value included. */
function containers(value: unknown, found: (Record<string, unknown> | unknown[])[] = []): (Record<string, unknown> | unknown[])[] {
  if (typeof value !== 'object' || value === null || value instanceof Date) return found;
  found.push(value as Record<string, unknown> | unknown[]);
  for (const child of Object.values(value)) containers(child, found);
  return found;
}

type Mutation = (document: Record<string, unknown>) => void;

/** Sets a field as YAML readers do: as an own property, `__proto__` included. */
const setField = (mapping: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(mapping, key, { value, enumerable: true, writable: true, configurable: true });

const mutation: fc.Arbitrary<Mutation> = fc
  .tuple(
    fc.nat(),
    fc.nat(),
    fc.constantFrom('replace', 'remove', 'add-known', 'add-unknown'),
    fc.nat(values().length - 1),
    fc.nat(knownFields.length - 1),
  )
  .map(([where, which, action, valueIndex, fieldIndex]) => (document: Record<string, unknown>) => {
    const all = containers(document);
    const target = all[where % all.length]!;
    const value = values()[valueIndex];
    if (Array.isArray(target)) {
      if (action === 'remove' && target.length > 0) target.splice(which % target.length, 1);
      else if (action === 'replace' && target.length > 0) target[which % target.length] = value;
      else target.push(value);
      return;
    }
    const keys = Object.keys(target);
    if (action === 'remove' && keys.length > 0) delete target[keys[which % keys.length]!];
    else if (action === 'replace' && keys.length > 0) setField(target, keys[which % keys.length]!, value);
    else if (action === 'add-unknown') setField(target, ['bogus', '__proto__', 'Name', 'constructor'][which % 4]!, value);
    else setField(target, knownFields[fieldIndex]!, value);
  });
