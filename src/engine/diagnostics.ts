/**
 * Findings the engine itself produces while reading input. They have ids and docs like rules so
 * that every reporter, suppression and SARIF consumer treats them the same way.
 */
import type { FileLocation, Finding, NodeRef } from './finding.js';
import { formatMessage, type RuleMeta } from './message.js';

export const yamlSyntax: RuleMeta<'syntax' | 'json'> = {
  id: 'yaml-syntax',
  severity: 'error',
  category: 'input',
  kinds: [],
  docs: {
    summary: 'A document is not valid YAML (or JSON) and cannot be read',
    why: 'kubectl and Helm refuse the whole file, and netlint cannot check what it cannot read. The other documents of the same file and all other files are still linted.',
    details:
      'Duplicate mapping keys are syntax errors too: Kubernetes rejects them under strict field validation, and otherwise the later value silently replaces the earlier; the message names the key. A document that does not parse is missing from the model, so rules that would say a selector matches nothing say nothing about its namespace until it parses. Only the first error of each document is reported, because later ones are usually consequences of it.',
  },
  messages: {
    syntax: '{{reason}}',
    json: 'invalid JSON: {{reason}}',
  },
};

export const inputLimit: RuleMeta<'fileSize' | 'documents' | 'aliases'> = {
  id: 'input-limit',
  severity: 'error',
  category: 'input',
  kinds: [],
  docs: {
    summary: 'A file or document is larger than netlint reads (limits in .netlintrc.yaml)',
    why: 'Generated or hostile input can cost unbounded time and memory: a file of gigabytes, a million tiny documents, or an alias bomb, where under a kilobyte of YAML expands to a billion nodes. netlint skips what is over a limit and says so, so one such file never stalls a CI run; all other files are still linted. Like a syntax error, this cannot be turned off: a file that was not checked must not pass.',
    details: [
      'The limits and their defaults, set under `limits` in .netlintrc.yaml:',
      '',
      '| key | default | what |',
      '|---|---|---|',
      '| `fileSize` | `32MiB` | largest file read (`B`, `KiB`, `MiB`, `GiB`); a larger one is not read at all |',
      '| `documentsPerFile` | `20000` | most `---` documents in one file; a file with more is skipped whole |',
      '| `aliasNodes` | `100000` | most nodes aliases (`*name`, `<<: *name`) may add to one document; only that document is skipped |',
      '',
      'Kubernetes itself refuses a document with excessive aliasing, and the API server any request over 3 MiB, so real manifests stay far below these. For a file that is legitimately larger (a whole cluster exported into one file), raise the limit or split the file.',
    ].join('\n'),
  },
  messages: {
    fileSize: 'this {{input}} is larger than the {{limit}} netlint reads (limits.fileSize in .netlintrc.yaml), so it was not linted',
    documents: 'this file has more than {{limit}} documents (limits.documentsPerFile in .netlintrc.yaml), so it was not linted',
    aliases: 'aliases expand this document by more than {{limit}} nodes (limits.aliasNodes in .netlintrc.yaml), as an alias bomb does, so it was not linted',
  },
};

export const unrenderedTemplate: RuleMeta<'template' | 'chart'> = {
  id: 'unrendered-template',
  severity: 'warning',
  category: 'input',
  kinds: [],
  docs: {
    summary: 'A Helm chart or template file is unrendered, not a manifest',
    why: 'Template actions such as `{{ .Values.port }}` are not data: parsing them as YAML yields nonsense or errors, and the plain files of a chart are only part of what Helm renders together, so linting them alone reports a Service as selecting nothing. They are skipped rather than linted wrongly.',
    details:
      'Render the chart and lint the result instead: `helm template my-release ./chart | netlint -`. A directory with a `Chart.yaml` is a Helm chart: it gets one warning at its `name`, and nothing inside it is read (`templates/`, subcharts in `charts/`, `crds/`, values files). A file or directory inside a chart, named on the command line or matched by a glob, stands for its chart (the innermost one, if charts nest). Kustomize bases are plain YAML and are linted as usual. Outside a chart, a file counts as a template when it contains `{{` and does not parse, or when a Helm action (`.Values`, `.Release`, `include`, `toYaml`, …) stands outside quotes. Rendered manifests that quote such text as data (an Argo Workflow argument, an Alertmanager template) are linted as usual.',
  },
  messages: {
    template:
      'unrendered Helm template: {{detail}}; render it first, e.g. `helm template <release> <chart> | netlint -`',
    chart:
      'unrendered Helm chart {{name}}: its files are not manifests until Helm renders them, so none of them is linted; lint its output instead: `helm template <release> {{directory}} | netlint -`',
  },
};

export const incompleteObject: RuleMeta<'missingApiVersion' | 'missingKind' | 'missingName' | 'notString' | 'topLevelList' | 'listItems' | 'listItem'> = {
  id: 'incomplete-object',
  severity: 'error',
  category: 'input',
  kinds: [],
  docs: {
    summary: 'A manifest is not a whole object: no `apiVersion`, `kind` or name, or a List item that is not an object',
    why: 'The API server and kubectl refuse an object without both `apiVersion` and `kind` as strings (and a whole List for one item that is not an object), so the manifest cannot be applied; netlint cannot tell what it is either, and leaves it out of every check.',
    details: [
      'Documents with neither key (Helm values, CI configuration, CloudFormation, mkdocs, Ansible, `package.json`) are not Kubernetes objects and are skipped without a finding; `netlint --verbose` says how many and where. A document with only one of the two keys is reported when it also has `metadata`, as every Kubernetes object does; without `metadata` it is taken for another tool\'s file (a Helm values file with a top-level `kind: DaemonSet` setting, a chart\'s `Chart.yaml` with `apiVersion: v2`) and skipped too.',
      '',
      'Also reported, each at its node: a built-in kind (Service, Deployment, NetworkPolicy, …) without `metadata.name` or `generateName` (still linted, under an empty name); an `apiVersion` or `kind` that is a list, a mapping or a number; a document that is a YAML list of objects (Kubernetes reads one object per document); the `items` of a `kind: List` (or `ServiceList`, …) that are not a list, and each item that is not an object. The items of a List that are objects are still linted.',
    ].join('\n'),
  },
  messages: {
    missingApiVersion: '`kind: {{kind}}` without `apiVersion` is not a Kubernetes object, so nothing checks it; add {{fix}}',
    missingKind: '`apiVersion: {{apiVersion}}` without `kind` is not a Kubernetes object, so nothing checks it; add {{fix}}',
    missingName: 'this {{kind}} has {{where}}, so no name, and the API server refuses it; add `metadata: {name: …}`',
    notString: '`{{key}}` must be a string, not {{shape}}, so this is not a Kubernetes object and nothing checks it',
    topLevelList: 'this document is a YAML list of objects, which Kubernetes does not read; separate them with `---`, or wrap them in `kind: List` with `items:`',
    listItems: '`items` of this {{kind}} must be a list of objects, not {{shape}}, so none of it is checked',
    listItem: 'item {{index}} of this List is {{shape}}, not an object; kubectl refuses the whole List for it',
  },
};

export const unknownSuppressionRule: RuleMeta<'unknownRule'> = {
  id: 'suppression-unknown-rule',
  severity: 'error',
  category: 'input',
  kinds: [],
  docs: {
    summary: 'A suppression comment or annotation names a rule netlint does not have',
    why: 'A misspelt rule id silences nothing, so the finding it was written for still fails the run and the suppression misleads the next reader. netlint reports the unknown id where it is written.',
    details: [
      'Suppressions name rules by id: the annotation `netlint.io/ignore: "<rule-id>,…"` (or `"all"`) on an object, the comments `# netlint-disable-next-line <rule-id>, … [-- reason]` and `# netlint-disable-file <rule-id>, … [-- reason]`. The ids of the other rules in the same suppression still take effect.',
      '',
      'Fix: correct the id (the message suggests the nearest one), or remove it. `netlint --help` and the rule table in the README list every id.',
    ].join('\n'),
  },
  messages: {
    unknownRule: 'unknown rule "{{ruleId}}" in {{where}}{{hint}}',
  },
};

export const unusedSuppression: RuleMeta<'unused'> = {
  id: 'suppression-unused',
  severity: 'warning',
  category: 'input',
  kinds: [],
  docs: {
    summary: 'A suppression silences nothing (with --report-unused-suppressions)',
    why: 'Suppressions outlive the findings they were written for: once the manifest is fixed, a leftover suppression would hide the same mistake if it came back. Reporting them keeps suppressions honest, like ESLint\'s `--report-unused-disable-directives`.',
    details: [
      'Reported only with `--report-unused-suppressions`. A suppression counts as used when it silenced at least one finding in this run. One that names a rule left out of the run (`--rule`) is not reported.',
      '',
      'Fix: delete the suppression, or the rule ids in it that no longer match anything.',
    ].join('\n'),
  },
  messages: {
    unused: '{{where}} for {{rules}} silences nothing here; remove it',
  },
  enabledBy: '--report-unused-suppressions',
};

export const engineDiagnostics: readonly RuleMeta[] = [incompleteObject, inputLimit, unknownSuppressionRule, unusedSuppression, unrenderedTemplate, yamlSyntax];

/** A finding of one of the engine's own diagnostics. */
export function diagnosticFinding<MessageId extends string>(
  meta: RuleMeta<MessageId>,
  messageId: MessageId,
  data: Readonly<Record<string, string>>,
  at: NodeRef | FileLocation,
): Finding {
  return {
    ruleId: meta.id,
    messageId,
    message: formatMessage(meta.messages[messageId], data),
    data,
    severity: meta.severity,
    at,
  };
}
