/** Loading inputs: a directory that cannot be read is one problem, not the end of the run. */
import { execFileSync, spawn } from 'node:child_process';
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

describe('a named pipe', () => {
  // `netlint <(helm template …)`: a pipe has no size beforehand, so it is read up to the limit and no further.
  const pipeWith = (bytes: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-fifo-'));
    const fifo = join(dir, 'rendered.yaml');
    execFileSync('mkfifo', [fifo]);
    // The writer blocks until netlint opens the pipe; it is killed by SIGPIPE if netlint stops reading.
    const writer = spawn('sh', ['-c', `head -c ${bytes} /dev/zero | tr '\\0' a > '${fifo}'`], { stdio: 'ignore' });
    return { dir, fifo, writer };
  };
  it.skipIf(process.platform === 'win32')('is read whole when under the size limit', () => {
    const { dir, writer } = pipeWith(500);
    const { files, problems } = loadInputs(['rendered.yaml'], { cwd: dir, maxFileBytes: 1000 });
    writer.kill();
    expect(problems).toEqual([]);
    expect(files[0]?.text).toHaveLength(500);
    expect(files[0]?.unreadable).toBeUndefined();
  });
  it.skipIf(process.platform === 'win32')('is cut off past the size limit and reported, not read to the end', () => {
    const { dir, writer } = pipeWith(5_000_000);
    const { files } = loadInputs(['rendered.yaml'], { cwd: dir, maxFileBytes: 1000 });
    writer.kill();
    // Its size is not known: reading stopped one byte past the limit.
    expect(files[0]?.unreadable).toEqual({ type: 'size', bytes: undefined, limit: 1000 });
    expect(files[0]?.text).toBe('');
  });
  it.skipIf(process.platform === 'win32')('over the limit, is reported without a size it cannot know', async () => {
    const { dir, writer } = pipeWith(5_000_000);
    const { files } = loadInputs(['rendered.yaml'], { cwd: dir, maxFileBytes: 1000 });
    writer.kill();
    const { parseFile } = await import('../../src/engine/parse.js');
    const [finding] = parseFile(files[0]!).findings;
    expect(finding?.messageId).toBe('fileSize');
    expect(finding?.data).toEqual({ input: 'input (a pipe or standard input)', limit: '1000 B' });
  });
});
