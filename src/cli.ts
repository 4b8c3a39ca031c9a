#!/usr/bin/env node
/** The `netlint` executable: binds the command to this process. */
import { isatty } from 'node:tty';
import { run } from './command.js';
import { readAllBytes } from './stdin.js';

// Writing into a closed pipe (`netlint … | head`) ends quietly instead of with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw error;
});

process.exitCode = run({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  // isatty, not process.stdin.isTTY: creating process.stdin switches fd 0 to non-blocking mode.
  stdinIsTTY: isatty(0),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  readStdin: (maxBytes) => readAllBytes(0, maxBytes),
  writeStdout: (text) => process.stdout.write(text),
  writeStdoutBytes: (bytes) => process.stdout.write(bytes),
  writeStderr: (text) => process.stderr.write(text),
});
