/** The CLI run in-process, as the executable runs it, with its output captured. */
import { run } from '../../src/command.js';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `netlint <args>` in `cwd`; `stdin` given means standard input is a pipe holding it. */
export function runNetlint(args: readonly string[], options: { cwd: string; stdin?: string }): RunResult {
  let stdout = '';
  let stderr = '';
  const code = run({
    argv: [...args],
    cwd: options.cwd,
    env: {},
    stdinIsTTY: options.stdin === undefined,
    stdoutIsTTY: false,
    readStdin: () => options.stdin ?? '',
    writeStdout: (text) => {
      stdout += text;
    },
    writeStderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}
