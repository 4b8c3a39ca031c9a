/**
 * A progress line on standard error for long runs: files read, documents, and the phase. Runs are
 * synchronous, so there is no timer: the engine reports each step, and the line is drawn only once
 * the run has taken longer than a couple of seconds, at most ten times a second, and erased before
 * the results are printed. Never in CI logs or when standard error is not a terminal.
 */
export type Phase = 'parsing' | 'building the model' | 'running rules' | 'locating findings' | 'analysing reachability';

export interface Progress {
  /** A step of the run: the phase it is in, and how far reading has come. */
  step(phase: Phase, counts?: { readonly files?: number; readonly documents?: number }): void;
  /** The run is over: erase the line, if one was drawn. */
  done(): void;
}

export const noProgress: Progress = { step() {}, done() {} };

/** Whether a progress line may be shown at all: stderr is a terminal and this is not CI. */
export function showsProgress(stderrIsTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI;
  return stderrIsTTY && (ci === undefined || ci === '' || ci === '0' || ci.toLowerCase() === 'false');
}

/** Erase the current line (carriage return, then clear the whole line). */
const clearLine = '\r\x1b[2K';

export interface ProgressClock {
  /** Milliseconds, from any origin. */
  now(): number;
}

export function terminalProgress(
  write: (text: string) => void,
  clock: ProgressClock = performance,
  { delayMs = 2000, intervalMs = 100 }: { delayMs?: number; intervalMs?: number } = {},
): Progress {
  const start = clock.now();
  let lastDrawn: number | undefined;
  let files = 0;
  let documents = 0;
  return {
    step(phase, counts) {
      files = counts?.files ?? files;
      documents = counts?.documents ?? documents;
      const now = clock.now();
      if (now - start < delayMs || (lastDrawn !== undefined && now - lastDrawn < intervalMs)) return;
      lastDrawn = now;
      write(`${clearLine}netlint: ${phase} · ${files.toLocaleString('en-US')} files read · ${documents.toLocaleString('en-US')} documents`);
    },
    done() {
      if (lastDrawn !== undefined) write(clearLine);
      lastDrawn = undefined;
    },
  };
}
