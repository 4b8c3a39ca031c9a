/**
 * Property tests of `netlint` lint on random manifests, malformed ones included (wrong types
 * wherever the model reads, nulls, lists where maps go, text that is not YAML):
 * - it never throws and reports no internal error;
 * - its JSON output is byte-identical whatever the order the files are given and written in;
 * - shuffling the documents inside a file moves findings with their documents and nothing else:
 *   the same findings per document, sorted by line and column in every file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { dump, load as jsYamlLoad } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { lint, type LintReport } from '../../src/api.js';
import { reporters } from '../../src/reporters/index.js';
import { reporterContext } from '../helpers/reporter-context.js';
import { clusterArb, clusterYaml } from './clusters.js';

const fixedSeed = Number(process.env.NETLINT_FC_SEED ?? 20261201);

/** Values that do not belong where they land. */
const hostileArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 0, -1, 70000, 1.5, true, '', 'x', '8080', 'None', '{{ .Values.port }}', [], [null], [1, 'a'], {}, { a: null }, { '': [] }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Replaces the node a path of choices leads to (each choice picks a key or item by index). */
function replaceAt(value: unknown, choices: readonly number[], replacement: unknown): unknown {
  if (choices.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const [choice = 0, ...rest] = choices;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const copy = [...value];
    const index = choice % copy.length;
    copy[index] = replaceAt(copy[index], rest, replacement);
    return copy;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[choice % keys.length] as string;
  return { ...(value as Record<string, unknown>), [key]: replaceAt((value as Record<string, unknown>)[key], rest, replacement) };
}

/** Text that is not a valid manifest: broken YAML, templates, tabs, a JSON document. */
const brokenTextArb = fc.constantFrom(
  'kind: Service\nmetadata: {name: [unclosed\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n\tname: tabbed\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n',
  '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "json"}, "spec": {"ports": [{"port": "http"}]}}\n',
  'a: &x [*x]\n',
  'key: 1\nkey: 2\n',
  '# only a comment\n',
  '- just\n- a list\n',
  'apiVersion: v1\nkind: List\nitems: [1, null, {kind: Service}]\n',
);

const serviceArb = fc.record({
  name: fc.constantFrom('web', 'api', 'db'),
  namespace: fc.constantFrom('ns-a', 'ns-b'),
  selector: fc.dictionary(fc.constantFrom('app', 'pod'), fc.constantFrom('x', 'd0', 'd1')),
  port: fc.constantFrom(80, 443, 8080),
  targetPort: fc.constantFrom(80, 8080, 'http', 'dns', 'metrics'),
}).map((s) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: s.name, namespace: s.namespace },
  spec: { selector: s.selector, ports: [{ port: s.port, targetPort: s.targetPort }] },
}));

/** One document's text: a cluster object or Service, perhaps with hostile values, or broken text. */
function documentTexts(): fc.Arbitrary<string[]> {
  const mutation = fc.record({ choices: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), value: hostileArb });
  const objects = fc.tuple(clusterArb, fc.array(serviceArb, { maxLength: 2 })).map(([cluster, services]) => [
    ...clusterYaml(cluster).split(/^---\n/m).filter((d) => d !== ''),
    ...services.map((s) => dump(s, { noRefs: true, lineWidth: -1 })),
  ]);
  return fc
    .tuple(objects, fc.array(fc.tuple(fc.nat(), mutation), { maxLength: 4 }), fc.array(brokenTextArb, { maxLength: 2 }))
    .map(([docs, mutations, broken]) => {
      const mutated = [...docs];
      for (const [which, { choices, value }] of mutations) {
        const index = which % mutated.length;
        const original = (mutated[index] as string).length > 0 ? loadOne(mutated[index] as string) : {};
        mutated[index] = dump(replaceAt(original, choices, value), { noRefs: true, lineWidth: -1 });
      }
      return [...mutated, ...broken];
    });
}

function loadOne(text: string): unknown {
  // The generated objects are JSON-compatible YAML that js-yaml reads back as it wrote it.
  return JSON.parse(JSON.stringify(jsYamlLoad(text)));
}

/** Documents spread over files: each document's file index. */
const manifestArb = documentTexts().chain((docs) =>
  fc.record({
    docs: fc.constant(docs),
    fileOf: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: docs.length, maxLength: docs.length }),
  }),
);

interface Placed {
  /** File name → its documents (ids into the document list), in order. */
  readonly files: ReadonlyMap<string, readonly number[]>;
}

function placement(fileOf: readonly number[]): Placed {
  const files = new Map<string, number[]>();
  fileOf.forEach((f, doc) => {
    const name = `f${f}.yaml`;
    files.set(name, [...(files.get(name) ?? []), doc]);
  });
  return { files };
}

/** A file's text and, for each line (1-based), the document it belongs to and the line within it. */
function fileText(docs: readonly string[], ids: readonly number[]): { text: string; lineOwner: { doc: number; offset: number }[] } {
  let text = '';
  const lineOwner: { doc: number; offset: number }[] = [{ doc: -1, offset: 0 }];
  for (const id of ids) {
    const body = `---\n${(docs[id] as string).endsWith('\n') ? docs[id] : `${docs[id]}\n`}`;
    const lines = body.split('\n').length - 1;
    for (let i = 0; i < lines; i++) lineOwner.push({ doc: id, offset: i });
    text += body;
  }
  return { text, lineOwner };
}

const root = mkdtempSync(join(tmpdir(), 'netlint-oracle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runs = 0;

/** Writes files (in the given order) to a fresh directory and lints the paths, given in that order. */
function lintOnDisk(files: readonly (readonly [string, string])[]): { report: LintReport; json: string } {
  const cwd = join(root, `run${runs++}`);
  mkdirSync(cwd);
  for (const [name, text] of files) writeFileSync(join(cwd, name), text);
  const report = lint(files.map(([name]) => name), { cwd, config: false });
  const json = reporters.json!(report, reporterContext({ cwd, sourceRoot: cwd }));
  rmSync(cwd, { recursive: true, force: true });
  // The directory differs per run; the output may not otherwise.
  return { report, json: json.replaceAll(cwd, '<cwd>') };
}

function shuffled<T>(items: readonly T[], seeds: readonly number[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = (seeds[i % Math.max(1, seeds.length)] ?? 0) % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

describe('lint on random manifests, malformed ones included', () => {
  it('never throws, and gives the same JSON whatever the order of the files', () => {
    let findings = 0;
    fc.assert(
      fc.property(manifestArb, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), ({ docs, fileOf }, seeds) => {
        const files = [...placement(fileOf).files].map(([name, ids]) => [name, fileText(docs, ids).text] as const);
        const first = lintOnDisk(files);
        expect(first.report.internalErrors).toEqual([]);
        const second = lintOnDisk(shuffled(files, seeds).reverse());
        if (second.json !== first.json) {
          throw new Error(`output depends on file order\n${files.map(([n, t]) => `### ${n}\n${t}`).join('')}`);
        }
        findings += first.report.errorCount + first.report.warningCount;
      }),
      { numRuns: 150, seed: fixedSeed },
    );
    // Malformed input must produce findings, or the property tested nothing.
    expect(findings).toBeGreaterThan(150);
  }, 120_000);

  it('moves findings with their documents when the documents inside a file are shuffled', () => {
    let withDuplicates = 0;
    fc.assert(
      fc.property(manifestArb, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), ({ docs }, seeds) => {
        // One file, so that what moves is the order inside it.
        const ids = docs.map((_, i) => i);
        const summary = (order: readonly number[]) => {
          const { text, lineOwner } = fileText(docs, order);
          const { report } = lintOnDisk([['all.yaml', text]]);
          expect(report.internalErrors).toEqual([]);
          const messages = report.files.flatMap((f) => f.messages);
          // Findings come sorted by line, then column.
          const positions = messages.map((m) => [m.range.line, m.range.column] as const);
          expect(positions).toEqual([...positions].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
          return messages
            .map((m) => {
              const owner = lineOwner[m.range.line] ?? { doc: -1, offset: m.range.line };
              // Identical documents cannot be told apart: name each by its first copy.
              return `doc ${docs.indexOf(docs[owner.doc] as string)} +${owner.offset}:${m.range.column} ${m.severity} ${m.ruleId}/${m.messageId}`;
            })
            .sort();
        };
        const before = summary(ids);
        const after = summary(shuffled(ids, seeds));
        // An object defined twice is order-dependent by design: the last definition wins, as with
        // `kubectl apply`, and duplicate-resource reports the earlier ones. Such inputs are counted.
        if ([...before, ...after].some((line) => line.includes(' duplicate-resource/'))) {
          withDuplicates++;
          return;
        }
        if (JSON.stringify(before) !== JSON.stringify(after)) {
          throw new Error(`findings depend on document order\nbefore: ${before.join('\n')}\nafter: ${after.join('\n')}\n${fileText(docs, ids).text}`);
        }
      }),
      { numRuns: 150, seed: fixedSeed },
    );
    // Most inputs define each object once, or the property would test little.
    expect(withDuplicates).toBeLessThan(75);
  }, 120_000);
});
