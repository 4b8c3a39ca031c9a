/**
 * `# expect:` markers: fixture files say in comments which findings they must produce.
 *
 * - `# expect: <rule-id>[/<messageId>][@<column>] …` at the end of a line: findings that start on
 *   that line (at that 1-based column, when given).
 * - `# expect-next: …` on a comment-only line: the same, for the next line that is neither blank
 *   nor a comment.
 *
 * Several markers may share a line, separated by spaces or commas. A plugin rule's id has a slash
 * of its own (`acme/port-names/unnamed@9`): the message id is what follows the last slash, unless
 * the whole token is a rule id the caller knows.
 */

export interface Expectation {
  /** 1-based line the finding starts on. */
  readonly line: number;
  /** 1-based column it starts at, when the marker gives one (`@12`). */
  readonly column: number | undefined;
  readonly ruleId: string;
  readonly messageId: string | undefined;
}

const marker = /#\s*expect(-next)?:\s*(.+?)\s*$/;
const blankOrComment = /^\s*(#.*)?$/;

/** One marker token: `rule`, `rule/messageId`, either with `@column`. */
export function parseMarkerToken(token: string, knownRuleIds?: ReadonlySet<string>): Omit<Expectation, 'line'> {
  const at = /^(.*)@(\d+)$/.exec(token);
  const written = at ? (at[1] as string) : token;
  const column = at ? Number(at[2]) : undefined;
  const slash = written.lastIndexOf('/');
  if (slash === -1 || knownRuleIds?.has(written)) return { ruleId: written, messageId: undefined, column };
  return { ruleId: written.slice(0, slash), messageId: written.slice(slash + 1), column };
}

/** Every expectation the markers of a file's text state, in line order. */
export function expectationsInText(text: string, knownRuleIds?: ReadonlySet<string>): Expectation[] {
  const lines = text.split(/\r?\n/);
  const found: Expectation[] = [];
  lines.forEach((content, index) => {
    const match = marker.exec(content);
    if (!match) return;
    let line = index + 1;
    if (match[1]) {
      let next = index + 1;
      while (next < lines.length && blankOrComment.test(lines[next] as string)) next++;
      line = next + 1;
    }
    for (const token of (match[2] as string).split(/[\s,]+/).filter(Boolean)) found.push({ line, ...parseMarkerToken(token, knownRuleIds) });
  });
  return found;
}
