/** Loading inputs: a directory that cannot be read is one problem, not the end of the run. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    // Root can read any directory, so a locked one is simulated: names ending in "locked" fail.
    readdirSync: ((path: fs.PathLike, options?: unknown) => {
      if (String(path).endsWith('locked')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return (real.readdirSync as (p: fs.PathLike, o?: unknown) => unknown)(path, options);
    }) as typeof real.readdirSync,
  };
});

const { loadInputs } = await import('../../src/engine/load.js');

describe('loadInputs', () => {
  it('reports an unreadable subdirectory and still loads the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-load-'));
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'a.yaml'), 'kind: ConfigMap\napiVersion: v1\n');
    writeFileSync(join(dir, 'locked', 'b.yaml'), 'kind: ConfigMap\napiVersion: v1\n');
    const result = loadInputs([dir], { cwd: dir });
    expect(result.files.map((f) => f.path)).toEqual(['a.yaml']);
    expect(result.problems).toEqual([{ input: 'locked', message: 'permission denied' }]);
  });
});
