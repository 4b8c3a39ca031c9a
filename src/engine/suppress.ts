/**
 * Suppress: findings a team has decided to live with, written down where the reader sees them.
 *
 * - Per object: the annotation `netlint.io/ignore: "<rule-id>,…"` or `"all"`, with an optional
 *   `netlint.io/ignore-reason`. Annotations survive Helm and Kustomize, so they also work on
 *   rendered input.
 * - Per line: `# netlint-disable-next-line <rule-id>, … [-- reason]` silences findings that start
 *   on the next line that is neither blank nor a comment.
 * - Per file: `# netlint-disable-file <rule-id>, … [-- reason]`.
 *
 * Without rule ids a comment silences every rule, as in ESLint. An unknown rule id is itself a
 * finding, at the spot it is written, and so (with --report-unused-suppressions) is a
 * suppression that silenced nothing.
 */
import type { Finding, FileLocation, NodeRef, Suppression } from './finding.js';
import { isNodeRef, listItemIndex } from './finding.js';
import type { KubeObject } from './model/types.js';
import type { ParsedDocument } from './parse.js';
import { diagnosticFinding, unknownSuppressionRule, unusedSuppression } from './diagnostics.js';
import { closestName } from './util.js';
import { offsetOfLine, rangeOf, type SourceFile } from './source.js';

export const ignoreAnnotation = 'netlint.io/ignore';
export const ignoreReasonAnnotation = 'netlint.io/ignore-reason';

type RuleSelection = 'all' | ReadonlySet<string>;

interface Directive {
  readonly scope: 'object' | 'next-line' | 'file';
  readonly rules: RuleSelection;
  readonly reason: string | undefined;
  /** Where the suppression is written, for findings about the suppression itself. */
  readonly at: NodeRef | FileLocation;
  /** How many findings it silenced. */
  silenced: number;
}

/** A rule id written in a suppression, with where it stands. */
interface WrittenRule {
  readonly id: string;
  readonly at: NodeRef | FileLocation;
}

function covers(rules: RuleSelection, ruleId: string): boolean {
  return rules === 'all' || rules.has(ruleId);
}

function describeRules(rules: RuleSelection): string {
  return rules === 'all' ? 'all rules' : [...rules].join(', ');
}

/** `a, b c -- why`: the rule ids (none means all) and the reason, up to a second comment. */
function parseRuleList(written: string): { ids: { id: string; offset: number }[]; reason: string | undefined } {
  // A second comment on the line (`… # TODO`) is not part of the directive.
  const secondComment = written.search(/\s#(\s|$)/);
  const text = secondComment === -1 ? written : written.slice(0, secondComment);
  const separator = text.search(/(^|\s)--(\s|$)/);
  const list = separator === -1 ? text : text.slice(0, separator);
  const reason = separator === -1 ? undefined : text.slice(separator).replace(/^\s*--\s*/, '').trim() || undefined;
  const ids = [...list.matchAll(/[^\s,]+/g)].map((m) => ({ id: m[0], offset: m.index }));
  return { ids, reason };
}

/** `; did you mean selector-no-match?` for a misspelt rule id, or nothing when no id is close. */
function suggestion(id: string, known: ReadonlySet<string>): string {
  const best = closestName(id, [...known]);
  return best ? `; did you mean ${best}?` : '; correct it (docs/rules/README.md lists every rule id) or remove it';
}

const directiveLine = /^([ \t]*#[ \t]*)netlint-disable-(next-line|file)(?=\s|$)(.*)$/;

/** The line a next-line directive applies to: the next one that is neither blank nor a comment. */
function targetLine(lines: readonly string[], index: number): number | undefined {
  for (let next = index + 1; next < lines.length; next++) {
    if (!/^\s*(#.*)?$/.test(lines[next] as string)) return next + 1;
  }
  return undefined;
}

export class Suppressions {
  /** Findings about the suppressions themselves (unknown rule ids). */
  readonly problems: Finding[] = [];
  private readonly directives: Directive[] = [];
  private readonly byObject = new Map<KubeObject, Directive>();
  private readonly wholeFile = new Map<SourceFile, Directive[]>();
  private readonly byLine = new Map<SourceFile, Map<number, Directive[]>>();
  private readonly objectsByDocument = new Map<ParsedDocument, KubeObject[]>();
  private readonly known: ReadonlySet<string>;

  constructor(files: readonly SourceFile[], objects: readonly KubeObject[], knownRuleIds: ReadonlySet<string>) {
    this.known = knownRuleIds;
    for (const file of files) this.readComments(file);
    for (const object of objects) {
      const list = this.objectsByDocument.get(object.doc);
      if (list) list.push(object);
      else this.objectsByDocument.set(object.doc, [object]);
      this.readAnnotation(object);
    }
  }

  /** Keeps the known rule ids of a suppression; reports the others where they are written. */
  private selection(written: readonly WrittenRule[], where: string): RuleSelection | undefined {
    if (written.length === 0) return 'all';
    if (written.some((rule) => rule.id === 'all')) return 'all';
    const ids = new Set<string>();
    for (const rule of written) {
      if (this.known.has(rule.id)) ids.add(rule.id);
      else this.problems.push(diagnosticFinding(unknownSuppressionRule, 'unknownRule', { ruleId: rule.id, where, hint: suggestion(rule.id, this.known) }, rule.at));
    }
    return ids.size > 0 ? ids : undefined;
  }

  private add(directive: Directive): void {
    this.directives.push(directive);
  }

  private readComments(file: SourceFile): void {
    if (!file.text.includes('netlint-disable-')) return;
    const lines = file.text.split(/\r?\n/);
    lines.forEach((text, index) => {
      const match = directiveLine.exec(text);
      if (!match) return;
      const scope = match[2] === 'file' ? 'file' : 'next-line';
      const lineStart = offsetOfLine(file, index + 1);
      const listStart = lineStart + (match[1] as string).length + `netlint-disable-${match[2]}`.length;
      const { ids, reason } = parseRuleList(match[3] as string);
      const written = ids.map(({ id, offset }) => ({ id, at: { file, range: rangeOf(file, listStart + offset, listStart + offset + id.length) } }));
      const rules = this.selection(written, `netlint-disable-${match[2]}`);
      if (!rules) return;
      const at: FileLocation = { file, range: rangeOf(file, lineStart + text.indexOf('#'), lineStart + text.length) };
      const directive: Directive = { scope, rules, reason, at, silenced: 0 };
      this.add(directive);
      if (scope === 'file') {
        this.wholeFile.set(file, [...(this.wholeFile.get(file) ?? []), directive]);
        return;
      }
      const target = targetLine(lines, index);
      if (target === undefined) return;
      let lineMap = this.byLine.get(file);
      if (!lineMap) this.byLine.set(file, (lineMap = new Map()));
      lineMap.set(target, [...(lineMap.get(target) ?? []), directive]);
    });
  }

  private readAnnotation(object: KubeObject): void {
    const value = object.annotations[ignoreAnnotation];
    if (value === undefined) return;
    const at = object.at('metadata', 'annotations', ignoreAnnotation);
    // Positions inside the annotation's value are not tracked: unknown ids point at the value.
    const written = parseRuleList(value).ids.map(({ id }) => ({ id, at }));
    const rules = written.length === 0 ? undefined : this.selection(written, `annotation ${ignoreAnnotation}`);
    if (!rules) return;
    const directive: Directive = { scope: 'object', rules, reason: object.annotations[ignoreReasonAnnotation], at, silenced: 0 };
    this.add(directive);
    this.byObject.set(object, directive);
  }

  /** The object a finding's node belongs to: the document's object, or the List item it is in. */
  private objectAt(at: NodeRef): KubeObject | undefined {
    const candidates = this.objectsByDocument.get(at.doc);
    if (!candidates) return undefined;
    const item = listItemIndex(at.path);
    if (item !== undefined) return candidates.find((o) => listItemIndex(o.root) === item);
    return candidates.find((o) => o.root.length === 0);
  }

  /**
   * The suppression that silences the finding, which starts on `line` of `file`, if any; it is
   * counted as used.
   */
  silencing(found: Finding, file: SourceFile, line: number): Suppression | undefined {
    const candidates = [
      ...(isNodeRef(found.at) ? [this.objectAt(found.at)].flatMap((o) => (o ? [this.byObject.get(o)] : [])) : []),
      ...(this.byLine.get(file)?.get(line) ?? []),
      ...(this.wholeFile.get(file) ?? []),
    ];
    const directive = candidates.find((d) => d !== undefined && covers(d.rules, found.ruleId));
    if (!directive) return undefined;
    directive.silenced++;
    return { kind: directive.scope === 'object' ? 'annotation' : 'directive', justification: directive.reason ?? '' };
  }

  /**
   * Suppressions that silenced nothing although every rule they name ran (a suppression for a
   * rule left out with --only or turned off is not unused; one for all rules, only when all ran).
   */
  unused(ranRuleIds: ReadonlySet<string>, everyRuleRan: boolean): Finding[] {
    return this.directives
      .filter((d) => d.silenced === 0 && (d.rules === 'all' ? everyRuleRan : [...d.rules].every((id) => ranRuleIds.has(id))))
      .map((d) => {
        const where = d.scope === 'object' ? `annotation ${ignoreAnnotation}` : `netlint-disable-${d.scope}`;
        return diagnosticFinding(unusedSuppression, 'unused', { where, rules: describeRules(d.rules) }, d.at);
      });
  }
}
