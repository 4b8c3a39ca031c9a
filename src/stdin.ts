/**
 * Reading standard input (and named pipes, for load.ts) to its end. `readFileSync(0)` fails with
 * EAGAIN when fd 0 is a terminal (or a pipe) in non-blocking mode, which Node sets once anything
 * touches `process.stdin`; a person typing at a terminal is simply not done yet. So read in a loop
 * and wait briefly when no input is ready, until end of file (Ctrl-D on a terminal).
 */
import { readSync } from 'node:fs';

type Read = (fd: number, buffer: Buffer, offset: number, length: number, position: null) => number;

const idle = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for a few milliseconds: the CLI is synchronous, and nothing else is running. */
function pause(milliseconds: number): void {
  Atomics.wait(idle, 0, 0, milliseconds);
}

/**
 * Standard input's bytes, so that input which is not UTF-8 can be reported rather than mangled;
 * at most `maxBytes` of them (`cat /dev/zero | netlint -` must not read for ever).
 */
export function readAllBytes(fd: number, maxBytes = Infinity, read: Read = readSync, wait: (ms: number) => void = pause): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < maxBytes) {
    const buffer = Buffer.alloc(Math.min(1 << 16, maxBytes - total));
    let count: number;
    try {
      count = read(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
        wait(20);
        continue;
      }
      // A closed or absent standard input (EOF on Windows pipes) is an empty input.
      if (code === 'EOF') break;
      throw error;
    }
    if (count === 0) break;
    chunks.push(buffer.subarray(0, count));
    total += count;
  }
  return Buffer.concat(chunks);
}
