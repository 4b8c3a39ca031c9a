/**
 * Cluster-wide policy semantics (AdminNetworkPolicy, BaselineAdminNetworkPolicy and
 * ClusterNetworkPolicy), one behaviour per test, on small inline manifests; every model is also
 * cross-checked: the indexed path of Reachability must agree with the direct evaluation of each
 * side (sideAllows), and flows() with connections().
 */
import { describe, expect, it } from 'vitest';
import { explainFlow, locateExplanation } from '../../src/engine/reach/explain.js';
import type { Protocol } from '../../src/engine/model/ports.js';
import { formatExplanation } from '../../src/reporters/reach/explain.js';
import type { Reachability } from '../../src/engine/reach/analysis.js';
import { unanalysablePeersNote } from '../../src/commands/inputs.js';
import { crossCheck, conn, deployment, flowLines, namespace, peer, prng, reachOf } from './helpers/reach.js';

function build(text: string) {
  const reach = reachOf(text);
  expect(crossCheck(reach)).toBeGreaterThan(0);
  return reach;
}

const all = 'All Connections';
const none = 'No Connections';

// Two namespaces: shop (web, db) and ops (probe); namespaces are labelled by team.
const cluster = [
  namespace('shop', { team: 'shop' }),
  namespace('ops', { team: 'ops' }),
  deployment('shop', 'web', { app: 'web' }, [{ containerPort: 8080, name: 'http' }]),
  deployment('shop', 'db', { app: 'db' }, [{ containerPort: 5432, name: 'pg' }, { containerPort: 53, name: 'dns', protocol: 'UDP' }]),
  deployment('ops', 'probe', { app: 'probe' }),
].join('');
const web = 'shop/web[Deployment]';
const db = 'shop/db[Deployment]';
const probe = 'ops/probe[Deployment]';

type Json = Record<string, unknown>;

function anp(name: string, priority: number, spec: Json): string {
  return `---\n${JSON.stringify({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name }, spec: { priority, ...spec } })}\n`;
}

function banp(spec: Json): string {
  return `---\n${JSON.stringify({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec })}\n`;
}

function cnp(name: string, tier: 'Admin' | 'Baseline', priority: number, spec: Json): string {
  return `---\n${JSON.stringify({ apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name }, spec: { tier, priority, ...spec } })}\n`;
}

function netpol(name: string, namespace: string, spec: Json): string {
  return `---\n${JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec })}\n`;
}

const shop = { namespaces: { matchLabels: { team: 'shop' } } };
const ops = { namespaces: { matchLabels: { team: 'ops' } } };
const dbPods = { pods: { namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'db' } } } };
const tcp = (port: number) => ({ portNumber: { protocol: 'TCP', port } });

describe('admin tier', () => {
  it('Deny drops, and is read as written: the pods stay open to everything else', () => {
    const reach = build(`${cluster}${anp('deny-ops', 10, { subject: shop, ingress: [{ name: 'no-ops', action: 'Deny', from: [ops] }] })}`);
    expect(conn(reach, probe, web)).toBe(none);
    expect(conn(reach, probe, db)).toBe(none);
    expect(conn(reach, db, web)).toBe(all);
    expect(conn(reach, web, probe)).toBe(all);
  });

  it('Allow admits past NetworkPolicies that would drop it', () => {
    const reach = build(`${cluster}${netpol('deny-all', 'shop', { podSelector: {}, policyTypes: ['Ingress'] })}${anp('let-ops-in', 10, { subject: shop, ingress: [{ action: 'Allow', from: [ops], ports: [tcp(8080)] }] })}`);
    expect(conn(reach, probe, web)).toBe('TCP 8080');
    expect(conn(reach, db, web)).toBe(none);
  });

  it('the lower priority number wins; rules of one policy go in order', () => {
    const deny = anp('deny', 20, { subject: shop, ingress: [{ action: 'Deny', from: [ops] }] });
    const allow = anp('allow', 5, { subject: shop, ingress: [{ action: 'Allow', from: [ops], ports: [tcp(8080)] }, { action: 'Deny', from: [ops] }] });
    const reach = build(`${cluster}${deny}${allow}`);
    expect(conn(reach, probe, web)).toBe('TCP 8080');
    const swapped = build(`${cluster}${anp('deny', 5, { subject: shop, ingress: [{ action: 'Deny', from: [ops] }] })}${anp('allow', 20, { subject: shop, ingress: [{ action: 'Allow', from: [ops] }] })}`);
    expect(conn(swapped, probe, web)).toBe(none);
  });

  it('a rule decides only its ports: the rest goes on to later rules', () => {
    const reach = build(`${cluster}${anp('split', 10, { subject: shop, ingress: [{ action: 'Allow', from: [ops], ports: [tcp(8080)] }, { action: 'Deny', from: [ops] }] })}`);
    expect(conn(reach, probe, web)).toBe('TCP 8080');
  });

  it('Pass hands the decision to the NetworkPolicies where they isolate the pods', () => {
    const reach = build(`${cluster}${netpol('web-from-ops', 'shop', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] }] })}${anp('pass', 10, { subject: shop, ingress: [{ action: 'Pass', from: [ops] }, { action: 'Deny', from: [ops] }] })}`);
    expect(conn(reach, probe, web)).toBe('TCP 8080');
    // db is not isolated by a NetworkPolicy and no baseline exists: passed means allowed.
    expect(conn(reach, probe, db)).toBe(all);
  });

  it('Pass hands the decision to the baseline where no NetworkPolicy isolates the pods', () => {
    const reach = build(`${cluster}${anp('pass', 10, { subject: shop, ingress: [{ action: 'Pass', from: [ops] }] })}${banp({ subject: shop, ingress: [{ action: 'Deny', from: [ops] }] })}`);
    expect(conn(reach, probe, web)).toBe(none);
    expect(conn(reach, db, web)).toBe(all);
  });

  it('connections no admin rule matches go on to the NetworkPolicies too', () => {
    const reach = build(`${cluster}${netpol('only-shop', 'shop', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })}${anp('allow-ops-http', 10, { subject: shop, ingress: [{ action: 'Allow', from: [ops], ports: [tcp(8080)] }] })}`);
    expect(conn(reach, probe, web)).toBe('TCP 8080');
    expect(conn(reach, db, web)).toBe(all);
  });

  it('a policy without rules for a direction does not take part in it', () => {
    const reach = build(`${cluster}${anp('egress-only', 10, { subject: shop, egress: [{ action: 'Allow', to: [ops] }] })}${banp({ subject: shop, ingress: [{ action: 'Deny', from: [ops] }] })}`);
    expect(conn(reach, probe, web)).toBe(none);
    expect(conn(reach, web, probe)).toBe(all);
  });

  it('a pods subject selects by namespace and pod labels', () => {
    const reach = build(`${cluster}${anp('db-only', 10, { subject: dbPods, ingress: [{ action: 'Deny', from: [ops] }] })}`);
    expect(conn(reach, probe, db)).toBe(none);
    expect(conn(reach, probe, web)).toBe(all);
  });

  it('both sides must allow: an egress Deny of the source wins over an ingress Allow of the destination', () => {
    const reach = build(`${cluster}${anp('ops-out', 10, { subject: ops, egress: [{ action: 'Deny', to: [shop] }] })}${anp('shop-in', 20, { subject: shop, ingress: [{ action: 'Allow', from: [ops] }] })}`);
    expect(conn(reach, probe, web)).toBe(none);
  });
});

describe('ports and peers', () => {
  it('a named port resolves on the destination pods, with their protocol', () => {
    const reach = build(`${cluster}${anp('dns-only', 10, { subject: ops, egress: [{ action: 'Allow', to: [shop], ports: [{ namedPort: 'dns' }] }, { action: 'Deny', to: [shop] }] })}`);
    expect(conn(reach, probe, db)).toBe('UDP 53');
    expect(conn(reach, probe, web)).toBe(none);
  });

  it('a port range covers its ports of the protocol', () => {
    const reach = build(`${cluster}${anp('range', 10, { subject: ops, egress: [{ action: 'Deny', to: [shop], ports: [{ portRange: { protocol: 'UDP', start: 1, end: 65535 } }] }] })}`);
    expect(conn(reach, probe, web)).toBe('SCTP 1-65535,TCP 1-65535');
  });

  it('networks cut the outside into ranges and decide them; selector peers never match addresses', () => {
    const reach = build(`${cluster}${anp('outside', 10, { subject: shop, egress: [{ action: 'Allow', to: [{ networks: ['10.0.0.0/8'] }] }, { action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] })}`);
    expect(reach.externalDestinations().map((p) => p.key)).toEqual(['0.0.0.0-9.255.255.255[External]', '10.0.0.0-10.255.255.255[External]', '11.0.0.0-255.255.255.255[External]']);
    expect(conn(reach, web, '10.0.0.0-10.255.255.255')).toBe(all);
    expect(conn(reach, web, '11.0.0.0-255.255.255.255')).toBe(none);
    // networks match addresses outside the cluster only, never pods (as np-guard reads them).
    expect(conn(reach, web, probe)).toBe(all);
    expect(conn(reach, probe, '11.0.0.0-255.255.255.255')).toBe(all);
  });

  it('nodes and domainNames peers match nothing: a Deny to them leaves everything allowed, and reach says so', () => {
    const reach = build(`${cluster}${anp('nodes', 10, { subject: shop, egress: [{ action: 'Deny', to: [{ nodes: {} }] }] })}${cnp('names', 'Admin', 20, { subject: shop, egress: [{ action: 'Deny', to: [{ domainNames: ['example.com'] }] }] })}`);
    expect(conn(reach, web, probe)).toBe(all);
    expect(conn(reach, web, '0.0.0.0-255.255.255.255')).toBe(all);
    expect(unanalysablePeersNote(reach.model)).toMatch(/taken to match nothing .*: AdminNetworkPolicy nodes egress rule 1 \(Deny\) \(nodes\), ClusterNetworkPolicy names egress rule 1 \(Deny\) \(domainNames\)\n$/);
    expect(unanalysablePeersNote(build(cluster).model)).toBeUndefined();
  });
});

describe('baseline tier', () => {
  it('applies only where no NetworkPolicy isolates the pods; rules in order, no match allows', () => {
    const baseline = banp({ subject: shop, ingress: [{ action: 'Allow', from: [ops], ports: [tcp(8080)] }, { action: 'Deny', from: [ops] }] });
    const reach = build(`${cluster}${netpol('db-open', 'shop', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}] })}${baseline}`);
    expect(conn(reach, probe, web)).toBe('TCP 8080');
    expect(conn(reach, probe, db)).toBe(all);
    expect(conn(reach, db, web)).toBe(all);
  });
});

describe('ClusterNetworkPolicy (v1alpha2)', () => {
  it('tiers, Accept and protocols read as the v1alpha1 kinds', () => {
    const admin = cnp('admin', 'Admin', 10, {
      subject: shop,
      ingress: [{ action: 'Accept', from: [ops], protocols: [{ tcp: { destinationPort: { number: 8080 } } }] }, { action: 'Pass', from: [ops] }],
    });
    const baseline = cnp('baseline', 'Baseline', 10, { subject: shop, ingress: [{ action: 'Deny', from: [ops], protocols: [{ udp: { destinationPort: { range: { start: 1, end: 100 } } } }] }] });
    const reach = build(`${cluster}${admin}${baseline}`);
    expect(conn(reach, probe, web)).toBe('SCTP 1-65535,TCP 1-65535,UDP 101-65535');
  });

  it('Pass in the Baseline tier leaves the connection to the default: allowed', () => {
    const baseline = cnp('baseline', 'Baseline', 5, { subject: shop, ingress: [{ action: 'Pass', from: [ops] }, { action: 'Deny', from: [ops] }] });
    const reach = build(`${cluster}${baseline}`);
    expect(conn(reach, probe, web)).toBe(all);
  });

  it('destinationNamedPort resolves like namedPort', () => {
    const admin = cnp('named', 'Admin', 1, { subject: ops, egress: [{ action: 'Deny', to: [shop], protocols: [{ destinationNamedPort: 'pg' }] }] });
    const reach = build(`${cluster}${admin}`);
    expect(conn(reach, probe, db)).toBe('SCTP 1-65535,TCP 1-5431,5433-65535,UDP 1-65535');
  });

  it('admin policies of both versions share one priority order', () => {
    const reach = build(`${cluster}${anp('v1', 20, { subject: shop, ingress: [{ action: 'Allow', from: [ops] }] })}${cnp('v2', 'Admin', 10, { subject: shop, ingress: [{ action: 'Deny', from: [ops] }] })}`);
    expect(conn(reach, probe, web)).toBe(none);
    expect(flowLines(reach).filter((l) => l.startsWith(probe))).toEqual([`${probe} => 0.0.0.0-255.255.255.255[External]: ${all}`]);
  });
});

/** The text `netlint reach --from A --to B[:PORT]` prints, for two workload keys. */
function explain(reach: Reachability, from: string, to: string, port?: { protocol: Protocol; port: number }): string {
  const explanation = explainFlow(reach.model, { type: 'pods', pods: peer(reach, from).podClass }, { type: 'pods', pods: peer(reach, to).podClass }, port);
  return formatExplanation(from, to, explanation, locateExplanation(explanation));
}

describe('explanations', () => {
  it('name the deciding admin rule with its position', () => {
    const reach = build(`${cluster}${anp('deny-ops', 10, { subject: shop, ingress: [{ name: 'no-ops', action: 'Deny', from: [ops] }] })}`);
    const text = explain(reach, probe, web, { protocol: 'TCP', port: 8080 });
    expect(text).toContain('DENIED');
    expect(text).toMatch(/ingress of shop\/web\[Deployment\]: not isolated by a NetworkPolicy\n {2}denied by AdminNetworkPolicy deny-ops ingress rule "no-ops" \(Deny\) \(m\.yaml:\d+:\d+\): All Connections/);
  });

  it('name the Pass that handed the decision down, then what the NetworkPolicies decided', () => {
    const reach = build(`${cluster}${netpol('web-http', 'shop', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 8080 }] }] })}${anp('pass', 10, { subject: shop, ingress: [{ action: 'Pass', from: [ops] }] })}`);
    const text = explain(reach, probe, web, { protocol: 'TCP', port: 9090 });
    expect(text).toContain('DENIED');
    expect(text).toMatch(/passed to the NetworkPolicies by AdminNetworkPolicy pass ingress rule 1 \(Pass\) \(m\.yaml:\d+:\d+\): All Connections\n {2}denied: no rule admits it\n {2}closest: NetworkPolicy shop\/web-http ingress rule 1 .*: it allows TCP 8080 only/);
  });

  it('name the baseline rule where no NetworkPolicy isolates the pods, and say nothing of NetworkPolicies the admin tier overrides', () => {
    const reach = build(`${cluster}${netpol('deny-all', 'shop', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] })}${anp('let-ops', 1, { subject: dbPods, ingress: [{ action: 'Allow', from: [ops] }] })}${banp({ subject: shop, ingress: [{ name: 'no-ops', action: 'Deny', from: [ops] }] })}`);
    const toWeb = explain(reach, probe, web);
    expect(toWeb).toMatch(/denied by BaselineAdminNetworkPolicy default ingress rule "no-ops" \(Deny\) \(m\.yaml:\d+:\d+\): All Connections/);
    const toDb = explain(reach, probe, db);
    expect(toDb).toContain('ALLOWED');
    expect(toDb).toMatch(/allowed by AdminNetworkPolicy let-ops ingress rule 1 \(Allow\)/);
    expect(toDb).not.toContain('closest');
    expect(toDb).not.toContain('BaselineAdminNetworkPolicy');
  });
});

/** Random workloads, NetworkPolicies and cluster-wide policies of both versions and tiers. */
function randomCluster(seed: number): string {
  const r = prng(seed);
  const docs = [namespace('n0', { team: 'a' }), namespace('n1', { team: 'b' }), namespace('n2', {})];
  for (let i = 0; i < 6; i++) {
    const ports = [{ containerPort: r.pick([80, 8080]), name: 'http' }, ...(r.chance(0.4) ? [{ containerPort: 53, name: 'dns', protocol: 'UDP' as const }] : [])];
    docs.push(deployment(r.pick(['n0', 'n1', 'n2']), `w${i}`, { app: r.pick(['x', 'y']), ...(r.chance(0.5) ? { role: 'r' } : {}) }, ports));
  }
  const namespaces = () => ({ namespaces: r.pick([{}, { matchLabels: { team: r.pick(['a', 'b']) } }]) });
  const pods = () => ({ pods: { namespaceSelector: r.pick([{}, { matchLabels: { team: 'a' } }]), podSelector: r.pick([{}, { matchLabels: { app: r.pick(['x', 'y']) } }]) } });
  const peer = (egress: boolean) => r.pick([namespaces, pods, ...(egress ? [() => ({ networks: [r.pick(['10.0.0.0/8', '0.0.0.0/0', '192.0.2.0/24'])] })] : [])])();
  const ports = () => r.pick([undefined, [{ portNumber: { port: r.pick([80, 8080]) } }], [{ namedPort: r.pick(['http', 'dns']) }], [{ portRange: { protocol: 'UDP', start: 1, end: 100 } }]]);
  const rules = (egress: boolean, actions: readonly string[]) =>
    Array.from({ length: r.pick([0, 1, 2, 3]) }, () => ({ action: r.pick(actions), [egress ? 'to' : 'from']: [peer(egress)], ...(r.chance(0.5) ? { ports: ports() } : {}) }));
  const spec = (actions: readonly string[]) => ({ subject: r.pick([namespaces, pods])(), ingress: rules(false, actions), egress: rules(true, actions) });
  for (let i = 0; i < 3; i++) docs.push(anp(`a${i}`, r.pick([1, 2, 3]), spec(['Allow', 'Deny', 'Pass'])));
  if (r.chance(0.6)) docs.push(banp(spec(['Allow', 'Deny'])));
  if (r.chance(0.5)) {
    const v2 = spec(['Accept', 'Deny', 'Pass']);
    // v1alpha2 writes ports as protocols: a single TCP port is enough to exercise them.
    const protocols = (list: Record<string, unknown>[]) => list.map(({ ports: written, ...rest }) => (written ? { ...rest, protocols: [{ tcp: { destinationPort: { number: 80 } } }] } : rest));
    docs.push(cnp('c', r.pick(['Admin', 'Baseline']), r.pick([1, 2]), { ...v2, ingress: protocols(v2.ingress), egress: protocols(v2.egress) }));
  }
  if (r.chance(0.7)) docs.push(netpol('np', r.pick(['n0', 'n1']), { podSelector: r.pick([{}, { matchLabels: { app: 'x' } }]), policyTypes: r.pick([['Ingress'], ['Egress'], ['Ingress', 'Egress']]), ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] }));
  return docs.join('');
}

describe('indexed reach agrees with the direct evaluation', () => {
  it('on random clusters with cluster-wide policies, for every pair of peers and every external range', () => {
    let compared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      try {
        compared += crossCheck(reachOf(randomCluster(seed)));
      } catch (error) {
        throw new Error(`seed ${seed}: ${(error as Error).message}`);
      }
    }
    expect(compared).toBeGreaterThan(1500);
  });
});
