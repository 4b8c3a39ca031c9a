/**
 * The command line, independent of the process: `netlint [paths…]` lints, `netlint reach …`
 * analyses reachability, `netlint init` writes starter files. Returns the exit code.
 */
import type { Io } from './commands/inputs.js';
import { runInit } from './commands/init.js';
import { runLint } from './commands/lint.js';
import { runReach } from './commands/reach.js';

export type { Io };

export function run(io: Io): number {
  if (io.argv[0] === 'reach') return runReach(io, io.argv.slice(1));
  if (io.argv[0] === 'init') return runInit(io, io.argv.slice(1));
  return runLint(io, io.argv);
}
