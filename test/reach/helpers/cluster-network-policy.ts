/**
 * Translates AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1)
 * into their successor, ClusterNetworkPolicy (v1alpha2), so that every v1alpha1 case can be
 * checked again in the new form: an admin policy becomes tier Admin with the same priority, the
 * baseline policy tier Baseline, `Allow` becomes `Accept`, and `ports` become `protocols`.
 * Other documents are kept as they are.
 */
import yaml from 'js-yaml';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One v1alpha1 port condition as a v1alpha2 protocol condition. */
function toProtocol(port: unknown): Json {
  if (!isRecord(port)) throw new Error(`not a port: ${JSON.stringify(port)}`);
  if (typeof port.namedPort === 'string') return { destinationNamedPort: port.namedPort };
  const key = (protocol: unknown) => (typeof protocol === 'string' ? protocol.toLowerCase() : 'tcp');
  if (isRecord(port.portNumber)) return { [key(port.portNumber.protocol)]: { destinationPort: { number: port.portNumber.port } } };
  if (isRecord(port.portRange)) {
    const { start, end, protocol } = port.portRange;
    // v1alpha2 requires start < end: a one-port range is a number.
    const destinationPort = start === end ? { number: start } : { range: { start, end } };
    return { [key(protocol)]: { destinationPort } };
  }
  throw new Error(`unknown port form: ${JSON.stringify(port)}`);
}

function toRule(rule: unknown): Json {
  if (!isRecord(rule)) throw new Error(`not a rule: ${JSON.stringify(rule)}`);
  const { ports, action, ...rest } = rule;
  const translated: Json = { ...rest, action: action === 'Allow' ? 'Accept' : action };
  if (Array.isArray(ports)) translated.protocols = ports.map(toProtocol);
  return translated;
}

/** A v1alpha1 object as a ClusterNetworkPolicy, or undefined when it is no admin policy. */
export function toClusterNetworkPolicy(object: unknown): Json | undefined {
  if (!isRecord(object) || typeof object.apiVersion !== 'string' || !object.apiVersion.startsWith('policy.networking.k8s.io/')) return undefined;
  if (object.kind !== 'AdminNetworkPolicy' && object.kind !== 'BaselineAdminNetworkPolicy') return undefined;
  const spec = isRecord(object.spec) ? object.spec : {};
  const baseline = object.kind === 'BaselineAdminNetworkPolicy';
  const translated: Json = {
    tier: baseline ? 'Baseline' : 'Admin',
    priority: baseline ? 0 : spec.priority,
    subject: spec.subject,
  };
  if (Array.isArray(spec.ingress)) translated.ingress = spec.ingress.map(toRule);
  if (Array.isArray(spec.egress)) translated.egress = spec.egress.map(toRule);
  return { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: object.metadata, spec: translated };
}

/**
 * A YAML stream split in two: its v1alpha1 admin policies rewritten as ClusterNetworkPolicies
 * (undefined when it has none), and the rest of its documents as they are.
 */
export function translateStream(text: string): { readonly policies: string | undefined; readonly rest: string } {
  const documents = yaml.loadAll(text).filter((d) => d !== null && d !== undefined);
  const translated = documents.flatMap((d) => toClusterNetworkPolicy(d) ?? []);
  const rest = documents.filter((d) => toClusterNetworkPolicy(d) === undefined);
  const stream = (items: readonly unknown[]) => items.map((d) => yaml.dump(d, { noRefs: true })).join('---\n');
  return { policies: translated.length > 0 ? stream(translated) : undefined, rest: stream(rest) };
}
