/**
 * Fixture cases and their `# expect:` markers.
 *
 * - `# expect: <rule-id>[/<messageId>] …` at the end of a line: findings that start on that line.
 * - `# expect-next: <rule-id>[/<messageId>] …` on a comment-only line: findings on the next line
 *   that is neither blank nor a comment.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Expectation {
  readonly file: string;
  readonly line: number;
  readonly ruleId: string;
  readonly messageId: string | undefined;
}

export interface FixtureCase {
  readonly ruleId: string;
  readonly kind: 'valid' | 'invalid';
  readonly name: string;
  /** A file, or a directory linted as one input set. */
  readonly path: string;
  readonly files: readonly string[];
}

export const fixturesRoot = new URL('../fixtures/', import.meta.url).pathname;

const manifest = /\.(ya?ml|json)$/;

function filesBelow(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesBelow(join(path, entry)))
    .filter((file) => manifest.test(file));
}

export function fixtureCases(ruleId: string, kind: 'valid' | 'invalid'): FixtureCase[] {
  const directory = join(fixturesRoot, ruleId, kind);
  let entries: string[];
  try {
    entries = readdirSync(directory).sort();
  } catch {
    return [];
  }
  return entries
    .filter((entry) => manifest.test(entry) || statSync(join(directory, entry)).isDirectory())
    .map((entry) => {
      const path = join(directory, entry);
      return { ruleId, kind, name: entry, path, files: filesBelow(path) };
    });
}

const marker = /#\s*expect(-next)?:\s*(.+?)\s*$/;

export function expectationsIn(file: string, displayRoot: string): Expectation[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const shown = relative(displayRoot, file);
  const found: Expectation[] = [];
  lines.forEach((text, index) => {
    const match = marker.exec(text);
    if (!match) return;
    let line = index + 1;
    if (match[1]) {
      let next = index + 1;
      while (next < lines.length && /^\s*(#.*)?$/.test(lines[next] as string)) next++;
      line = next + 1;
    }
    for (const token of (match[2] as string).split(/[\s,]+/).filter(Boolean)) {
      const [ruleId, messageId] = token.split('/');
      found.push({ file: shown, line, ruleId: ruleId as string, messageId });
    }
  });
  return found;
}
