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
      'Duplicate mapping keys are syntax errors too: Kubernetes rejects them under strict decoding and otherwise keeps one of the values at random. Only the first error of each document is reported, because later ones are usually consequences of it.',
  },
  messages: {
    syntax: '{{reason}}',
    json: 'invalid JSON: {{reason}}',
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

export const incompleteObject: RuleMeta<'missingApiVersion' | 'missingKind'> = {
  id: 'incomplete-object',
  severity: 'error',
  category: 'input',
  kinds: [],
  docs: {
    summary: 'A manifest has `kind` but no `apiVersion`, or `apiVersion` but no `kind`',
    why: 'The API server and kubectl refuse an object without both, so the manifest cannot be applied; netlint cannot tell what it is either, and leaves it out of every check.',
    details:
      'Documents with neither key (Helm values, CI configuration, CloudFormation, mkdocs, Ansible, `package.json`) are not Kubernetes objects and are skipped without a finding; `netlint --verbose` says how many and where. A document with only one of the two keys is reported when it also has `metadata`, as every Kubernetes object does; without `metadata` it is taken for another tool\'s file (a Helm values file with a top-level `kind: DaemonSet` setting, a chart\'s `Chart.yaml` with `apiVersion: v2`) and skipped too.',
  },
  messages: {
    missingApiVersion: '`kind: {{kind}}` without `apiVersion` is not a Kubernetes object, so nothing checks it; add {{fix}}',
    missingKind: '`apiVersion: {{apiVersion}}` without `kind` is not a Kubernetes object, so nothing checks it; add {{fix}}',
  },
};

export const engineDiagnostics: readonly RuleMeta[] = [incompleteObject, unrenderedTemplate, yamlSyntax];

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
