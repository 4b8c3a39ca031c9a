/** Output formats of `netlint diff`: text, markdown, json and np-guard's diff text. */
import { closed, opened, type AdmittingRule, type ChangeKind, type ExposingObject, type PairChange, type ReachDiff } from '../../engine/reach/diff.js';
import type { Peer } from '../../engine/reach/peers.js';
import { palette, type Palette } from '../colors.js';
import { printable } from '../printable.js';
import { peerJson } from './flows.js';

export type DiffFormatter = (diff: ReachDiff, options: { color: boolean }) => string;

/** The order a reader wants: what the change opens first, then what it changes, then what it closes. */
const sections: readonly { kind: ChangeKind; title: string }[] = [
  { kind: 'added', title: 'Newly allowed' },
  { kind: 'changed', title: 'Changed' },
  { kind: 'removed', title: 'No longer allowed' },
];

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Whether the change allows some connection that was not allowed before. */
export function opensConnections(diff: ReachDiff): boolean {
  return diff.changes.some((c) => !opened(c).isEmpty());
}

/** One line saying what changed, shared by text and markdown. */
function verdict(diff: ReachDiff): string {
  if (diff.changes.length === 0) return 'No change in allowed connections.';
  const count = (kind: ChangeKind) => diff.changes.filter((c) => c.kind === kind).length;
  const widened = diff.changes.filter((c) => c.kind === 'changed' && !opened(c).isEmpty()).length;
  const parts = [
    `${plural(count('added'), 'pair')} newly allowed`,
    `${count('changed')} changed${widened > 0 ? ` (${widened} allowing more)` : ''}`,
    `${count('removed')} no longer allowed`,
  ];
  return `${parts.join(', ')}.`;
}

function workloadsLine(diff: ReachDiff): string | undefined {
  const parts = [
    ...(diff.addedWorkloads.length > 0 ? [`added ${diff.addedWorkloads.map((w) => printable(w.key)).join(', ')}`] : []),
    ...(diff.removedWorkloads.length > 0 ? [`removed ${diff.removedWorkloads.map((w) => printable(w.key)).join(', ')}`] : []),
  ];
  return parts.length === 0 ? undefined : `Workloads: ${parts.join('; ')}.`;
}

/** `(new workload x)` / `(workload x removed)` after a line, when the pair's workloads exist on one side only. */
function oneSidedNote(change: PairChange): string {
  if (change.oneSided.length === 0) return '';
  const names = change.oneSided.map((w) => printable(w.key)).join(' and ');
  return change.kind === 'added' ? `  (new: ${names})` : `  (gone: ${names})`;
}

/** `NetworkPolicy shop/db ingress rule 2 (new/policies.yaml:31:5)`. */
function ruleText(rule: AdmittingRule): string {
  return `${printable(rule.policy.displayName)} ${rule.direction === 'Ingress' ? 'ingress' : 'egress'} rule ${rule.index + 1} (${printable(rule.at)})`;
}

/** `Ingress shop/web (new/ingress.yaml:12:9)`. */
function exposingText(object: ExposingObject): string {
  return `${object.kind} ${printable(`${object.namespace}/${object.name}`)} (${printable(object.at)})`;
}

function changeText(change: PairChange, colors: Palette): string {
  if (change.kind === 'added') return colors.yellow(change.after.toString());
  if (change.kind === 'removed') return change.before.toString();
  const more = opened(change);
  const less = closed(change);
  const detail = [...(more.isEmpty() ? [] : [colors.yellow(`opens ${more.toString()}`)]), ...(less.isEmpty() ? [] : [`closes ${less.toString()}`])];
  return `${change.before.toString()} -> ${change.after.toString()}  (${detail.join('; ')})`;
}

/** Readable: grouped by kind of change, newly allowed first. */
export const text: DiffFormatter = (diff, options) => {
  const colors = palette(options.color);
  const lines: string[] = [];
  const marks: Record<ChangeKind, string> = { added: colors.yellow('+'), changed: '~', removed: colors.green('-') };
  for (const { kind, title } of sections) {
    const changes = diff.changes.filter((c) => c.kind === kind);
    if (changes.length === 0) continue;
    const width = Math.max(...changes.map((c) => `${printable(c.from.key)} -> ${printable(c.to.key)}`.length));
    lines.push(colors.bold(`${title} (${plural(changes.length, 'pair')}):`));
    for (const c of changes) {
      const pair = `${printable(c.from.key)} -> ${printable(c.to.key)}`.padEnd(width);
      lines.push(`  ${marks[kind]} ${pair}  ${changeText(c, colors)}${oneSidedNote(c)}`);
      for (const object of c.exposedBy ?? []) lines.push(colors.dim(`      exposed by ${exposingText(object)}`));
      for (const rule of c.admittedBy ?? []) lines.push(colors.dim(`      admitted by ${ruleText(rule)}`));
    }
    lines.push('');
  }
  const workloads = workloadsLine(diff);
  if (workloads) lines.push(workloads);
  lines.push(verdict(diff));
  return `${lines.join('\n')}\n`;
};

/** A table cell: inline code, with the characters that would end the cell or the code escaped. */
function cell(value: string): string {
  return `\`${printable(value).replace(/\|/g, '\\|').replace(/`/g, "'")}\``;
}

/** The admitting rules of a change, one per line of the cell. */
function rulesCell(change: PairChange): string {
  const lines = [...(change.exposedBy ?? []).map((o) => `exposed by ${exposingText(o)}`), ...(change.admittedBy ?? []).map(ruleText)];
  return lines.map((line) => line.replace(/\|/g, '\\|')).join('<br>');
}

/** A pull-request comment: the verdict, then one GitHub table per kind of change. */
export const markdown: DiffFormatter = (diff) => {
  const lines = [`**Reachability:** ${verdict(diff)}`];
  const workloads = workloadsLine(diff);
  if (workloads) lines.push('', workloads.replace(/^Workloads:/, '**Workloads:**'));
  for (const { kind, title } of sections) {
    const changes = diff.changes.filter((c) => c.kind === kind);
    if (changes.length === 0) continue;
    lines.push('', `### ${title} (${changes.length})`, '');
    if (kind === 'changed') {
      lines.push('| Source | Destination | Before | After | Opens | Closes | Admitted by |', '|---|---|---|---|---|---|---|');
      for (const c of changes) {
        const [more, less] = [opened(c), closed(c)].map((set) => (set.isEmpty() ? '' : set.toString()));
        lines.push(`| ${cell(c.from.key)} | ${cell(c.to.key)} | ${c.before.toString()} | ${c.after.toString()} | ${more} | ${less} | ${rulesCell(c)} |`);
      }
    } else {
      const admitted = kind === 'added' ? ' Admitted by |' : '';
      lines.push(`| Source | Destination | Connections | Note |${admitted}`, `|---|---|---|---|${admitted ? '---|' : ''}`);
      for (const c of changes) {
        const connections = (kind === 'added' ? c.after : c.before).toString();
        const rules = admitted ? ` ${rulesCell(c)} |` : '';
        lines.push(`| ${cell(c.from.key)} | ${cell(c.to.key)} | ${connections} | ${oneSidedNote(c).trim().replace(/^\((.*)\)$/, '$1')} |${rules}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
};

function ruleJson(rule: AdmittingRule) {
  return {
    // A cluster-wide policy has no namespace: its kind says which one it is.
    policy: rule.policy.namespace === undefined ? { kind: rule.policy.kind, name: rule.policy.name } : { namespace: rule.policy.namespace, name: rule.policy.name },
    direction: rule.direction === 'Ingress' ? 'ingress' : 'egress',
    rule: rule.index + 1,
    at: rule.at,
  };
}

/** The machine-readable form; see schemas/netlint-diff.schema.json. */
export const json: DiffFormatter = (diff) => {
  const count = (kind: ChangeKind) => diff.changes.filter((c) => c.kind === kind).length;
  const object = {
    summary: { added: count('added'), changed: count('changed'), removed: count('removed'), opensConnections: opensConnections(diff) },
    workloads: { added: diff.addedWorkloads.map(peerJson), removed: diff.removedWorkloads.map(peerJson) },
    changes: diff.changes.map((c) => ({
      change: c.kind,
      from: peerJson(c.from),
      to: peerJson(c.to),
      before: c.before.isEmpty() ? null : c.before.toJSON(),
      after: c.after.isEmpty() ? null : c.after.toJSON(),
      opened: opened(c).isEmpty() ? null : opened(c).toJSON(),
      closed: closed(c).isEmpty() ? null : closed(c).toJSON(),
      ...(c.oneSided.length > 0 ? { oneSided: c.oneSided.map(peerJson) } : {}),
      ...(c.admittedBy ? { admittedBy: c.admittedBy.map(ruleJson) } : {}),
      ...(c.exposedBy ? { exposedBy: c.exposedBy } : {}),
    })),
  };
  return `${JSON.stringify(object, null, 2)}\n`;
};

function npguardLine(change: PairChange): string {
  const peer = (p: Peer) => printable(p.key);
  const line = `diff-type: ${change.kind}, source: ${peer(change.from)}, destination: ${peer(change.to)}, ref1: ${change.before.toString()}, ref2: ${change.after.toString()}`;
  if (change.oneSided.length === 0) return line;
  return `${line}, workloads-diff-info: workload ${change.oneSided.map(peer).join(' and ')} ${change.kind}`;
}

/**
 * np-guard netpol-analyzer's `diff` txt output, byte for byte: changed, added, removed, each
 * block sorted as strings, first for pairs of workloads and addresses, then again for the
 * ingress controller's; nothing at all when nothing changed.
 */
export const npguard: DiffFormatter = (diff) => {
  if (diff.changes.length === 0) return '';
  const lines = ['Connectivity diff:'];
  for (const fromController of [false, true]) {
    for (const kind of ['changed', 'added', 'removed'] as const) {
      const block = diff.changes.filter((c) => c.kind === kind && (c.from.type === 'ingress-controller') === fromController).map(npguardLine);
      lines.push(...block.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  }
  return `${lines.join('\n')}\n`;
};

export const diffFormatters: Readonly<Record<string, DiffFormatter>> = { text, markdown, json, npguard };
