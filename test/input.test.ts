/** Reading input as the commands do: charts, non-Kubernetes YAML, skipped-input summaries, stdin. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, type Io } from '../src/command.js';

/** Runs the command in-process with a fake terminal-less process. */
function netlint(argv: string[], cwd: string, options: { stdin?: string; stdinIsTTY?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    argv,
    cwd,
    env: {},
    stdinIsTTY: options.stdinIsTTY ?? false,
    stdoutIsTTY: false,
    readStdin: () => options.stdin ?? '',
    writeStdout: (text) => {
      stdout += text;
    },
    writeStderr: (text) => {
      stderr += text;
    },
  };
  const code = run(io);
  return { code, stdout, stderr };
}

/** A temporary directory with these files (paths relative to it). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'netlint-input-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const templated = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-${name}\n`;

describe('netlint reach: skipped input on standard error', () => {
  it('summarises unrendered templates in one line and names each syntax error', () => {
    const root = tree({
      'a.yaml': templated('a'),
      'b.yaml': templated('b'),
      'c.yaml': templated('c'),
      'd.yaml': templated('d'),
      'broken.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: x]\n',
    });
    const { code, stderr } = netlint(['reach', '.'], root);
    expect(code).toBe(0);
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      'netlint reach: skipped 4 unrendered Helm templates (a.yaml, b.yaml, c.yaml and 1 more); render them first: `helm template <release> <chart> | netlint reach -`',
      'netlint reach: broken.yaml:3:19: missed comma between flow collection entries (yaml-syntax); that part of the input is skipped',
    ]);
  });
});
