/**
 * The old side of `netlint diff --base <ref>`: the same paths as committed at a git revision,
 * read with `git ls-tree` and `git show` (no checkout, no network, the working tree untouched).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { manifestExtension } from '../engine/load.js';
import { createSourceFile, decodeText, type SourceFile } from '../engine/source.js';

/** A revision or path git cannot give; the message says which. */
export class GitError extends Error {}

function git(cwd: string, args: readonly string[]): Buffer {
  try {
    // stdio: git's own complaints are replaced by ours; GIT_TERMINAL_PROMPT: never wait for a password.
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8').trim();
    const code = (error as NodeJS.ErrnoException).code;
    throw new GitError(code === 'ENOENT' ? 'git is not installed (needed for --base)' : stderr || `git ${args[0]} failed`);
  }
}

/** The commit a revision names, or a GitError saying it names none. */
function resolveRevision(cwd: string, ref: string): string {
  try {
    return git(cwd, ['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`]).toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.message)) throw new GitError(`--base needs a git repository; ${error.message}`);
    throw new GitError(`--base ${ref}: not a commit in this repository`);
  }
}

/** What a directory walk on disk would read: manifest extensions, no dot folders or node_modules. */
function walkedAsManifest(name: string): boolean {
  return manifestExtension.test(name) && !name.split('/').some((part) => part.startsWith('.') || part === 'node_modules');
}

/**
 * The manifest files under each path at the revision (paths relative to `cwd`, as the working
 * tree side reads them). A path that did not exist then contributes nothing: its files are new.
 * `ignored` drops what the config ignores, by the path the file has (or had) in the working tree.
 */
export function readGitSide(cwd: string, ref: string, paths: readonly string[], options: { maxFileBytes: number; ignored: (absolutePath: string) => boolean }): SourceFile[] {
  const commit = resolveRevision(cwd, ref);
  const names = new Set<string>();
  for (const path of paths) {
    const listed = git(cwd, ['ls-tree', '-r', '-z', '--name-only', commit, '--', path]).toString('utf8').split('\0').filter((n) => n !== '');
    // A file named exactly is read whatever its extension, as on disk; in a directory, manifests only.
    for (const name of listed) if (name === path.replace(/^\.\//, '') || walkedAsManifest(name)) names.add(name);
  }
  return [...names].filter((name) => !options.ignored(resolve(cwd, name))).sort().map((name) => {
    const bytes = git(cwd, ['cat-file', 'blob', `${commit}:./${name}`]);
    const shown = `${ref}:${name}`;
    if (bytes.length > options.maxFileBytes) return createSourceFile(shown, undefined, '', undefined, { type: 'size', bytes: bytes.length, limit: options.maxFileBytes });
    const { text, unreadable } = decodeText(bytes);
    return createSourceFile(shown, undefined, text, undefined, unreadable);
  });
}
