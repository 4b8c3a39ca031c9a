/**
 * The command line, independent of the process: `netlint [paths…]` lints, `netlint reach …`
 * analyses reachability. Returns the exit code.
 */
import type { Io } from './commands/inputs.js';
import { runLint } from './commands/lint.js';
import { runReach } from './commands/reach.js';

export type { Io };

export function run(io: Io): number {
  return io.argv[0] === 'reach' ? runReach(io, io.argv.slice(1)) : runLint(io, io.argv);
}
