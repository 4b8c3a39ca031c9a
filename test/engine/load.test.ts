/** Loading inputs: a directory that cannot be read is one problem, not the end of the run. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
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

const { loadInputs, relativeByDirectory } = await import('../../src/engine/load.js');

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

describe('files a directory walk finds', () => {
  // A walked file is read without asking its size first; these are the edges of that read.
  const walkedFile = (name: string, text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-walk-'));
    writeFileSync(join(dir, name), text);
    return dir;
  };
  it('reads a file larger than the reusable buffer whole', () => {
    const body = `# ${'x'.repeat(3 * 1024 * 1024)}\nkind: ConfigMap\napiVersion: v1\n`;
    const dir = walkedFile('big.yaml', body);
    const { files, problems } = loadInputs([dir], { cwd: dir });
    expect(problems).toEqual([]);
    expect(files[0]?.text).toBe(body);
  });
  it('reports a large file over the limit with its size and does not keep its text', () => {
    const dir = walkedFile('huge.yaml', 'a'.repeat(2 * 1024 * 1024 + 5));
    const { files } = loadInputs([dir], { cwd: dir, maxFileBytes: 1024 * 1024 });
    expect(files[0]?.unreadable).toEqual({ type: 'size', bytes: 2 * 1024 * 1024 + 5, limit: 1024 * 1024 });
    expect(files[0]?.text).toBe('');
  });
  it('reports a small file over a smaller limit with its size', () => {
    const dir = walkedFile('small.yaml', 'kind: ConfigMap\napiVersion: v1\n');
    const { files } = loadInputs([dir], { cwd: dir, maxFileBytes: 10 });
    expect(files[0]?.unreadable).toEqual({ type: 'size', bytes: 31, limit: 10 });
  });
  it('reads a file of exactly the limit', () => {
    const dir = walkedFile('exact.yaml', 'kind: ConfigMap\napiVersion: v1\n');
    const { files } = loadInputs([dir], { cwd: dir, maxFileBytes: 31 });
    expect(files[0]?.unreadable).toBeUndefined();
    expect(files[0]?.text).toHaveLength(31);
  });
  it('keeps a byte-order mark out of the text and finds the first byte that is not UTF-8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-walk-'));
    writeFileSync(join(dir, 'bom.yaml'), Buffer.from('\uFEFFkind: ConfigMap\n', 'utf8'));
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.from([0x6b, 0x3a, 0x20, 0xe9, 0x0a]));
    const { files } = loadInputs([dir], { cwd: dir });
    expect(files.map((f) => [f.path, f.text, f.unreadable])).toEqual([
      ['bom.yaml', 'kind: ConfigMap\n', undefined],
      ['latin1.yaml', 'k: \uFFFD\n', { type: 'encoding', offset: 3, byte: 0xe9, utf16: false }],
    ]);
  });
});

describe('relativeByDirectory', () => {
  it('gives what path.relative gives, for files and directories, near and far', () => {
    const parts = ['a', 'b', '..x', 'x.yaml', 'deep', 'work', 'tmp'];
    const paths: string[] = ['/'];
    for (const first of parts) {
      paths.push(`/${first}`);
      for (const second of parts) {
        paths.push(`/${first}/${second}`);
        for (const third of parts.slice(0, 3)) paths.push(`/${first}/${second}/${third}`);
      }
    }
    const relativeOf = relativeByDirectory();
    const wrong: string[] = [];
    for (const from of paths.filter((_, i) => i % 7 === 0)) {
      for (const to of paths) {
        // Twice: the second answer comes from the remembered directory.
        for (let round = 0; round < 2; round++) if (relativeOf(from, to) !== relative(from, to)) wrong.push(`${from} -> ${to}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(paths.length).toBeGreaterThan(200);
  });
});
