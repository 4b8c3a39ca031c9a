/** ANSI styling that is a no-op when colour is off, so reporters never branch on it. */
export interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function palette(enabled: boolean): Palette {
  if (!enabled) {
    const plain = (text: string) => text;
    return { red: plain, yellow: plain, green: plain, dim: plain, bold: plain, underline: plain };
  }
  return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), dim: wrap(2, 22), bold: wrap(1, 22), underline: wrap(4, 24) };
}

/**
 * Colour decision for one stream, in the order users expect: explicit flag, FORCE_COLOR,
 * NO_COLOR (present and non-empty), TERM=dumb, then whether the stream is a terminal.
 */
export function shouldUseColor(
  stream: { isTTY?: boolean },
  flag: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force === 'false');
  if (env.NO_COLOR) return false;
  if (env.NODE_DISABLE_COLORS) return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
