/**
 * `netlint init`: writes a starter `.netlintrc.yaml` in the working directory, and with
 * `--pre-commit` / `--github` the pre-commit config and a GitHub workflow. An existing file is
 * never overwritten: it is left as it is, with a message (and, for the snippets, the text to merge
 * in by hand), and the other files are still written. Exit 0 when every file was written or
 * already there, 2 for a usage error or a file that could not be written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Io } from './inputs.js';
import { githubWorkflowTemplate, netlintrcTemplate, preCommitTemplate } from './init-templates.js';
import { version } from './lint.js';

export const initUsage = `Usage: netlint init [--pre-commit] [--github]

Write a starter .netlintrc.yaml in the current directory; existing files are never overwritten.

  --pre-commit   Also write .pre-commit-config.yaml with the netlint-all hook
  --github       Also write .github/workflows/netlint.yml running the netlint action
  -h, --help     Print this help
`;

interface Starter {
  readonly path: string;
  readonly text: string;
  /** Whether to print the text when the file exists, for the user to merge in by hand. */
  readonly showWhenPresent: boolean;
}

function starters(options: { preCommit: boolean; github: boolean }): Starter[] {
  const v = version();
  return [
    { path: '.netlintrc.yaml', text: netlintrcTemplate, showWhenPresent: false },
    ...(options.preCommit ? [{ path: '.pre-commit-config.yaml', text: preCommitTemplate(v), showWhenPresent: true }] : []),
    ...(options.github ? [{ path: '.github/workflows/netlint.yml', text: githubWorkflowTemplate(v), showWhenPresent: true }] : []),
  ];
}

/** Creates the file unless it exists ('wx': the check and the write are one step). */
function writeStarter(io: Io, starter: Starter): 'written' | 'present' | 'failed' {
  const target = join(io.cwd, starter.path);
  const failed = (error: unknown) => {
    io.writeStderr(`netlint init: cannot write ${starter.path}: ${(error as Error).message}\n`);
    return 'failed' as const;
  };
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (error) {
    return failed(error);
  }
  try {
    writeFileSync(target, starter.text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return failed(error);
    const merge = starter.showWhenPresent ? `; to add netlint, merge in:\n\n${starter.text}\n` : '\n';
    io.writeStdout(`netlint init: ${starter.path} already exists, left unchanged${merge}`);
    return 'present';
  }
  io.writeStdout(`netlint init: wrote ${starter.path}\n`);
  return 'written';
}

export function runInit(io: Io, argv: readonly string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'pre-commit': { type: 'boolean', default: false },
        github: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    io.writeStderr(`netlint init: ${(error as Error).message.replace(/\. To specify a positional.*$/s, '')}\nRun netlint init --help for usage.\n`);
    return 2;
  }
  if (values.help) {
    io.writeStdout(initUsage);
    return 0;
  }
  const outcomes = starters({ preCommit: values['pre-commit'], github: values.github }).map((s) => writeStarter(io, s));
  return outcomes.includes('failed') ? 2 : 0;
}
