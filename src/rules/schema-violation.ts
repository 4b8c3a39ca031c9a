import { formatNodePath, unquoteNumber, type Fix } from '../engine/finding.js';
import { dnsNameForms, type DnsName, type SchemaProblem, type SchemaViolation } from '../engine/model/schema.js';
import { checkedKinds } from '../engine/model/schema-kinds.js';
import { defineRule, type ReportDescriptor } from '../engine/rule.js';
import type { KubeObject } from '../engine/model/types.js';

/** Findings per object before the rest are summed up in one "and N more". */
const maxPerObject = 10;

const messages = {
  unknownField: '{{field}} is not a field of {{owner}} ({{path}}): did you mean {{suggestion}}? Kubernetes rejects or silently drops unknown fields',
  unknownFieldNoMatch: '{{field}} is not a field of {{owner}} ({{path}}): remove it or correct its name; Kubernetes rejects or silently drops unknown fields',
  required: '{{owner}} at {{path}} lacks the required field {{field}}: add it',
  quoteValue: '{{path}} must be a string, not {{actual}}: put the value in quotes',
  unquoteNumber: '{{path}} must be a number, not the string {{value}}: remove the quotes ({{number}})',
  wrongType: '{{path}} must be {{expected}}, not {{actual}}',
  nullItem: '{{path}} is an empty (null) list entry, which Kubernetes reads as an entry with no fields, lacking the ones it requires: fill it in or remove it',
  protocol: '{{path}} is {{value}}: the protocol must be TCP, UDP or SCTP (in capitals)',
  enum: '{{path}} is {{value}}: use one of {{allowed}}',
  portRange: '{{path}} is {{value}}, outside {{minimum}}-{{maximum}}: use a port number in that range',
  range: '{{path}} is {{value}}, outside {{minimum}}-{{maximum}}: use a value in that range',
  quotedPortNumber: '{{path}} is the string {{value}}, which Kubernetes reads as a port name, and no port name is all digits: remove the quotes ({{number}})',
  ianaName: '{{path}} is {{value}}, not a valid port name: {{reason}}; a port name (an IANA service name) has at most 15 lowercase letters, digits and \'-\', with at least one letter',
  dnsLabelName: '{{path}} is {{value}}, not a valid Service port name: {{reason}}; it must be a DNS label (at most 63 lowercase letters, digits and \'-\')',
  emptyPeer: '{{path}} names no peer, and Kubernetes rejects a peer without podSelector, namespaceSelector or ipBlock ("must specify a peer"): to admit every {{peer}}, leave out `{{list}}` altogether; for every pod of the cluster, write `namespaceSelector: {}`',
  ipBlockWithSelector: '{{path}} stands beside an ipBlock in the same peer, and Kubernetes rejects a peer with both: make them two entries of the list (either one then admits)',
  ingressHost: '{{path}} is {{value}}, which the API server refuses: an Ingress host is a DNS name (lowercase letters, digits, \'-\' and \'.\', optionally starting with \'*.\'), not an IP address; write the domain the Ingress serves, or leave host out to serve every one',
  tlsHost: '{{path}} is {{value}}, which the API server refuses: a TLS host is a DNS name (lowercase letters, digits, \'-\' and \'.\', optionally starting with \'*.\'); write the name the certificate is for',
  duplicatePortName: '{{path}} repeats the name {{value}} of spec.ports[{{first}}], and the API server refuses a Service whose ports share a name: give each port its own name, or remove the duplicate entry',
  unnamedPort: '{{path}} has no name, and the API server requires a name on every port of a Service with more than one: name it after what it serves (http, grpc, metrics)',
  duplicatePort: '{{path}} repeats port {{port}}/{{protocol}} of spec.ports[{{first}}], and the API server refuses a Service that lists a port and protocol twice: remove the duplicate entry, or give it the port it was meant to serve',
  objectName: '{{path}} is {{value}}, which the API server refuses as a {{what}}: {{reason}}; {{form}}, e.g. {{suggestion}}',
  more: '{{object}} has {{count}} more schema violations than the {{shown}} shown: fix those and run netlint again',
} as const;

type MessageId = keyof typeof messages;
type Report = Pick<ReportDescriptor<MessageId>, 'messageId' | 'data'>;

/** JSON Schema types as a YAML author calls them. */
const typeNames: Readonly<Record<string, string>> = {
  array: 'a list',
  object: 'a mapping (key: value)',
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
};
const describeType = (type: string) => typeNames[type] ?? type;

/** A value as messages show it: short, quoted like YAML would need; `.inf` and `.nan` as YAML writes them. */
function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${show(value)}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return `${show(value)}, which JSON cannot represent`;
  return `${typeof value === 'number' ? 'the number' : 'the boolean'} ${show(value)}`;
}

/** The rules of a kind of name, as nameProblem checks them. */
interface NameRules {
  readonly maxLength: number;
  /** Dot-separated parts (a DNS subdomain). */
  readonly dots: boolean;
  readonly startsWithLetter: boolean;
  /** An IANA service name (a container port's name): no `--`, at least one letter. */
  readonly iana: boolean;
}

const ianaPortName: NameRules = { maxLength: 15, dots: false, startsWithLetter: false, iana: true };
const dnsLabelPortName: NameRules = { maxLength: 63, dots: false, startsWithLetter: false, iana: false };
const objectNameRules = (rule: DnsName): NameRules => ({ ...dnsNameForms[rule], iana: false });

/** What is wrong with a name (a port's or an object's), most basic problem first. */
function nameProblem(name: string, rules: NameRules): string {
  if (name.length > rules.maxLength) return `it is ${name.length} characters long`;
  if (/[A-Z]/.test(name)) return 'it has capital letters';
  if (!(rules.dots ? /^[a-z0-9.-]*$/ : /^[a-z0-9-]*$/).test(name)) {
    return rules.dots ? "it has characters other than letters, digits, '-' and '.'" : "it has characters other than letters, digits and '-'";
  }
  if (rules.startsWithLetter && !/^[a-z]/.test(name)) return 'it does not start with a letter';
  if (rules.dots && /(^|\.)[-.]|-(\.|$)|\.$/.test(name)) return "a part between dots starts or ends with '-' or '.', or is empty";
  if (name.startsWith('-') || name.endsWith('-')) return "it starts or ends with '-'";
  if (rules.iana && name.includes('--')) return "it has '--'";
  if (rules.iana && !/[a-z]/.test(name)) return 'it has no letter';
  return 'it is empty';
}

/** What a name must be, by the form the API server checks, for messages. */
const nameForms: Readonly<Record<DnsName, string>> = {
  dns1035Label: "a Service name becomes its DNS name, so it must be a DNS label: at most 63 lowercase letters, digits and '-', starting with a letter",
  dns1123Label: "a namespace name must be a DNS label: at most 63 lowercase letters, digits and '-'",
  dns1123Subdomain: "an object name must be a DNS subdomain: at most 253 lowercase letters, digits, '-' and '.'",
};

/** A name of that form, as near to the written one as it gets: `My_Service` → `my-service`. */
function nameSuggestion(name: string, rule: DnsName): string {
  const { maxLength, dots, startsWithLetter } = dnsNameForms[rule];
  let suggestion = name
    .toLowerCase()
    .replace(dots ? /[^a-z0-9.-]+/g : /[^a-z0-9-]+/g, '-')
    .replace(/-*\.[-.]*/g, '.')
    .replace(/-+/g, '-')
    .slice(0, maxLength)
    .replace(/^[-.]+|[-.]+$/g, '');
  if (startsWithLetter && !/^[a-z]/.test(suggestion)) suggestion = `svc-${suggestion}`.slice(0, maxLength).replace(/-+$/, '');
  return suggestion === '' ? 'my-name' : suggestion;
}

function describeName(of: 'Service' | 'namespace' | 'object', rule: DnsName, name: string): { what: string; reason: string; form: string; suggestion: string } {
  const what = of === 'Service' ? 'Service name' : of === 'namespace' ? 'namespace name' : 'name';
  return { what, reason: nameProblem(name, objectNameRules(rule)), form: nameForms[rule], suggestion: nameSuggestion(name, rule) };
}

function typeReport(path: string, expected: readonly string[], value: unknown): Report {
  const numeric = expected.includes('integer') || expected.includes('number');
  if (numeric && typeof value === 'string' && /^\d+$/.test(value.trim())) {
    return { messageId: 'unquoteNumber', data: { path, value: show(value), number: value.trim() } };
  }
  if (expected.length === 1 && expected[0] === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    // The parsed value may differ from the text (`1.0` reads as 1), so the message does not repeat it.
    return { messageId: 'quoteValue', data: { path, actual: typeof value === 'number' ? 'a number' : 'a boolean' } };
  }
  // `- ` with nothing after it: usually a stray dash, or an entry whose fields lost their indentation.
  if (value === null && path.endsWith(']') && expected.length === 1 && expected[0] === 'object') return { messageId: 'nullItem', data: { path } };
  const wanted = expected.map(describeType).join(' or ');
  return { messageId: 'wrongType', data: { path, expected: wanted, actual: describeValue(value) } };
}

function reportOf(problem: SchemaProblem, path: string, parentPath: string): Report {
  switch (problem.type) {
    case 'unknownField':
      return problem.suggestion
        ? { messageId: 'unknownField', data: { field: problem.field, owner: problem.owner, path: parentPath, suggestion: problem.suggestion } }
        : { messageId: 'unknownFieldNoMatch', data: { field: problem.field, owner: problem.owner, path: parentPath } };
    case 'required':
      return { messageId: 'required', data: { owner: problem.owner, path: parentPath, field: problem.field } };
    case 'wrongType':
      return typeReport(path, problem.expected, problem.value);
    case 'enum':
      return problem.allowed.includes('SCTP')
        ? { messageId: 'protocol', data: { path, value: show(problem.value) } }
        : { messageId: 'enum', data: { path, value: show(problem.value), allowed: problem.allowed.join(', ') } };
    case 'range': {
      // Every range in the schema is a port's but a cluster-wide policy's priority (0-1000).
      const messageId = problem.maximum === 65535 ? 'portRange' : 'range';
      return { messageId, data: { path, value: problem.value, minimum: problem.minimum, maximum: problem.maximum } };
    }
    case 'emptyPeer':
      return { messageId: 'emptyPeer', data: { path, list: problem.list, peer: problem.list === 'from' ? 'source' : 'destination' } };
    case 'ipBlockWithSelector':
      return { messageId: 'ipBlockWithSelector', data: { path } };
    case 'ingressHost':
      return { messageId: 'ingressHost', data: { path, value: show(problem.value) } };
    case 'tlsHost':
      return { messageId: 'tlsHost', data: { path, value: show(problem.value) } };
    case 'duplicatePortName':
      return { messageId: 'duplicatePortName', data: { path, value: show(problem.value), first: problem.first } };
    case 'unnamedPort':
      return { messageId: 'unnamedPort', data: { path } };
    case 'duplicatePort':
      return { messageId: 'duplicatePort', data: { path, port: problem.port, protocol: problem.protocol, first: problem.first } };
    case 'objectName':
      return { messageId: 'objectName', data: { path, value: show(problem.value), ...describeName(problem.of, problem.rule, problem.value) } };
    case 'portName':
      if (/^\d+$/.test(problem.value)) return { messageId: 'quotedPortNumber', data: { path, value: show(problem.value), number: problem.value } };
      return problem.convention === 'iana'
        ? { messageId: 'ianaName', data: { path, value: show(problem.value), reason: nameProblem(problem.value, ianaPortName) } }
        : { messageId: 'dnsLabelName', data: { path, value: show(problem.value), reason: nameProblem(problem.value, dnsLabelPortName) } };
  }
}

/**
 * A quoted number where Kubernetes wants a number (`containerPort: "80"`, `targetPort: "8080"`)
 * is fixed by removing the quotes: the value is what the author wrote, only its type changes.
 * A port-name string becomes a number only when it is a valid port, so the fix never trades one
 * error for another.
 */
function unquoteFix(violation: SchemaViolation, report: Report): { fix?: Fix } {
  const number = Number(report.data?.number);
  if (report.messageId === 'unquoteNumber' && Number.isSafeInteger(number)) return { fix: unquoteNumber(violation.node, number) };
  if (report.messageId === 'quotedPortNumber' && number >= 1 && number <= 65535) return { fix: unquoteNumber(violation.node, number) };
  return {};
}

function describe(object: KubeObject, violation: SchemaViolation): Report {
  // Paths are shown from the object's root, as kubectl explain names fields.
  const path = formatNodePath(violation.path) || object.kind;
  const parentPath = formatNodePath(violation.path.slice(0, -1)) || 'the top level';
  return reportOf(violation.problem, path, parentPath);
}

export default defineRule({
  id: 'schema-violation',
  severity: 'error',
  category: 'correctness',
  fixable: true,
  kinds: checkedKinds.map((k) => k.kind),
  docs: {
    summary: 'A field is unknown, of the wrong type, missing, or outside the values Kubernetes accepts',
    why: 'The API server rejects an object with a wrong type, a missing required field, a bad protocol, port number or port name, and drops or rejects unknown fields: a misspelt `targetport` or `selecter` is silently ignored by client-side apply and the Service routes to the wrong port or to nothing. netlint\'s other rules read these fields too, and a field it cannot read is one it cannot check.',
    details: [
      'Checked kinds: Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, Service, NetworkPolicy, Ingress (networking.k8s.io/v1), Namespace, ConfigMap, the Gateway API routes (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute), and the Network Policy API\'s cluster-wide policies (AdminNetworkPolicy and BaselineAdminNetworkPolicy in policy.networking.k8s.io/v1alpha1, ClusterNetworkPolicy in v1alpha2); custom resources and other API versions are not checked. The schemas (schemas/kubernetes.schema.json) are generated from kubernetes-types 1.30 with the API reference\'s constraints added: port numbers 1-65535, protocols TCP, UDP and SCTP, container port names as IANA service names, Service port names as DNS labels. Unknown fields are reported only inside the objects netlint reads closely (object tops and metadata, workload, Service, NetworkPolicy and Ingress specs, containers, ports, probes, selectors, env entries, volume mounts; route backendRefs), so fields added by newer Kubernetes releases to pod specs, volumes or security contexts are never reported; their known fields are still type-checked, except volumes, volume claim templates, affinity and security contexts, which are only checked for being mappings. Gateway API routes have a hand-kept schema of the fields netlint reads (parentRefs, hostnames, rules, backendRefs, request mirrors); their other fields pass. The cluster-wide policies have a hand-kept schema too, strict throughout: each version\'s actions (Allow, Deny, Pass; a baseline policy has no Pass; v1alpha2 says Accept), peer forms, port forms and a priority of 0-1000. Status and managedFields are not checked. At most 10 findings are shown per object, then a count of the rest.',
      '',
      'Beyond the schemas, what the API server checks across fields: names (a Service\'s is a DNS-1035 label, as it becomes a DNS name; a namespace\'s a DNS label; other objects\' DNS subdomains), NetworkPolicy peers (at least one of podSelector, namespaceSelector and ipBlock, and an ipBlock alone), a Service\'s ports (with more than one, each named, no name and no port and protocol twice), Ingress hosts (a DNS name, optionally with a `*.` wildcard; a rule\'s host never an IP address; the same for TLS entries, which may list an IP address), and null entries of lists whose items have required fields. Values that are variables a tool fills in (`${NAME}`, `$(NAME)`) are left to the substituted output.',
      '',
      'Kustomize folders are linted as written. A file a kustomization names as a patch is not validated on its own, and a workload without `spec.selector` among the resources of a kustomization with `commonLabels` (or `labels` with `includeSelectors: true`) is not reported for it: the build adds the selector.',
    ].join('\n'),
  },
  messages,
  *check(ctx) {
    for (const { object, violations } of ctx.model.schemaViolations()) {
      for (const violation of violations.slice(0, maxPerObject)) {
        const report = describe(object, violation);
        yield ctx.report({ at: violation.node, object, ...report, ...unquoteFix(violation, report) });
      }
      if (violations.length > maxPerObject) {
        yield ctx.report({
          at: object.at('kind'),
          object,
          messageId: 'more',
          data: { object: object.displayName, count: violations.length - maxPerObject, shown: maxPerObject },
        });
      }
    }
  },
});
