/** Input handling shared by the commands: paths, standard input, and read problems. */
import { loadInputs, type LoadResult } from '../engine/load.js';
import type { ClusterModel } from '../engine/model/cluster.js';

export interface Io {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  readStdin(): string;
  writeStdout(text: string): void;
  writeStderr(text: string): void;
}

/**
 * Loads the command's inputs. With no paths it reads standard input when that is a pipe; on a
 * terminal it prints the usage and returns undefined (the caller exits 2). Read problems are
 * printed as `<command>: <input>: <problem>`, and the rest is still loaded.
 */
export function loadCommandInputs(
  io: Io,
  paths: readonly string[],
  options: { stdinFilename: string | undefined; usage: string; command: string },
): LoadResult | undefined {
  let inputs = paths;
  if (inputs.length === 0) {
    if (io.stdinIsTTY) {
      io.writeStderr(options.usage);
      return undefined;
    }
    inputs = ['-'];
  }
  const loaded = loadInputs(inputs, {
    cwd: io.cwd,
    stdin: io.readStdin,
    ...(options.stdinFilename ? { stdinFilename: options.stdinFilename } : {}),
  });
  for (const problem of loaded.problems) io.writeStderr(`${options.command}: ${problem.input}: ${problem.message}\n`);
  return loaded;
}

/** The one line that says where objects without a namespace went, when netlint chose it. */
export function inferredNamespaceNote(model: ClusterModel): string | undefined {
  const inferred = model.inferredNamespace;
  if (!inferred) return undefined;
  const objects = inferred.objects === 1 ? '1 object' : `${inferred.objects} objects`;
  return `note: ${objects} without metadata.namespace ${inferred.objects === 1 ? 'was' : 'were'} placed in namespace ${inferred.name}, ${inferred.reason}; pass -n to choose another\n`;
}
