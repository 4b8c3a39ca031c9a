/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every rule described from its metadata, results
 * with exact regions (columns in UTF-16 code units) and URIs relative to the repository root.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Fix, Log, Notification, ReportingDescriptor, Result, ToolComponent } from 'sarif';
import type { LintMessage, LocatedFix } from '../engine/finding.js';
import { describeOrigin, type Origin } from '../engine/origin.js';
import type { RuleMeta } from '../engine/rule.js';
import { packageInfo, ruleHelpUri } from '../package-info.js';
import { fingerprints } from './fingerprint.js';
import type { Reporter, ReporterContext } from './types.js';

/** GitHub code scanning rejects a run with more results than this. */
export const maxResultsPerRun = 25_000;

/** The category when `--sarif-category` is not given. */
const defaultCategory = 'netlint/';

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** SARIF wants messages that end with a period; ours are ESLint-style sentences without one. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function toolRule(rule: RuleMeta): ReportingDescriptor {
  const uri = ruleHelpUri(rule);
  return {
    id: rule.id,
    name: pascalCase(rule.id.replace('/', '-')),
    shortDescription: { text: sentence(rule.docs.summary) },
    fullDescription: { text: sentence(rule.docs.why) },
    help: {
      text: `${sentence(rule.docs.why)}${uri ? ` See ${uri}` : ''}`,
      markdown: `${rule.docs.why}\n\n${rule.docs.details ?? ''}${uri ? `\n\n[Rule documentation](${uri})` : ''}`.trim(),
    },
    ...(uri ? { helpUri: uri } : {}),
    defaultConfiguration: { level: rule.severity },
    properties: {
      tags: ['kubernetes', 'networking', rule.category],
      precision: 'high',
      'problem.severity': rule.severity,
    },
  };
}

/**
 * A URI for a file, relative to the source root. Files outside the root keep a `../` path:
 * code scanning cannot show them either way, and a relative reference stays valid SARIF.
 */
function artifactUri(filePath: string, context: ReporterContext): { uri: string; uriBaseId?: string } {
  if (filePath === '<stdin>') return { uri: 'stdin', uriBaseId: '%SRCROOT%' };
  const absolute = resolve(context.cwd, filePath);
  const rel = relative(context.sourceRoot, absolute);
  if (isAbsolute(rel)) return { uri: pathToFileURL(absolute).href }; // another drive: no relative form
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * The messages that fit in one run: all of them up to GitHub's limit; beyond it errors first,
 * then warnings, each in report order, and the rest left out.
 */
export function withinLimit<T extends { readonly severity: LintMessage['severity'] }>(messages: readonly T[], limit = maxResultsPerRun): { kept: T[]; dropped: number } {
  if (messages.length <= limit) return { kept: [...messages], dropped: 0 };
  const errors = messages.filter((m) => m.severity === 'error').length;
  let warningsLeft = Math.max(0, limit - errors);
  let errorsLeft = limit;
  const kept = messages.filter((m) => (m.severity === 'error' ? errorsLeft-- > 0 : warningsLeft-- > 0));
  return { kept, dropped: messages.length - kept.length };
}

/**
 * A fix as SARIF §3.55: one artifactChange per file, each edit a replacement of a region (empty
 * for an insertion, startColumn = endColumn) by the inserted text. Whether `--fix` applies it
 * rides in the property bag.
 */
function sarifFix(fix: LocatedFix, context: ReporterContext): Fix {
  const paths = [...new Set(fix.edits.map((edit) => edit.filePath))];
  return {
    description: { text: sentence(fix.description) },
    artifactChanges: paths.map((path) => ({
      artifactLocation: artifactUri(path, context),
      replacements: fix.edits
        .filter((edit) => edit.filePath === path)
        .map((edit) => ({
          deletedRegion: { startLine: edit.range.line, startColumn: edit.range.column, endLine: edit.range.endLine, endColumn: edit.range.endColumn },
          insertedContent: { text: edit.text },
        })),
    })),
    properties: { safe: fix.safe },
  };
}

/** GitHub reads everything before the last `/` of `automationDetails.id` as the category. */
function automationId(category: string | undefined): string {
  if (!category) return defaultCategory;
  return category.endsWith('/') ? category : `${category}/`;
}

function droppedNotice(total: number, dropped: number): string {
  const count = (n: number) => n.toLocaleString('en-US');
  return `netlint found ${count(total)} problems, more than the ${count(maxResultsPerRun)} GitHub code scanning accepts in one run: the SARIF report keeps ${count(maxResultsPerRun)} (errors first) and leaves out ${count(dropped)}.`;
}

/** The template's path as a repository file, when it is one: resolved from the working directory. */
function originInRepository(origin: Origin, context: ReporterContext): string | undefined {
  if (origin.repo !== undefined) return undefined;
  const absolute = resolve(context.cwd, origin.path);
  const rel = relative(context.sourceRoot, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || !existsSync(absolute)) return undefined;
  return origin.path;
}

/** SARIF embedded links use `[text](id)`; brackets in the text itself are escaped. */
function linkText(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/**
 * A finding in rendered input names its template at the end of the message. When the template is
 * a file of the repository, it is also a related location, linked from the message: code scanning
 * shows related locations only through such links.
 */
function withOrigin(found: Result, origin: Origin | undefined, context: ReporterContext): Result {
  if (!origin) return found;
  const text = found.message.text ?? '';
  const path = originInRepository(origin, context);
  if (path === undefined) return { ...found, message: { text: `${text} Rendered from ${describeOrigin(origin)}.` } };
  const id = found.relatedLocations?.length ?? 0;
  const kind = origin.source === 'helm' ? 'The Helm template' : 'The Kustomize resource';
  return {
    ...found,
    message: { text: `${text} Rendered from [${linkText(path)}](${id}).` },
    relatedLocations: [
      ...(found.relatedLocations ?? []),
      { id, physicalLocation: { artifactLocation: artifactUri(path, context) }, message: { text: `${kind} this was rendered from.` } },
    ],
  };
}

/**
 * Built-in rules go in `tool.driver`; each plugin is a `tool.extensions` component with its own
 * rules (SARIF's place for plug-ins), and its results point there with `rule.toolComponent`.
 */
function ruleComponents(rules: readonly RuleMeta[]): { driverRules: RuleMeta[]; extensions: { name: string; rules: RuleMeta[] }[] } {
  const driverRules = rules.filter((rule) => !rule.plugin);
  const extensions: { name: string; rules: RuleMeta[] }[] = [];
  for (const rule of rules) {
    if (!rule.plugin) continue;
    const name = rule.plugin.name;
    const component = extensions.find((e) => e.name === name) ?? extensions[extensions.push({ name, rules: [] }) - 1];
    component?.rules.push(rule);
  }
  return { driverRules, extensions };
}

/** How a result names its rule: `ruleIndex` into the driver's rules, or a reference into a plugin's component. */
function ruleReferences(components: ReturnType<typeof ruleComponents>): Map<string, Pick<Result, 'ruleIndex' | 'rule'>> {
  const references = new Map<string, Pick<Result, 'ruleIndex' | 'rule'>>(components.driverRules.map((rule, index) => [rule.id, { ruleIndex: index }]));
  components.extensions.forEach((component, componentIndex) =>
    component.rules.forEach((rule, index) => references.set(rule.id, { rule: { id: rule.id, index, toolComponent: { index: componentIndex } } })),
  );
  return references;
}

function extensionComponent(component: { name: string; rules: readonly RuleMeta[] }): ToolComponent {
  return { name: component.name, rules: component.rules.map(toolRule), properties: { netlintPlugin: component.rules[0]?.plugin?.file ?? '' } };
}

export const sarif: Reporter = (result, context) => {
  const components = ruleComponents(context.rules);
  const references = ruleReferences(components);
  const fingerprintOf = fingerprints(result, context);
  const all = result.files.flatMap((file) => file.messages.map((m) => ({ severity: m.severity, file, m })));
  const { kept, dropped } = withinLimit(all);
  const notifications: Notification[] = [];
  if (dropped > 0) {
    const notice = droppedNotice(all.length, dropped);
    context.warn?.(`netlint: ${notice}\n`);
    // Recorded in the log too, so whoever reads the SARIF alone knows it is incomplete.
    notifications.push({ level: 'warning', message: { text: notice } });
  }
  const results: Result[] = [];
  for (const { file, m } of kept) {
    const location = artifactUri(file.filePath, context);
    results.push(withOrigin({
      ruleId: m.ruleId,
      ...(references.get(m.ruleId) ?? { ruleIndex: -1 }),
      level: m.severity,
      message: { text: sentence(m.message) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: location,
            region: {
              startLine: m.range.line,
              startColumn: m.range.column,
              endLine: m.range.endLine,
              endColumn: m.range.endColumn,
            },
          },
        },
      ],
      ...(m.related.length > 0
        ? {
            relatedLocations: m.related.map((r, id) => ({
              id,
              physicalLocation: {
                artifactLocation: artifactUri(r.filePath, context),
                region: { startLine: r.range.line, startColumn: r.range.column, endLine: r.range.endLine, endColumn: r.range.endColumn },
              },
              message: { text: sentence(r.message) },
            })),
          }
        : {}),
      partialFingerprints: { 'netlintFinding/v2': fingerprintOf.get(m) ?? '' },
      ...(m.fix ? { fixes: [sarifFix(m.fix, context)] } : {}),
    }, m.origin, context));
  }
  const usesAbsoluteUris = results.some((r) =>
    [...(r.locations ?? []), ...(r.relatedLocations ?? [])].some((l) => l.physicalLocation?.artifactLocation?.uri?.startsWith('file:')),
  );
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'netlint',
            version: context.version,
            semanticVersion: context.version,
            informationUri: packageInfo().homepage,
            rules: components.driverRules.map(toolRule),
          },
          ...(components.extensions.length > 0 ? { extensions: components.extensions.map(extensionComponent) } : {}),
        },
        automationDetails: { id: automationId(context.sarifCategory) },
        invocations: [
          {
            executionSuccessful: true,
            exitCode: context.exitCode,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
            // Absolute file URIs (inputs outside the repository) are only shown with a working directory.
            ...(usesAbsoluteUris ? { workingDirectory: { uri: pathToFileURL(context.cwd + sep).href } } : {}),
          },
        ],
        // The root's absolute path is left out on purpose: it differs per machine and reveals it.
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root.' } } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
