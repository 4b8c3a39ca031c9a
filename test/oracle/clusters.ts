/**
 * fast-check generators of small clusters for the property tests: 2-3 namespaces with labels,
 * Deployments with labels and named container ports in TCP, UDP and SCTP, and NetworkPolicies
 * using every selector, port, endPort and ipBlock form, with the edge forms (`ingress: []`,
 * `[{}]`, empty selectors, explicit, empty and missing policyTypes). Everything generated is
 * something the API server accepts (no endPort below port, excepts inside their cidr).
 */
import fc from 'fast-check';
import { dump } from 'js-yaml';

type Plain = Record<string, unknown>;

export const namespaceNames = ['ns-a', 'ns-b', 'ns-c'] as const;
const labelKeys = ['app', 'tier', 'team'] as const;
const labelValues = ['x', 'y', 'z'] as const;
const portNames = ['http', 'dns', 'metrics'] as const;
const portNumbers = [53, 80, 443, 5000, 8080, 9090] as const;
const protocolArb = fc.constantFrom('TCP', 'UDP', 'SCTP');

/** ipBlocks the API server accepts: each cidr with exceptions inside it. */
const ipBlocks: readonly { cidr: string; excepts: readonly string[] }[] = [
  { cidr: '0.0.0.0/0', excepts: ['10.0.0.0/8', '192.168.0.0/16', '8.8.8.8/32'] },
  { cidr: '10.0.0.0/8', excepts: ['10.1.0.0/16', '10.0.0.0/24'] },
  { cidr: '192.168.0.0/16', excepts: ['192.168.1.0/24'] },
  { cidr: '8.8.8.0/24', excepts: ['8.8.8.8/31'] },
  { cidr: '::/0', excepts: ['2001:db8::/32'] },
  { cidr: '2001:db8::/32', excepts: ['2001:db8::/64'] },
];

/** Addresses outside the cluster that the test probes, inside and outside the blocks and exceptions. */
export const probeAddresses = ['10.0.0.5', '10.1.2.3', '192.168.1.1', '192.168.7.7', '8.8.8.8', '8.8.8.200', '2001:db8::1', '2001:4860::8888'];

const labelsArb = (keys: readonly string[], values: readonly string[]) =>
  fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: keys.length });

const podLabelsArb = labelsArb(labelKeys, labelValues);
const namespaceLabelsArb = labelsArb(['team', 'env'], ['x', 'y']);

const expressionArb = (keys: readonly string[], values: readonly string[]) =>
  fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 2 }) }),
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
  );

/** `{}`, matchLabels, matchExpressions, or both. */
function selectorArb(keys: readonly string[], values: readonly string[]): fc.Arbitrary<Plain> {
  return fc.oneof(
    fc.constant({}),
    fc.record({ matchLabels: labelsArb(keys, values) }),
    fc.record({ matchExpressions: fc.array(expressionArb(keys, values), { minLength: 1, maxLength: 2 }) }),
    fc.record({ matchLabels: labelsArb(keys, values), matchExpressions: fc.array(expressionArb(keys, values), { minLength: 1, maxLength: 2 }) }),
  );
}

const podSelectorArb = selectorArb(labelKeys, labelValues);
// Namespace selectors may use the automatic name label too.
const namespaceSelectorArb = fc.oneof(
  selectorArb(['team', 'env'], ['x', 'y']),
  selectorArb(['kubernetes.io/metadata.name'], namespaceNames),
);

const ipBlockArb = fc.constantFrom(...ipBlocks).chain((block) =>
  fc.subarray([...block.excepts]).map((except) => (except.length === 0 && block.cidr.endsWith('/0') ? { cidr: block.cidr } : { cidr: block.cidr, except })),
);

const peerArb: fc.Arbitrary<Plain> = fc.oneof(
  fc.record({ podSelector: podSelectorArb }),
  fc.record({ namespaceSelector: namespaceSelectorArb }),
  fc.record({ namespaceSelector: namespaceSelectorArb, podSelector: podSelectorArb }),
  fc.record({ ipBlock: ipBlockArb }),
);

/** Every NetworkPolicyPort form: `{}`, protocol only, number, number..endPort, name; protocol written or defaulted. */
const policyPortArb: fc.Arbitrary<Plain> = fc
  .record({
    protocol: fc.option(protocolArb, { nil: undefined }),
    port: fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(...portNumbers),
      fc.constantFrom(...portNames),
      fc.integer({ min: 1, max: 65535 }),
    ),
    span: fc.option(fc.integer({ min: 0, max: 4000 }), { nil: undefined }),
  })
  .map(({ protocol, port, span }) => {
    const entry: Plain = {};
    if (protocol !== undefined) entry.protocol = protocol;
    if (port !== undefined) entry.port = port;
    if (typeof port === 'number' && span !== undefined) entry.endPort = Math.min(65535, port + span);
    return entry;
  });

/** A rule: from/to missing, `[]` or peers; ports missing, `[]` or entries. */
const ruleArb = (peersKey: 'from' | 'to'): fc.Arbitrary<Plain> =>
  fc
    .record({
      peers: fc.oneof(fc.constant(undefined), fc.constant([]), fc.array(peerArb, { minLength: 1, maxLength: 3 })),
      ports: fc.oneof(fc.constant(undefined), fc.constant([]), fc.array(policyPortArb, { minLength: 1, maxLength: 3 })),
    })
    .map(({ peers, ports }) => ({ ...(peers !== undefined ? { [peersKey]: peers } : {}), ...(ports !== undefined ? { ports } : {}) }));

/** A direction's rules: missing, `[]`, `[{}]`, or rules. */
const rulesArb = (peersKey: 'from' | 'to') =>
  fc.oneof(fc.constant(undefined), fc.constant([]), fc.constant([{}]), fc.array(ruleArb(peersKey), { minLength: 1, maxLength: 3 }));

const policyTypesArb = fc.constantFrom(undefined, [], ['Ingress'], ['Egress'], ['Ingress', 'Egress'], ['Egress', 'Ingress']);

const containerPortArb = fc.record({
  name: fc.option(fc.constantFrom(...portNames), { nil: undefined }),
  containerPort: fc.constantFrom(...portNumbers),
  protocol: fc.option(protocolArb, { nil: undefined }),
});

export interface GeneratedCluster {
  readonly namespaces: readonly { readonly name: string; readonly labels: Record<string, string>; readonly declared: boolean }[];
  readonly deployments: readonly { readonly namespace: number; readonly labels: Record<string, string>; readonly unique: boolean; readonly ports: readonly Plain[] }[];
  readonly policies: readonly { readonly namespace: number; readonly podSelector: Plain | undefined; readonly policyTypes: unknown; readonly ingress: unknown; readonly egress: unknown }[];
}

export const clusterArb: fc.Arbitrary<GeneratedCluster> = fc.integer({ min: 2, max: 3 }).chain((count) =>
  fc.record({
    namespaces: fc.tuple(
      ...namespaceNames.slice(0, count).map((name) =>
        // Most namespaces are declared; an undeclared one has only the automatic name label.
        fc.record({ name: fc.constant(name), labels: namespaceLabelsArb, declared: fc.boolean() }).map((n) => ({ ...n, declared: n.declared || name === 'ns-a' })),
      ),
    ),
    deployments: fc.array(
      fc.record({
        namespace: fc.integer({ min: 0, max: count - 1 }),
        labels: podLabelsArb,
        // Without a label of its own, a Deployment may share its pods' labels (and netlint's pod class) with another.
        unique: fc.boolean(),
        // Port names are unique within a pod; duplicates are dropped below.
        ports: fc.array(containerPortArb, { maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    policies: fc.array(
      fc.record({
        namespace: fc.integer({ min: 0, max: count - 1 }),
        podSelector: fc.option(podSelectorArb, { nil: undefined }),
        policyTypes: policyTypesArb,
        ingress: rulesArb('from'),
        egress: rulesArb('to'),
      }),
      { maxLength: 3 },
    ),
  }),
);

function withoutDuplicateNames(ports: readonly Plain[]): Plain[] {
  const seen = new Set<unknown>();
  return ports.flatMap((p) => {
    const entry = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
    if (entry.name !== undefined) {
      if (seen.has(entry.name)) delete entry.name;
      else seen.add(entry.name);
    }
    return [entry];
  });
}

/** The manifest of a generated cluster, one YAML stream. Deployment i is `ns/d<i>`. */
export function clusterYaml(cluster: GeneratedCluster): string {
  const docs: Plain[] = [];
  for (const ns of cluster.namespaces) {
    if (ns.declared) docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, ...(Object.keys(ns.labels).length > 0 ? { labels: ns.labels } : {}) } });
  }
  cluster.deployments.forEach((d, i) => {
    const ports = withoutDuplicateNames(d.ports);
    // Two containers when there are several ports, so names resolve across containers too.
    const half = Math.ceil(ports.length / 2);
    const labels = d.unique || Object.keys(d.labels).length === 0 ? { ...d.labels, pod: `d${i}` } : d.labels;
    const containers = ports.length > 1 ? [ports.slice(0, half), ports.slice(half)] : [ports];
    docs.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `d${i}`, namespace: cluster.namespaces[d.namespace]?.name },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: containers.map((list, c) => ({ name: `c${c}`, image: 'registry.example/app:1', ...(list.length > 0 ? { ports: list } : {}) })) },
        },
      },
    });
  });
  cluster.policies.forEach((p, i) => {
    const spec: Plain = {};
    if (p.podSelector !== undefined) spec.podSelector = p.podSelector;
    if (p.policyTypes !== undefined) spec.policyTypes = p.policyTypes;
    if (p.ingress !== undefined) spec.ingress = p.ingress;
    if (p.egress !== undefined) spec.egress = p.egress;
    docs.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `p${i}`, namespace: cluster.namespaces[p.namespace]?.name }, spec });
  });
  return docs.map((d) => `---\n${dump(d, { noRefs: true, lineWidth: -1 })}`).join('');
}
