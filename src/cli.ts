#!/usr/bin/env node
/** The `netlint` executable: binds the command to this process. */
import { readFileSync } from 'node:fs';
import { run } from './command.js';

// Writing into a closed pipe (`netlint … | head`) ends quietly instead of with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw error;
});

process.exitCode = run({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdinIsTTY: process.stdin.isTTY === true,
  stdoutIsTTY: process.stdout.isTTY === true,
  readStdin: () => readFileSync(0, 'utf8'),
  writeStdout: (text) => process.stdout.write(text),
  writeStderr: (text) => process.stderr.write(text),
});
