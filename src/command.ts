/**
 * The command line, independent of the process: `netlint [paths…]` lints, `netlint reach …`
 * analyses reachability, `netlint diff …` compares it between two versions, `netlint rules`
 * and `netlint explain <rule-id>` describe the rules,
 * `netlint init` writes starter files. Returns the exit code. (A directory named like a command is
 * linted as `netlint ./reach`.)
 */
import type { Io } from './commands/inputs.js';
import { runDiff } from './commands/diff.js';
import { runInit } from './commands/init.js';
import { runLint } from './commands/lint.js';
import { runReach } from './commands/reach.js';
import { runExplain, runRulesList } from './commands/rules.js';

export type { Io };

const commands: Readonly<Record<string, (io: Io, argv: readonly string[]) => number>> = {
  reach: runReach,
  diff: runDiff,
  rules: runRulesList,
  explain: runExplain,
  init: runInit,
};

export function run(io: Io): number {
  const command = io.argv[0] === undefined ? undefined : commands[io.argv[0]];
  return command ? command(io, io.argv.slice(1)) : runLint(io, io.argv);
}
