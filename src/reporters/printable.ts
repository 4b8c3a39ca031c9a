/**
 * Text from manifests (names, labels, annotation values, YAML error excerpts) is printed for people
 * by the text formats. A terminal obeys control characters and escape sequences, so a label value
 * such as `"x\u001b[2K\rall good"` could erase a line of the report and write its own; bidirectional
 * overrides reorder what is shown (CVE-2021-42574, "Trojan Source"). Every text output passes what it
 * prints through `printable`; the machine formats (JSON, SARIF, JUnit, GitLab) keep the exact text.
 */

/**
 * C0 controls (tab and line breaks included: each row of a report is one line), DEL, C1 controls,
 * the Unicode line and paragraph separators, and the bidirectional embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069).
 */
const unprintable = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same class without the global flag, whose `test` keeps no state between calls. */
const hasUnprintable = new RegExp(unprintable.source);

const shortEscapes: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeCharacter(character: string): string {
  const short = shortEscapes[character];
  if (short !== undefined) return short;
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every control character and bidi control shown as an escape (`\x1b`, `\r`, `\u202e`). */
export function printable(text: string): string {
  // Most text has nothing to escape: test first, so that large listings do not allocate per row.
  if (!hasUnprintable.test(text)) return text;
  return text.replace(unprintable, escapeCharacter);
}
