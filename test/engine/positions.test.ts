/** Positions: the narrowest node, exact through comments, anchors, flow style and Lists. */
import { describe, expect, it } from 'vitest';
import { parseFile, recordPositions, splitDocuments } from '../../src/engine/parse.js';
import { NodeTable } from '../../src/engine/positions.js';
import { locate, locateSpan } from '../../src/engine/locate.js';
import { createSourceFile, rangeOf } from '../../src/engine/source.js';
import type { NodePath } from '../../src/engine/finding.js';

function at(text: string, docIndex: number, path: NodePath, options: { key?: boolean; span?: { index: number; length: number } } = {}) {
  const parsed = parseFile(createSourceFile('t.yaml', undefined, text));
  expect(parsed.findings).toEqual([]);
  const doc = parsed.documents[docIndex];
  if (!doc) throw new Error(`no document ${docIndex}`);
  const { range, approximate } = locate({
    doc,
    path,
    ...(options.key ? { target: 'key' as const } : {}),
    ...(options.span ? { span: options.span } : {}),
  });
  return { ...range, approximate };
}

const service = [
  '# leading comment',
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  selector:',
  '    app: web   # trailing comment',
  '  ports:',
  '  - port: 80',
  '    targetPort: "http"',
  '  - {port: 443, targetPort: 8443}',
].join('\n');

describe('locate', () => {
  it('counts an empty sequence entry (a bare `-`, as a Helm conditional renders), which js-yaml gives no node', () => {
    const text = ['ports:', '- port: 80', '-', '# a comment', '-   ', '- port: 81', '  name: b', 'items:', '  - a', '  -', 'last: 1'].join('\n');
    expect(at(text, 0, ['ports', 3, 'port'])).toMatchObject({ line: 6, column: 9, approximate: false });
    expect(at(text, 0, ['ports', 3, 'name'])).toMatchObject({ line: 7, column: 9 });
    expect(at(text, 0, ['ports', 1])).toMatchObject({ line: 3, column: 1 });
    expect(at(text, 0, ['ports', 2])).toMatchObject({ line: 5, column: 1 });
    expect(at(text, 0, ['items', 1])).toMatchObject({ line: 10, column: 3 });
    expect(at(text, 0, ['last'])).toMatchObject({ line: 11, column: 7 });
  });
  it('points at a scalar value, quotes included', () => {
    expect(at(service, 0, ['spec', 'ports', 0, 'targetPort'])).toEqual({ line: 10, column: 17, endLine: 10, endColumn: 23, approximate: false });
  });
  it('points at the key of a mapping value, on one line', () => {
    expect(at(service, 0, ['spec', 'selector'])).toEqual({ line: 6, column: 3, endLine: 6, endColumn: 11, approximate: false });
  });
  it('finds values in flow style', () => {
    expect(at(service, 0, ['spec', 'ports', 1, 'targetPort'])).toEqual({ line: 11, column: 29, endLine: 11, endColumn: 33, approximate: false });
    expect(at(service, 0, ['metadata', 'namespace'])).toEqual({ line: 4, column: 34, endLine: 4, endColumn: 38, approximate: false });
  });
  it('is not moved by comments', () => {
    expect(at(service, 0, ['spec', 'selector', 'app'])).toEqual({ line: 7, column: 10, endLine: 7, endColumn: 13, approximate: false });
  });
  it('can point at a key instead of its value', () => {
    expect(at(service, 0, ['spec', 'selector', 'app'], { key: true })).toEqual({ line: 7, column: 5, endLine: 7, endColumn: 8, approximate: false });
  });
  it('falls back to the nearest existing ancestor and says so', () => {
    expect(at(service, 0, ['spec', 'ports', 0, 'name'])).toEqual({ line: 9, column: 5, endLine: 9, endColumn: 13, approximate: true });
  });
  it('points inside a string at a slice of its value', () => {
    const text = 'data:\n  url: "http://backend:8080/x"\n';
    expect(at(text, 0, ['data', 'url'], { span: { index: 7, length: 7 } })).toEqual({ line: 2, column: 16, endLine: 2, endColumn: 23, approximate: false });
  });
  it('points inside a block scalar', () => {
    const text = 'data:\n  nginx.conf: |\n    server {\n      proxy_pass http://api:8080;\n    }\n';
    const value = 'server {\n  proxy_pass http://api:8080;\n}\n';
    const index = value.indexOf('api:');
    expect(at(text, 0, ['data', 'nginx.conf'], { span: { index, length: 3 } })).toEqual({ line: 4, column: 25, endLine: 4, endColumn: 28, approximate: false });
  });
  it('counts lines across documents and points into later ones', () => {
    const text = `a: 1\n---\n# second\nkind: X\n---\nspec:\n  x: [1, 2, 3]\n`;
    expect(at(text, 2, ['spec', 'x', 2])).toEqual({ line: 7, column: 13, endLine: 7, endColumn: 14, approximate: false });
  });
  it('follows aliases and merge keys to where the value is written', () => {
    const text = 'base: &base\n  port: 80\nsvc:\n  <<: *base\n  name: x\nref: *base\n';
    expect(at(text, 0, ['svc', 'port'])).toEqual({ line: 2, column: 9, endLine: 2, endColumn: 11, approximate: false });
    expect(at(text, 0, ['ref', 'port'])).toEqual({ line: 2, column: 9, endLine: 2, endColumn: 11, approximate: false });
  });
  it('points at items inside a kind: List', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  spec:\n    selector: {app: x}\n';
    expect(at(text, 0, ['items', 0, 'spec', 'selector'])).toEqual({ line: 7, column: 5, endLine: 7, endColumn: 13, approximate: false });
  });
  it('handles CRLF line endings', () => {
    const text = 'a: 1\r\n---\r\nspec:\r\n  port: 80\r\n';
    expect(at(text, 1, ['spec', 'port'])).toEqual({ line: 4, column: 9, endLine: 4, endColumn: 11, approximate: false });
  });
  it('counts columns in UTF-16 code units', () => {
    const text = 'metadata:\n  annotations: {note: "héllo 🙂", x: "y"}\n';
    expect(at(text, 0, ['metadata', 'annotations', 'x'])).toEqual({ line: 2, column: 38, endLine: 2, endColumn: 41, approximate: false });
  });
  it('finds quoted keys and skips anchors and tags before a value', () => {
    const text = 'data:\n  "my key": &v !!str 8080\n  \'other\': x\n';
    expect(at(text, 0, ['data', 'my key'])).toEqual({ line: 2, column: 22, endLine: 2, endColumn: 26, approximate: false });
    expect(at(text, 0, ['data', 'my key'], { key: true })).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 11, approximate: false });
    expect(at(text, 0, ['data', 'other'])).toEqual({ line: 3, column: 12, endLine: 3, endColumn: 13, approximate: false });
  });
  it('underlines a whole block scalar up to its last character', () => {
    const text = 'data:\n  script: |  # header comment\n    echo hi\n    echo bye\n\n# after\nnext: 1\n';
    expect(at(text, 0, ['data', 'script'])).toEqual({ line: 2, column: 11, endLine: 4, endColumn: 13, approximate: false });
  });
  it('is not moved by comment lines between entries or after the last one', () => {
    const text = 'spec:\n  # about a\n  a: 1 # one\n  # about b\n\n  b:\n    # inside\n    - x   # first\n    # trailing\n';
    expect(at(text, 0, ['spec', 'b', 0])).toEqual({ line: 8, column: 7, endLine: 8, endColumn: 8, approximate: false });
    expect(at(text, 0, ['spec', 'b'])).toEqual({ line: 6, column: 3, endLine: 6, endColumn: 4, approximate: false });
    expect(at(text, 0, ['spec', 'a'])).toEqual({ line: 3, column: 6, endLine: 3, endColumn: 7, approximate: false });
  });
  it('follows a list of merge keys and an alias to a scalar', () => {
    const text = 'a: &a {port: 80}\nb: &b\n  host: web\nname: &n svc\nc:\n  <<: [*a, *b]\n  alias: *n\n';
    expect(at(text, 0, ['c', 'host'])).toEqual({ line: 3, column: 9, endLine: 3, endColumn: 12, approximate: false });
    expect(at(text, 0, ['c', 'port'])).toEqual({ line: 1, column: 14, endLine: 1, endColumn: 16, approximate: false });
    expect(at(text, 0, ['c', 'alias'])).toEqual({ line: 7, column: 10, endLine: 7, endColumn: 12, approximate: false });
  });
  // The anchors keep these documents from the plain reader: the positions are js-yaml's.
  it('points at a block scalar that is a sequence entry, which js-yaml records around an empty node', () => {
    const text = 'anchor: &a 1\nargs:\n- |\n  echo one\n- last\n';
    expect(at(text, 0, ['args', 0])).toEqual({ line: 3, column: 3, endLine: 4, endColumn: 11, approximate: false });
    expect(at(text.replace('anchor: &a 1\n', ''), 0, ['args', 0])).toEqual({ line: 2, column: 3, endLine: 3, endColumn: 11, approximate: false });
  });
  it('ends a last block scalar within the text when the text has no final line break', () => {
    const text = 'anchor: &a 1\nscript: >\n  echo   ';
    expect(at(text, 0, ['script'])).toEqual({ line: 2, column: 9, endLine: 3, endColumn: 7, approximate: false });
    expect(at(text.replace('anchor: &a 1\n', ''), 0, ['script'])).toEqual({ line: 1, column: 9, endLine: 2, endColumn: 7, approximate: false });
  });
  it('points at compact and nested sequence entries', () => {
    const text = 'items:\n- - inner\n  - [x, {y: z}]\n- name: a\n  value: b\n';
    expect(at(text, 0, ['items', 0, 1, 1, 'y'])).toEqual({ line: 3, column: 13, endLine: 3, endColumn: 14, approximate: false });
    expect(at(text, 0, ['items', 0, 0])).toEqual({ line: 2, column: 5, endLine: 2, endColumn: 10, approximate: false });
    expect(at(text, 0, ['items', 1, 'value'])).toEqual({ line: 5, column: 10, endLine: 5, endColumn: 11, approximate: false });
  });
  it('points at the key of an empty value', () => {
    const text = 'spec:\n  selector:\n  ports:\n';
    expect(at(text, 0, ['spec', 'selector'])).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 11, approximate: false });
  });
  it('locates in JSON files too', () => {
    const text = '{\n  "spec": {"ports": [{"port": 80}]}\n}\n';
    const parsed = parseFile(createSourceFile('t.json', undefined, text));
    const doc = parsed.documents[0];
    if (!doc) throw new Error('no document');
    expect(locate({ doc, path: ['spec', 'ports', 0, 'port'] }).range).toMatchObject({ line: 2, column: 31, endLine: 2, endColumn: 33 });
  });
  it('ignores a byte-order mark', () => {
    expect(at('\uFEFFspec:\n  port: 80\n', 0, ['spec', 'port'])).toEqual({ line: 2, column: 9, endLine: 2, endColumn: 11, approximate: false });
  });
});

describe('locateSpan', () => {
  /** The text locateSpan covers, and whether it is exact. */
  function spanText(text: string, docIndex: number, path: NodePath, target?: 'key') {
    const parsed = parseFile(createSourceFile('t.yaml', undefined, text));
    const doc = parsed.documents[docIndex];
    if (!doc) throw new Error(`no document ${docIndex}`);
    const { start, end, approximate } = locateSpan({ doc, path, ...(target ? { target } : {}) });
    return { text: text.slice(start, end), approximate };
  }
  it('gives offsets into the whole file, in a later document and after CRLF line ends', () => {
    const text = 'kind: A\r\n---\r\nkind: Service\r\nspec:\r\n  ports:\r\n  - {port: 80, targetPort: "http"}\r\n';
    expect(spanText(text, 1, ['spec', 'ports', 0, 'targetPort'])).toEqual({ text: '"http"', approximate: false });
    expect(spanText(text, 1, ['spec', 'ports', 0, 'port'], 'key')).toEqual({ text: 'port', approximate: false });
  });
  it('agrees with locate on every node it finds', () => {
    const parsed = parseFile(createSourceFile('t.yaml', undefined, service));
    const doc = parsed.documents[0];
    if (!doc) throw new Error('no document');
    for (const path of [['spec', 'selector'], ['spec', 'ports', 0, 'name'], ['metadata', 'namespace'], ['spec', 'ports', 1]] as NodePath[]) {
      const span = locateSpan({ doc, path });
      const { range, approximate } = locate({ doc, path });
      expect({ range: rangeOf(doc.file, span.start, span.end), approximate: span.approximate }).toEqual({ range, approximate });
    }
  });
  it('says when it fell back to an ancestor', () => {
    expect(spanText(service, 0, ['spec', 'ports', 0, 'name'])).toEqual({ text: 'port: 80', approximate: true });
  });
});

describe('splitDocuments', () => {
  it('splits at --- and ... lines only', () => {
    const chunks = splitDocuments('a: "---"\nb: |\n  --- not a marker\n---\nc: 1\n...\nd: 2\n');
    expect(chunks.map((c) => c.text)).toEqual(['a: "---"\nb: |\n  --- not a marker\n', '---\nc: 1\n...\n', 'd: 2\n']);
  });
  it('keeps directives with the document they introduce', () => {
    const chunks = splitDocuments('%YAML 1.2\n---\na: 1\n');
    expect(chunks.map((c) => c.text)).toEqual(['%YAML 1.2\n---\na: 1\n']);
  });
});

describe('NodeTable', () => {
  it('reads the entries of a block sequence once, however many paths pass through it', () => {
    // Every finding in a List passes through its `items`; reading their `-` indicators again for
    // each made a List of 10,000 objects take 6.5 s where its documents as files took 1.2 s.
    const text = ['apiVersion: v1', 'kind: List', 'items:', ...Array.from({ length: 50 }, (_, i) => `- {kind: ConfigMap, metadata: {name: c${i}}}`), ''].join('\n');
    const nodes = recordPositions(text);
    if (!nodes) throw new Error('no positions');
    const table = new NodeTable(text, nodes);
    const items = table.pairs(table.root!).find((pair) => table.text.slice(pair.key.start, pair.key.end) === 'items')?.value;
    if (!items) throw new Error('no items');
    const first = table.items(items);
    expect(first).toHaveLength(50);
    expect(table.items(items)).toBe(first);
    expect(text.slice(first[49]!.start, first[49]!.start + 17)).toBe('{kind: ConfigMap,');
  });
});
