/** Fix edits resolved to text: insertion styles, refusals, conflicts, and the quoted-number helper. */
import { describe, expect, it } from 'vitest';
import { applyEdits, compatibleFixes, resolveFix, yamlScalar } from '../../src/engine/fix.js';
import { unquoteNumber } from '../../src/engine/finding.js';
import { parseFile } from '../../src/engine/parse.js';
import { createSourceFile } from '../../src/engine/source.js';
import type { Fix, FixEdit, LocatedFix, NodePath } from '../../src/engine/finding.js';

function docOf(text: string) {
  const file = createSourceFile('a.yaml', '/a.yaml', text);
  const [doc] = parseFile(file).documents;
  return doc!;
}

/** The text after applying one fix with the given edits, or undefined when the fix is dropped. */
function fixed(text: string, edits: (at: (...path: NodePath) => { doc: ReturnType<typeof docOf>; path: NodePath }) => FixEdit[]): string | undefined {
  const doc = docOf(text);
  const at = (...path: NodePath) => ({ doc, path });
  const fix = resolveFix({ description: 'test', safe: true, edits: edits(at) });
  return fix && applyEdits(text, fix.edits);
}

describe('yamlScalar', () => {
  it.each([
    ['TCP', 'TCP'],
    [53, '53'],
    ['None', 'None'],
    ['kubernetes.io/metadata.name', 'kubernetes.io/metadata.name'],
    ['80', '"80"'],
    ['yes', '"yes"'],
    ['a b', '"a b"'],
    ['', '""'],
  ] as const)('%j → %s', (value, text) => {
    expect(yamlScalar(value)).toBe(text);
  });
});

describe('insertAfter', () => {
  it('adds a block mapping entry after a nested block, before trailing comments', () => {
    const text = 'spec:\n  selector:\n    app: db\n  # ports next\n  ports: []\n';
    expect(fixed(text, (at) => [{ insertAfter: at('spec', 'selector'), value: { clusterIP: 'None' } }])).toBe(
      'spec:\n  selector:\n    app: db\n  clusterIP: None\n  # ports next\n  ports: []\n',
    );
  });

  it('adds to a flow sequence and a flow mapping in flow style', () => {
    expect(fixed('types: [Ingress]\n', (at) => [{ insertAfter: at('types', 0), value: 'Egress' }])).toBe('types: [Ingress, Egress]\n');
    expect(fixed('spec: {a: 1}\n', (at) => [{ insertAfter: at('spec', 'a'), value: { b: 2 } }])).toBe('spec: {a: 1, b: 2}\n');
    expect(fixed('spec: {a: {x: "}"}, c: 3}\n', (at) => [{ insertAfter: at('spec', 'a'), value: { b: 2 } }])).toBe('spec: {a: {x: "}"}, b: 2, c: 3}\n');
  });

  it('adds a block item with the same dash and indentation, keeping CRLF line ends', () => {
    const text = 'ports:\r\n- protocol: UDP\r\n  port: 53\r\n';
    expect(fixed(text, (at) => [{ insertAfter: at('ports', 0), value: { protocol: 'TCP', port: 53 } }])).toBe(
      'ports:\r\n- protocol: UDP\r\n  port: 53\r\n- protocol: TCP\r\n  port: 53\r\n',
    );
  });

  it('drops the fix rather than write a key twice', () => {
    expect(fixed('spec:\n  a: 1\n  b: 2\n', (at) => [{ insertAfter: at('spec', 'a'), value: { b: 3 } }])).toBeUndefined();
  });

  it('drops the fix when a node is missing', () => {
    expect(fixed('spec: {}\n', (at) => [{ replace: at('spec', 'port'), text: '80' }])).toBeUndefined();
  });
});

describe('replace', () => {
  it('replaces a key, keeping its value and comment', () => {
    const text = 'matchLabels: { name: shop }  # why\n';
    expect(fixed(text, (at) => [{ replace: { ...at('matchLabels', 'name'), target: 'key' }, text: 'kubernetes.io/metadata.name' }])).toBe(
      'matchLabels: { kubernetes.io/metadata.name: shop }  # why\n',
    );
  });

  it('unquoteNumber writes a quoted port as a number (for schema-violation)', () => {
    const text = 'ports:\n  - containerPort: "8080"  # web\n';
    const doc = docOf(text);
    const fix: Fix = unquoteNumber({ doc, path: ['ports', 0, 'containerPort'] }, 8080);
    expect(fix.safe).toBe(true);
    expect(applyEdits(text, resolveFix(fix)!.edits)).toBe('ports:\n  - containerPort: 8080  # web\n');
  });
});

describe('compatibleFixes', () => {
  const edit = (start: number, end: number, text = 'x') => ({ filePath: 'a.yaml', start, end, text, range: { line: 1, column: 1, endLine: 1, endColumn: 1 } });
  const fix = (...edits: ReturnType<typeof edit>[]): LocatedFix => ({ description: '', safe: true, edits });

  it('keeps the first of overlapping fixes and of insertions at one place, and the rest', () => {
    const a = fix(edit(0, 5));
    const overlapping = fix(edit(4, 6));
    const b = fix(edit(10, 10));
    const sameInsertion = fix(edit(10, 10, 'y'));
    const touching = fix(edit(5, 7));
    expect(compatibleFixes([a, overlapping, b, sameInsertion, touching])).toEqual([a, b, touching]);
  });

  it('applies edits from the end so that offsets hold', () => {
    expect(applyEdits('abcdef', [edit(1, 2, 'B'), edit(4, 4, '-'), edit(5, 6, '')])).toBe('aBcd-e');
  });
});

describe('the rule contract', () => {
  it('refuses a fix from a rule that does not declare fixable', async () => {
    const { createContext } = await import('../../src/engine/rule.js');
    const doc = docOf('a: 1\n');
    const meta = { id: 'x', severity: 'error', category: 'correctness', kinds: [], docs: { summary: 's', why: 'w' }, messages: { m: 'm' } } as const;
    const fix: Fix = { description: 'd', safe: true, edits: [{ replace: { doc, path: ['a'] }, text: '2' }] };
    const context = (fixable: boolean) => createContext({ ...meta, fixable }, undefined as never, undefined as never, () => undefined as never);
    expect(() => context(false).report({ at: { doc, path: ['a'] }, messageId: 'm', fix })).toThrow(/does not declare fixable/);
    expect(context(true).report({ at: { doc, path: ['a'] }, messageId: 'm', fix }).fix).toBe(fix);
  });
});
