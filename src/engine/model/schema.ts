/**
 * Schema violations of an object, from the validators compiled at gen time
 * (schema-validators.generated.ts, loaded on first use; scripts/kube-schemas builds them from
 * kubernetes-types plus an overlay). ajv's errors become typed violations with a node each: the
 * unknown key, the value of the wrong type, or the mapping that lacks a required field. Objects
 * that conform, most of them, are told apart first by the quicker check of schema-shape.ts.
 */
import type { NodePath, NodeRef } from '../finding.js';
import { lazyModule } from '../lazy.js';
import { closestName, remembered } from '../util.js';
import { checkedKindOf, validatorName } from './schema-kinds.js';
import { conformsToDefinition } from './schema-shape.js';
import type { KubeObject } from './types.js';

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
  readonly data?: unknown;
  readonly parentSchema?: Readonly<Record<string, unknown>>;
}

type Validator = ((data: unknown) => boolean) & { errors?: readonly AjvError[] | null };

export type SchemaProblem =
  | { readonly type: 'unknownField'; readonly field: string; readonly owner: string; readonly suggestion: string | undefined }
  | { readonly type: 'required'; readonly field: string; readonly owner: string }
  | { readonly type: 'wrongType'; readonly expected: readonly string[]; readonly value: unknown }
  | { readonly type: 'enum'; readonly allowed: readonly string[]; readonly value: unknown }
  | { readonly type: 'range'; readonly minimum: number; readonly maximum: number; readonly value: number }
  | { readonly type: 'portName'; readonly convention: 'iana' | 'dnsLabel'; readonly value: string }
  /** A NetworkPolicy peer with none of podSelector, namespaceSelector and ipBlock (`from: [{}]`). */
  | { readonly type: 'emptyPeer'; readonly list: 'from' | 'to' }
  /** A NetworkPolicy peer with an ipBlock and a selector beside it. */
  | { readonly type: 'ipBlockWithSelector'; readonly selector: 'podSelector' | 'namespaceSelector' }
  /** An Ingress rule's host that is no DNS name (a placeholder, an IP address, capitals). */
  | { readonly type: 'ingressHost'; readonly value: string }
  /** An Ingress TLS entry's host that is no DNS name. */
  | { readonly type: 'tlsHost'; readonly value: string }
  /** A Service port whose name, or port and protocol, an earlier port of the Service has (`first`: its index). */
  | { readonly type: 'duplicatePortName'; readonly value: string; readonly first: number }
  | { readonly type: 'duplicatePort'; readonly port: number; readonly protocol: string; readonly first: number }
  /** A port without a name in a Service of several ports. */
  | { readonly type: 'unnamedPort' }
  /** metadata.name or metadata.namespace that the API server refuses for the kind. */
  | { readonly type: 'objectName'; readonly of: 'Service' | 'namespace' | 'object'; readonly rule: DnsName; readonly value: string };

/**
 * The ajv keywords whose errors become violations: every keyword the generated schema uses that
 * can fail on its own (a test walks the schema and checks it uses no other).
 */
export const reportedKeywords: ReadonlySet<string> = new Set(['additionalProperties', 'required', 'type', 'enum', 'minimum', 'maximum', 'pattern']);

export interface SchemaViolation {
  readonly problem: SchemaProblem;
  /** Where to point: the unknown key, the bad value, or the mapping missing a field. */
  readonly node: NodeRef;
  /** Path from the object's root (`spec.ports[0].targetPort`). */
  readonly path: NodePath;
}

/** JSON pointer → path; numeric segments are indices only where the data is a list. */
function pointerPath(pointer: string, data: unknown): NodePath {
  const path: (string | number)[] = [];
  let current = data;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      path.push(Number(key));
      current = current[Number(key)];
    } else {
      path.push(key);
      current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

/** The known field a misspelt one most likely meant: the same letters in another case, or a close spelling. */
export function nearestField(field: string, known: readonly string[]): string | undefined {
  const lower = field.toLowerCase();
  return known.find((k) => k.toLowerCase() === lower) ?? closestName(field, known);
}

const typesOf = (schema: Readonly<Record<string, unknown>> | undefined): string[] => {
  const type = schema?.type;
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string' && t !== 'null');
};

function problemOf(error: AjvError): SchemaProblem | undefined {
  const schema = error.parentSchema;
  const owner = typeof schema?.title === 'string' ? schema.title : 'object';
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      const known = Object.keys((schema?.properties as Record<string, unknown> | undefined) ?? {});
      return { type: 'unknownField', field, owner, suggestion: nearestField(field, known) };
    }
    case 'required':
      return { type: 'required', field: String(error.params.missingProperty), owner };
    case 'type':
      return { type: 'wrongType', expected: typesOf(schema), value: error.data };
    case 'enum':
      return { type: 'enum', allowed: (schema?.enum as string[] | undefined) ?? [], value: error.data };
    case 'minimum':
    case 'maximum':
      return { type: 'range', minimum: Number(schema?.minimum), maximum: Number(schema?.maximum), value: Number(error.data) };
    case 'pattern': {
      const pattern = String(schema?.pattern);
      return { type: 'portName', convention: pattern.includes('{1,15}') ? 'iana' : 'dnsLabel', value: String(error.data) };
    }
    default:
      return undefined;
  }
}

/** A path's position in document order: each key's place among its siblings (YAML keeps key order). */
function documentOrder(raw: unknown, path: NodePath): number[] {
  const order: number[] = [];
  let current = raw;
  for (const segment of path) {
    if (typeof segment === 'number') {
      order.push(segment);
      current = Array.isArray(current) ? current[segment] : undefined;
    } else {
      const record = typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : {};
      const index = Object.keys(record).indexOf(segment);
      // A missing key (a required field) sorts after the present ones.
      order.push(index < 0 ? Number.MAX_SAFE_INTEGER : index);
      current = record[segment];
    }
  }
  return order;
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  }
  return a.length - b.length;
}

function violationOf(object: KubeObject, error: AjvError): SchemaViolation | undefined {
  const problem = problemOf(error);
  if (!problem) return undefined;
  const at = pointerPath(error.instancePath, object.raw);
  if (problem.type === 'unknownField') {
    const path = [...at, problem.field];
    return { problem, path, node: { ...object.at(...path), target: 'key' } };
  }
  if (problem.type === 'required') {
    // Point at the key of the mapping that lacks the field (its list item when it has no key; `kind` at the top).
    const last = at[at.length - 1];
    const node = at.length === 0 ? object.at('kind') : typeof last === 'string' ? { ...object.at(...at), target: 'key' as const } : object.at(...at);
    return { problem, path: [...at, problem.field], node };
  }
  return { problem, path: at, node: object.at(...at) };
}

const validators = new Map<string, Validator>();

/**
 * What ajv finds wrong with a value, from the definition's compiled validator. It is asked only of
 * values schema-shape.ts found wrong, so its module is loaded then (lazy.ts says why).
 */
function schemaErrors(definition: string, value: unknown): readonly AjvError[] {
  const validate = remembered(validators, definition, () => {
    const found = (lazyModule('validators') as unknown as Readonly<Record<string, Validator | undefined>>)[validatorName(definition)];
    if (!found) throw new Error(`no compiled validator for ${definition}`);
    return found;
  });
  return validate(value) ? [] : (validate.errors ?? []);
}

/**
 * The object's schema violations in document order, one per problem; none for kinds and
 * apiVersions netlint does not check (custom resources, older API versions).
 */
export function schemaViolations(object: KubeObject): SchemaViolation[] {
  const checked = checkedKindOf(object.kind, object.apiVersion);
  if (!checked) return [];
  const checks = nameViolations(object);
  if (checked.kind === 'NetworkPolicy') checks.push(...peerViolations(object));
  if (checked.kind === 'Ingress') checks.push(...ingressHostViolations(object));
  if (checked.kind === 'Service') checks.push(...servicePortViolations(object));
  const conforms = conformsToDefinition(checked.definition, object.raw);
  if (conforms && checks.length === 0) return [];
  const errors = conforms ? [] : schemaErrors(checked.definition, object.raw);
  const seen = new Set<string>();
  const violations: { violation: SchemaViolation; order: number[] }[] = checks.map((violation) => ({ violation, order: documentOrder(object.raw, violation.path) }));
  for (const error of errors) {
    const violation = violationOf(object, error);
    if (!violation) continue;
    // A value of the wrong type fails both its own type and the $ref beside it: report it once.
    const key = `${violation.problem.type === 'wrongType' ? 'type' : JSON.stringify(violation.problem)}@${JSON.stringify(violation.path)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    violations.push({ violation, order: documentOrder(object.raw, violation.path) });
  }
  return violations.sort((a, b) => compareOrder(a.order, b.order)).map((v) => v.violation);
}

const isMapping = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);
const listAt = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/**
 * What the API server checks of NetworkPolicy peers beyond their fields' types, which a JSON
 * schema says only clumsily: a peer names at least one of podSelector, namespaceSelector and
 * ipBlock (a null one counts as absent), and an ipBlock stands alone.
 */
function peerViolations(object: KubeObject): SchemaViolation[] {
  const spec = object.raw.spec;
  if (!isMapping(spec)) return [];
  const violations: SchemaViolation[] = [];
  for (const [direction, list] of [['ingress', 'from'], ['egress', 'to']] as const) {
    listAt(spec[direction]).forEach((rule, ruleIndex) => {
      if (!isMapping(rule)) return;
      listAt(rule[list]).forEach((peer, peerIndex) => {
        // A peer of the wrong type is the schema's to report.
        if (peer !== null && !isMapping(peer)) return;
        const path = ['spec', direction, ruleIndex, list, peerIndex];
        const given = (field: string) => isMapping(peer) && peer[field] !== undefined && peer[field] !== null;
        if (!given('podSelector') && !given('namespaceSelector') && !given('ipBlock')) {
          violations.push({ problem: { type: 'emptyPeer', list }, path, node: object.at(...path) });
          return;
        }
        if (!given('ipBlock')) return;
        for (const selector of ['podSelector', 'namespaceSelector'] as const) {
          if (given(selector)) violations.push({ problem: { type: 'ipBlockWithSelector', selector }, path: [...path, selector], node: { ...object.at(...path, selector), target: 'key' } });
        }
      });
    });
  }
  return violations;
}

/**
 * The forms of name the API server accepts: a DNS-1035 label (a Service: it becomes a DNS label,
 * and must start with a letter), a DNS-1123 label (a namespace) or a DNS-1123 subdomain (most
 * other objects).
 */
export type DnsName = 'dns1035Label' | 'dns1123Label' | 'dns1123Subdomain';

/** Each form: its pattern, its length limit, whether it has dot-separated parts, whether it starts with a letter. */
export const dnsNameForms: Readonly<Record<DnsName, { readonly pattern: RegExp; readonly maxLength: number; readonly dots: boolean; readonly startsWithLetter: boolean }>> = {
  dns1035Label: { pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/, maxLength: 63, dots: false, startsWithLetter: true },
  dns1123Label: { pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, maxLength: 63, dots: false, startsWithLetter: false },
  dns1123Subdomain: { pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, maxLength: 253, dots: true, startsWithLetter: false },
};

function isDnsName(value: string, rule: DnsName): boolean {
  const { pattern, maxLength } = dnsNameForms[rule];
  return value.length <= maxLength && pattern.test(value);
}

/** Whether the API server accepts a namespace of this name. */
export function isNamespaceName(value: string): boolean {
  return isDnsName(value, 'dns1123Label');
}

/**
 * A variable a tool fills in before applying (envsubst and Flux `${NAME}`, OpenShift templates'
 * `${NAME}`, Kustomize `$(NAME)`, an unrendered `{{ }}`): the substituted output is the one to judge.
 */
const isVariable = (value: string) => /\$\{|\$\(|\{\{/.test(value);

/**
 * The hosts of an Ingress's rules and TLS entries that the API server refuses: a host is a DNS
 * subdomain, optionally with a `*.` wildcard for its first label; a rule's host is never an IP
 * address (an IP address is a DNS subdomain, so a TLS entry may list one).
 */
function ingressHostViolations(object: KubeObject): SchemaViolation[] {
  const spec = object.raw.spec;
  if (!isMapping(spec)) return [];
  const ruleHosts = listAt(spec.rules).map((rule, index) => ({ host: isMapping(rule) ? rule.host : undefined, path: ['spec', 'rules', index, 'host'], tls: false }));
  const tlsHosts = listAt(spec.tls).flatMap((tls, index) =>
    listAt(isMapping(tls) ? tls.hosts : undefined).map((host, hostIndex) => ({ host, path: ['spec', 'tls', index, 'hosts', hostIndex], tls: true })),
  );
  return [...ruleHosts, ...tlsHosts].flatMap(({ host, path, tls }): SchemaViolation[] => {
    if (typeof host !== 'string' || host === '' || isVariable(host)) return [];
    const name = host.startsWith('*.') ? host.slice(2) : host;
    // Only a rule's host is checked for being an IP address; a TLS host need only be a DNS subdomain.
    if (isDnsName(name, 'dns1123Subdomain') && (tls || !/^[\d.]+$/.test(name))) return [];
    return [at(object, path, tls ? { type: 'tlsHost', value: host } : { type: 'ingressHost', value: host })];
  });
}

/**
 * What the API server checks across a Service's ports: with more than one, each has a name of
 * its own, and no two serve the same port and protocol (the protocol defaults to TCP). Ports of
 * the wrong type are the schema's to report.
 */
function servicePortViolations(object: KubeObject): SchemaViolation[] {
  const spec = object.raw.spec;
  if (!isMapping(spec)) return [];
  const violations: SchemaViolation[] = [];
  const names = new Map<string, number>();
  const ports = new Map<string, number>();
  const entries = listAt(spec.ports);
  // An empty entry is its own violation; once removed, it needs no name beside the others.
  const several = entries.filter(isMapping).length > 1;
  entries.forEach((entry, index) => {
    if (!isMapping(entry)) return;
    const { name, port } = entry;
    if (several && (name === undefined || name === null || name === '')) violations.push(at(object, ['spec', 'ports', index], { type: 'unnamedPort' }));
    const protocol = entry.protocol ?? 'TCP';
    if (typeof name === 'string' && name !== '') {
      const first = names.get(name);
      if (first === undefined) names.set(name, index);
      else violations.push(at(object, ['spec', 'ports', index, 'name'], { type: 'duplicatePortName', value: name, first }));
    }
    if (typeof port === 'number' && typeof protocol === 'string') {
      const key = `${port}/${protocol}`;
      const first = ports.get(key);
      if (first === undefined) ports.set(key, index);
      else violations.push(at(object, ['spec', 'ports', index, 'port'], { type: 'duplicatePort', port, protocol, first }));
    }
  });
  return violations;
}

function at(object: KubeObject, path: NodePath, problem: SchemaProblem): SchemaViolation {
  return { problem, path, node: object.at(...path) };
}

/**
 * The object's name and namespace where the API server would refuse them (`My_Service`, a
 * `YOUR_NAMESPACE` placeholder). A name of the wrong type is the schema's to report.
 */
function nameViolations(object: KubeObject): SchemaViolation[] {
  const metadata = object.raw.metadata;
  if (!isMapping(metadata)) return [];
  const violations: SchemaViolation[] = [];
  const check = (field: 'name' | 'namespace', of: 'Service' | 'namespace' | 'object', rule: DnsName) => {
    const value = metadata[field];
    if (typeof value !== 'string' || value === '' || isDnsName(value, rule)) return;
    if (isVariable(value)) return;
    violations.push(at(object, ['metadata', field], { type: 'objectName', of, rule, value }));
  };
  if (object.kind === 'Service') check('name', 'Service', 'dns1035Label');
  else if (object.kind === 'Namespace') check('name', 'namespace', 'dns1123Label');
  else check('name', 'object', 'dns1123Subdomain');
  check('namespace', 'namespace', 'dns1123Label');
  return violations;
}
