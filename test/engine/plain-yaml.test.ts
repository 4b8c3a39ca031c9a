/**
 * The plain reader against js-yaml: whatever it reads, it reads as js-yaml does; whatever js-yaml
 * refuses, it leaves to js-yaml. js-yaml is the oracle throughout (the same schema parse.ts uses).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CORE_SCHEMA, Type, load, types as yamlTypes } from 'js-yaml';
import { notPlain, readPlainYaml, type ImplicitType } from '../../src/engine/plain-yaml.js';
import { recordPositions, type ParsedDocument } from '../../src/engine/parse.js';
import { locateSpanIn } from '../../src/engine/locate.js';
import { NodeTable } from '../../src/engine/positions.js';
import { createSourceFile } from '../../src/engine/source.js';
import type { NodePath, NodeRef } from '../../src/engine/finding.js';
import { repositoryDocuments } from '../helpers/fixtures.js';

const implicit: readonly ImplicitType[] = [yamlTypes.null, yamlTypes.bool, yamlTypes.int, yamlTypes.float, yamlTypes.merge];
const anyTag = (['scalar', 'sequence', 'mapping'] as const).map((kind) => new Type('', { kind, multi: true, construct: (data: unknown) => data }));
const schema = CORE_SCHEMA.extend({ implicit: [yamlTypes.merge], explicit: anyTag });

type Oracle = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

function jsYaml(text: string): Oracle {
  try {
    return { ok: true, value: load(text, { schema }) };
  } catch {
    return { ok: false };
  }
}

const read = (text: string) => readPlainYaml(text, implicit);

/** Equal as values, key order, prototypes, -0 and NaN included (toStrictEqual ignores key order). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length || keysA.some((k, i) => k !== keysB[i])) return false;
  return keysA.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The reader's answer is js-yaml's value, or notPlain; notPlain whenever js-yaml refuses the text. */
function agrees(text: string): boolean {
  const got = read(text);
  const expected = jsYaml(text);
  if (got === notPlain) return true;
  return expected.ok && sameValue(got, expected.value);
}

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('readPlainYaml reads what manifests are written in, as js-yaml does', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['block mappings and sequences, a sequence at its key\'s column', yaml('apiVersion: v1', 'kind: Service', 'spec:', '  ports:', '  - name: http', '    port: 80', '  -   name: grpc', '      port: 9090', '  selector:', '    app: web')],
    ['a leading document marker, comments and blank lines', yaml('---', '# Source: chart/templates/svc.yaml', '', 'kind: Service # trailing', '  # indented comment', 'metadata:', '', '  name: web')],
    ['implicit types', yaml('a: null', 'b: ~', 'c: True', 'd: FALSE', 'e: 0x1F', 'f: 0o17', 'g: -12', 'h: +3', 'i: 1.5e3', 'j: .inf', 'k: -.Inf', 'l: .NaN', 'm: yes', 'n: on', 'o: 2024-01-01', 'p: 12:30', 'q: nulls', 'r: Null', 's: "1"', 't: \'true\'', 'u: 1_000', 'v: 0b101', 'w: 010', 'x: -0', 'y: .5', 'z: 1.')],
    ['keys of every implicit type, as js-yaml turns them into strings', yaml('1: a', '0x10: b', 'true: c', 'null: d', '~x: e', '1.5: f', '"quoted key": g', "'single''s': h", 'with space: i', 'http://x: j')],
    ['quoted scalars and escapes', yaml('a: "x\\ty\\n\\"q\\"\\\\ \\u00e9 \\x41 \\U0001F600 \\/ \\0 \\N \\_"', "b: 'it''s # not a comment'", 'c: ""', "d: ''", 'e: "a # b" # c')],
    ['plain scalars with indicators inside', yaml('a: b:c', 'b: x#y', 'c: http://host:80/path?q=1', 'd: -x', 'e: --flag=1', 'f: a, b] }', 'g: with   spaces   ', 'h: "{{ .Values }}"', 'i: 50%', 'j: a\u00a0')],
    ['flow collections', yaml('a: {app: web, tier: "front end"}', 'b: [1, "2", three, null, {x: y}, [nested]]', 'c: []', 'd: {}', 'e: {"k":1, "l": [a]}', 'f: [http://a:1/b, -1, a-b]', 'g: {k}', 'h: {k: }', 'i: [ a ,  b ]', 'j: {a: b:c}')],
    ['literal and folded block scalars with every chomping', yaml('a: |', '  one', '    two', '', '  three', '', '', 'b: |-', '  x', 'c: |+', '  y', '', 'd: >', '  folded', '  line', '', '  para', '    more', '  back', 'e: >-', '  z', 'f: |', 'g: | # comment', '  h', 'i: >+', '', '  j', '', 'k: |', '  spaces', '       ', '', '  end')],
    ['block scalars as sequence entries', yaml('args:', '- |', '  echo one', '  echo two', '- >-', '  a', '  b', '- last')],
    ['sequences of sequences under keys, and empty values', yaml('a:', '  -', '    - x', 'b:', 'c:', '- ', '- # comment', '-', 'd: x')],
    ['CRLF line ends', 'a: 1\r\nb: |\r\n  x\r\n  y\r\nc: [a, b]\r\n'],
    ['a document without a final line break', 'a: 1\nb: |\n  x'],
    ['non-ASCII text', yaml('a: ünïcödé', 'b: "日本"', 'c: |', '  ✓ done')],
  ];
  it.each(cases)('%s', (_name, text) => {
    const got = read(text);
    expect(got, 'the plain reader gave up').not.toBe(notPlain);
    const expected = jsYaml(text);
    expect(expected.ok).toBe(true);
    expect(sameValue(got, expected.ok ? expected.value : undefined), JSON.stringify(got)).toBe(true);
  });
});

describe('readPlainYaml leaves the rest to js-yaml', () => {
  const left: readonly (readonly [string, string])[] = [
    ['anchors and aliases', yaml('a: &x 1', 'b: *x')],
    ['merge keys', yaml('a: {x: 1}', 'b:', '  <<: {x: 2}')],
    ['tags', yaml('a: !!str 1')],
    ['directives', yaml('%YAML 1.2', '---', 'a: 1')],
    ['multi-line plain scalars', yaml('a: one', '  two')],
    ['multi-line quoted scalars', yaml('a: "one', '  two"')],
    ['multi-line flow collections', yaml('a: [1,', '  2]')],
    ['explicit indentation of a block scalar', yaml('a: |2', '   x')],
    ['tabs', 'a:\tb\n'],
    ['a lone carriage return', 'a: 1\rb: 2\n'],
    ['a byte-order mark', '\ufeffa: 1\n'],
    ['duplicate keys', yaml('a: 1', 'a: 2')],
    ['keys js-yaml stores its own way', yaml('__proto__: 1')],
    ['a root that is not a block mapping', yaml('- a')],
    ['a scalar root', yaml('just text')],
    ['an empty document', yaml('# only a comment')],
    ['a value after a document end marker', yaml('a: 1', '...', 'b: 2')],
    ['mapping values on a value\'s line', yaml('a: b: c')],
    ['over-indented lines', yaml('a: 1', '  b: 2')],
    ['a trailing comma', yaml('a: [1, 2,]')],
    ['complex keys', yaml('? a', ': b')],
    ['unprintable characters', 'a: "\u0007"\n'],
    ['flow collections nested deeper than manifests go', `a: ${'['.repeat(100)}${']'.repeat(100)}\n`],
    ['block mappings nested deeper than manifests go', Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
    ['a block scalar whose leading blank line is indented deeper than its text', yaml('a: |', '      ', '  x')],
    // js-yaml reads the `- b` as the inner sequence's entry; YAML would not.
    ['an entry further left after an empty entry', yaml('x:', '  - y:', '    -', '  - b')],
  ];
  it.each(left)('%s', (_name, text) => {
    expect(read(text)).toBe(notPlain);
  });
});

describe('readPlainYaml on the repository\'s own manifests', () => {
  it('reads most documents of the fixtures and examples, each as js-yaml does', () => {
    let documents = 0;
    let plain = 0;
    const disagreements: string[] = [];
    for (const { where, text } of repositoryDocuments()) {
      documents++;
      if (read(text) !== notPlain) plain++;
      if (!agrees(text)) disagreements.push(where);
    }
    expect(disagreements).toEqual([]);
    expect(documents).toBeGreaterThan(1000);
    expect(plain / documents).toBeGreaterThan(0.85);
  });
});

describe('the implicit types a scalar\'s first character rules out', () => {
  it('resolve no scalar that starts with another character, and no letter-led one but null, true and false', () => {
    const suffixes = ['', '1', 'x', 'ull', 'rue', 'alse', 'ULL', 'RUE', 'ALSE', 'ul', '.5', 'e3', '<'];
    const letterLed = ['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE'];
    const typedFirst = new Set('~+-.0123456789<');
    const wrong: string[] = [];
    for (let code = 1; code < 0x3000; code++) {
      const first = String.fromCharCode(code);
      if (typedFirst.has(first)) continue;
      for (const suffix of suffixes) {
        const scalar = first + suffix;
        const resolved = implicit.some((type) => type.resolve(scalar));
        if (resolved && !letterLed.includes(scalar)) wrong.push(scalar);
      }
    }
    // Each case and length variant of the letter-led words, the only ones that resolve.
    for (const word of ['null', 'true', 'false', 'nul', 'nulll', 'tru', 'fals', 'falsey', 'nULL', 'tRUE']) {
      const resolved = implicit.some((type) => type.resolve(word));
      if (resolved !== letterLed.includes(word)) wrong.push(word);
    }
    expect(wrong).toEqual([]);
  });
});

/**
 * Random YAML-like text: block mappings and sequences with random indentation, comments and blank
 * lines, and scalars drawn from tricky spellings, some of them not valid YAML at all.
 */
const plainScalars = ['x', 'web', 'hello world', '8080', '"quoted"', "'single'", '[a, b]', '{app: web}', '|', '>-', 'true', '~', 'http://svc:80'];
const plainKeys = ['name', 'port', 'app', 'a', 'b', 'c', 'spec', 'metadata', 'labels', 'ports'];
const scalars = [
  'x', 'web', 'hello world', 'null', 'Null', '~', 'true', 'False', 'yes', '1', '-1', '+1', '0o17', '0x1F', '1_000', '1e3', '.5', '.inf', '-.Inf', '.NaN',
  '12:30', '2024-01-01', 'a #b', 'a#b', 'a: b', 'a:b', 'http://x:80/p', '- a', '-a', '--f', '*a', '&a b', '!t x', '%x', '@x', '`x', '?x', ':x', '<<',
  '[a, b]', '{a: b}', '[a: b]', '{a, b}', '[]', '{}', '[a,]', '[,a]', '{"a":1}', '[a, [b, {c: d}]]', '{a: [1, 2], b: }', '[http://a:1]', '{a:b}', '[a #c]',
  '{a: , b}', '{a:, b: c}', '{"a": , "b"}', '[{a: }, {b}]',
  '""', "''", '"a b"', "'it''s'", '"esc \\" \\\\ \\n \\t \\u00e9"', '"bad \\q"', "'open", '"open', '"a"b', "'a' # c", 'trailing   ', 'é', 'x\u00a0',
  '|', '|-', '|+', '>', '>-', '>+', '|2', '| # c', '|x',
];
const keys = ['a', 'b', 'name', 'port', 'null', 'true', '1', '0x10', 'a b', 'x:y', '"q"', "'s'", '"a": 1', '-k', '~', '<<', '__proto__', 'é', 'k ', '', '#', '? k'];

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

/** Mostly ordinary spellings, so that the documents go deep; a tricky one now and then. */
const scalar = (rng: () => number) => pick(rng, rng() < 0.7 ? plainScalars : scalars);
const key = (rng: () => number) => pick(rng, rng() < 0.8 ? plainKeys : keys);

/** A small deterministic generator, seeded by fast-check. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomDocument(seed: number): string {
  const rng = generator(seed);
  const lines: string[] = [];
  if (rng() < 0.3) lines.push(pick(rng, ['---', '--- # c', '# Source: x.yaml', '']));
  const jitter = (indent: number) => Math.max(0, indent + (rng() < 0.05 ? pick(rng, [-1, 1, 2]) : 0));
  const noise = (indent: number) => {
    if (rng() < 0.08) lines.push(pick(rng, ['', `${' '.repeat(indent)}# comment`, '   ', '#']));
  };
  const blockScalarLines = (indent: number) => {
    const depth = indent + pick(rng, [1, 2, 2, 4]);
    const count = Math.floor(rng() * 4);
    for (let i = 0; i < count; i++) lines.push(rng() < 0.2 ? ' '.repeat(Math.floor(rng() * 6)) : `${' '.repeat(depth + (rng() < 0.2 ? 2 : 0))}${pick(rng, ['text', 'more text', '# not a comment', 'a: b', '- x'])}`);
  };
  const value = (indent: number, depth: number, prefix: string) => {
    const roll = rng();
    if (depth < 3 && roll < 0.25) {
      lines.push(prefix);
      mapping(jitter(indent + pick(rng, [2, 2, 4])), depth + 1);
    } else if (depth < 3 && roll < 0.4) {
      lines.push(prefix);
      sequence(jitter(rng() < 0.5 ? indent : indent + 2), depth + 1);
    } else {
      const text = scalar(rng);
      lines.push(`${prefix} ${text}${rng() < 0.1 ? ' # c' : ''}`);
      if (text.startsWith('|') || text.startsWith('>')) blockScalarLines(indent);
    }
  };
  const mapping = (indent: number, depth: number) => {
    const count = 1 + Math.floor(rng() * 4);
    for (let i = 0; i < count; i++) {
      noise(indent);
      value(indent, depth, `${' '.repeat(jitter(indent))}${key(rng)}:`);
    }
  };
  const sequence = (indent: number, depth: number) => {
    const count = 1 + Math.floor(rng() * 3);
    for (let i = 0; i < count; i++) {
      noise(indent);
      const entry = `${' '.repeat(jitter(indent))}-`;
      if (depth < 3 && rng() < 0.35) {
        // A mapping that starts on the entry's line.
        lines.push(`${entry} ${key(rng)}: ${scalar(rng)}`);
        if (rng() < 0.5) lines.push(`${' '.repeat(indent + 2)}${key(rng)}: ${scalar(rng)}`);
      } else value(indent + 2, depth, entry);
    }
  };
  mapping(0, 0);
  const text = lines.join('\n');
  return rng() < 0.1 ? text : `${text}\n`;
}

/**
 * Where the plain reader reads a text, the first node, key or slice that locate finds elsewhere
 * than js-yaml's positions put it (`plain vs js-yaml`); undefined when there is none.
 */
function positionDifference(text: string): string | undefined {
  const value = read(text);
  const plainNodes = recordPositions(text);
  const jsYamlNodes = recordPositions(text, 'js-yaml');
  if (value === notPlain || !plainNodes || !jsYamlNodes) return undefined;
  const doc: ParsedDocument = { file: createSourceFile('t.yaml', undefined, text), index: 0, offset: 0, text, value };
  const plain = spans(new NodeTable(text, plainNodes), doc);
  const jsYaml = spans(new NodeTable(text, jsYamlNodes), doc);
  const differ = plain.findIndex((line, i) => line !== jsYaml[i]);
  if (differ === -1 && plain.length === jsYaml.length) return undefined;
  return `${plain[differ] ?? '(none)'} vs ${jsYaml[differ] ?? '(none)'}`;
}

describe('readPlainYaml against js-yaml on generated documents', () => {
  it('never reads a document otherwise than js-yaml, nor one js-yaml refuses, and positions it as js-yaml does', () => {
    let plain = 0;
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const text = randomDocument(seed);
        if (read(text) !== notPlain) plain++;
        return agrees(text) && positionDifference(text) === undefined;
      }),
      { numRuns: Number(process.env.PLAIN_RUNS ?? 4000) },
    );
    // The generator must exercise the reader, not only its giving up.
    expect(plain).toBeGreaterThan(1000);
  });
});

/** Every node of a value as a path (each key and index, depth first), and a missing key in each mapping. */
function paths(value: unknown, prefix: NodePath = []): NodePath[] {
  const found: NodePath[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => found.push(...paths(item, [...prefix, index])));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) found.push(...paths(item, [...prefix, key]));
    found.push([...prefix, 'no-such-key']);
  }
  return found;
}

/** What locate says of each node through one table: its span, its key's span and a slice of a string. */
function spans(table: NodeTable | undefined, doc: ParsedDocument): string[] {
  return paths(doc.value).flatMap((path) => {
    const refs: NodeRef[] = [{ doc, path }, { doc, path, target: 'key' }, { doc, path, span: { index: 1, length: 2 } }];
    return refs.map((ref) => `${JSON.stringify(path)} ${ref.target ?? ''}${ref.span ? 'span' : ''} ${JSON.stringify(locateSpanIn(table, ref))}`);
  });
}

describe('positions from the plain reader', () => {
  it('locate every node, key and slice of the fixtures and examples where js-yaml\'s positions do', () => {
    let documents = 0;
    const disagreements: string[] = [];
    for (const { where, text } of repositoryDocuments()) {
      if (read(text) === notPlain) continue;
      documents++;
      const difference = positionDifference(text);
      if (difference !== undefined) disagreements.push(`${where}: ${difference}`);
    }
    expect(disagreements).toEqual([]);
    expect(documents).toBeGreaterThan(1000);
  });

  it('keep an empty value in a flow mapping apart from the entry after it', () => {
    for (const text of ['a: {x: , y}\n', 'a: {x:, y}\n', 'a: {x: , "y"}\n', 'a: {x: , y, z: w}\n', 'a: {x: }\n']) expect(positionDifference(text), text).toBeUndefined();
  });

  it('are js-yaml\'s for a text with carriage returns (offsets count them)', () => {
    const text = 'a: 1\r\nb: [x]\r\n';
    expect(recordPositions(text)).toEqual(recordPositions(text, 'js-yaml'));
  });
});
