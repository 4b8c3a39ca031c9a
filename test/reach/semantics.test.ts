/**
 * NetworkPolicy (networking.k8s.io/v1) semantics, one behaviour per test, on small inline
 * manifests. Every manifest built with `build()` is also cross-checked: the indexed fast path of
 * Reachability must agree with the direct evaluation of each side (sideAllows).
 */
import { describe, expect, it } from 'vitest';
import { explainFlow } from '../../src/engine/reach/explain.js';
import { crossCheck, conn, deployment, destination, flowLines, namespace, peer, prng, reachOf, source } from './helpers/reach.js';

/**
 * Builds the Reachability of a manifest and cross-checks it: for every pair of peers, the indexed
 * fast path must agree with the direct evaluation of both sides (see helpers/reach.ts).
 */
let crossChecked = 0;
function build(name: string, text: string) {
  const reach = reachOf(text);
  try {
    crossChecked += crossCheck(reach);
  } catch (error) {
    throw new Error(`cross-check of ${name}: ${(error as Error).message}`);
  }
  return reach;
}

const all = 'All Connections';
const none = 'No Connections';
const anywhere = '0.0.0.0-255.255.255.255';

// Two workloads in one namespace; policies are added per test.
const webAndDb = `${deployment('shop', 'web', { app: 'web' }, [{ containerPort: 8080 }])}${deployment('shop', 'db', { app: 'db' }, [{ containerPort: 5432 }])}`;
const web = 'shop/web[Deployment]';
const db = 'shop/db[Deployment]';

describe('isolation', () => {
  it('without policies, everything is allowed, both ways and to and from outside', () => {
    const reach = build('no-policies', webAndDb);
    expect(conn(reach, web, db)).toBe(all);
    expect(conn(reach, db, web)).toBe(all);
    expect(reach.externalSources().map((p) => p.key)).toEqual([`${anywhere}[External]`]);
    expect(reach.externalDestinations().map((p) => p.key)).toEqual([`${anywhere}[External]`]);
    expect(flowLines(reach)).toEqual([
      `${anywhere}[External] => ${db}: ${all}`,
      `${anywhere}[External] => ${web}: ${all}`,
      `${db} => ${anywhere}[External]: ${all}`,
      `${db} => ${web}: ${all}`,
      `${web} => ${anywhere}[External]: ${all}`,
      `${web} => ${db}: ${all}`,
    ]);
  });

  it('a policy selecting the pod with Ingress in policyTypes isolates its ingress only', () => {
    const reach = build('ingress-isolation', `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: isolate-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
`);
    expect(conn(reach, db, web)).toBe(none);
    expect(conn(reach, anywhere, web)).toBe(none);
    // Not selected: still open.
    expect(conn(reach, web, db)).toBe(all);
    expect(conn(reach, anywhere, db)).toBe(all);
    // Egress of the selected pod is not isolated.
    expect(conn(reach, web, anywhere)).toBe(all);
  });

  it('policyTypes absent with only ingress rules: Ingress only, egress stays open', () => {
    const text = `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: db}}}]
    ports: [{port: 8080}]
`;
    const reach = build('types-absent-ingress', text);
    expect(reach.model.policies()[0]?.policyTypes).toEqual(['Ingress']);
    expect(conn(reach, db, web)).toBe('TCP 8080');
    expect(conn(reach, anywhere, web)).toBe(none);
    expect(conn(reach, web, db)).toBe(all);
    expect(conn(reach, web, anywhere)).toBe(all);
  });

  it('policyTypes absent with egress rules: Ingress and Egress (so ingress is denied when there are no ingress rules)', () => {
    const reach = build('types-absent-egress', `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-to-db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  egress:
  - to: [{podSelector: {matchLabels: {app: db}}}]
    ports: [{port: 5432}]
`);
    expect(reach.model.policies()[0]?.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(conn(reach, web, db)).toBe('TCP 5432');
    expect(conn(reach, web, anywhere)).toBe(none);
    expect(conn(reach, db, web)).toBe(none);
    expect(conn(reach, anywhere, web)).toBe(none);
  });

  it('policyTypes absent with `egress: []`: no egress rules, so Ingress only', () => {
    const reach = build('types-absent-empty-egress', `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-empty-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{ports: [{port: 8080}]}]
  egress: []
`);
    expect(reach.model.policies()[0]?.policyTypes).toEqual(['Ingress']);
    expect(conn(reach, web, db)).toBe(all);
    expect(conn(reach, web, anywhere)).toBe(all);
    expect(conn(reach, db, web)).toBe('TCP 8080');
  });

  it('`policyTypes: []` is defaulted like an absent list', () => {
    const reach = build('types-empty-list', `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: []
  egress: [{ports: [{port: 5432}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-ingress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: []
  ingress: [{ports: [{port: 5432}]}]
`);
    expect(reach.model.policies().map((p) => [p.name, p.policyTypes, p.policyTypesExplicit])).toEqual([
      ['web-egress', ['Ingress', 'Egress'], false],
      ['db-ingress', ['Ingress'], false],
    ]);
    // web: egress limited to 5432, ingress denied (no ingress rules).
    expect(conn(reach, web, anywhere)).toBe('TCP 5432');
    expect(conn(reach, db, web)).toBe(none);
    // db: ingress limited to 5432; no egress rules, so egress is not isolated.
    expect(conn(reach, web, db)).toBe('TCP 5432');
    expect(conn(reach, db, anywhere)).toBe(all);
  });

  it('policyTypes [Egress] with ingress rules: the ingress rules are ignored and the pod is not ingress-isolated', () => {
    const reach = build('types-egress-only', `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress-only, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: nobody}}}]
    ports: [{port: 1}]
  egress:
  - to: [{podSelector: {matchLabels: {app: db}}}]
`);
    expect(conn(reach, db, web)).toBe(all);
    expect(conn(reach, anywhere, web)).toBe(all);
    expect(conn(reach, web, db)).toBe(all);
    expect(conn(reach, web, anywhere)).toBe(none);
  });

  it('policyTypes [Ingress] with egress rules: the egress rules are ignored and the pod is not egress-isolated', () => {
    const reach = build('types-ingress-only', `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-ingress-only, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress: [{ports: [{port: 8080}]}]
  egress: [{ports: [{port: 1}]}]
`);
    expect(conn(reach, web, db)).toBe(all);
    expect(conn(reach, web, anywhere)).toBe(all);
    expect(conn(reach, db, web)).toBe('TCP 8080');
  });

  it('only policies of the pod’s own namespace isolate it', () => {
    const reach = build('isolation-namespace', `${webAndDb}${deployment('ops', 'web', { app: 'web' })}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: ops}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`);
    expect(conn(reach, db, web)).toBe(all);
    expect(conn(reach, web, 'ops/web[Deployment]')).toBe(none);
    expect(conn(reach, 'ops/web[Deployment]', web)).toBe(none);
    expect(conn(reach, anywhere, 'ops/web[Deployment]')).toBe(none);
    expect(conn(reach, anywhere, web)).toBe(all);
  });

  it('podSelector {} selects every pod of the namespace; matchExpressions select by expression', () => {
    const reach = build('policy-pod-selectors', `${webAndDb}${deployment('shop', 'cache', { app: 'cache', tier: 'backend' })}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: backend-only-from-web, namespace: shop}
spec:
  podSelector: {matchExpressions: [{key: tier, operator: In, values: [backend]}]}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
`);
    expect(conn(reach, web, 'shop/cache[Deployment]')).toBe(all);
    expect(conn(reach, db, 'shop/cache[Deployment]')).toBe(none);
    expect(conn(reach, db, web)).toBe(all);
    const reach2 = build('policy-select-all', `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`);
    expect(conn(reach2, db, web)).toBe(none);
    expect(conn(reach2, web, db)).toBe(none);
    expect(conn(reach2, anywhere, db)).toBe(none);
  });
});

describe('combining both sides and several policies', () => {
  it('a connection needs the source’s egress AND the destination’s ingress', () => {
    const reach = build('both-sides', `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: db}}}]
    ports: [{port: 80}, {port: 443}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 443}, {port: 8080}]
`);
    expect(conn(reach, web, db)).toBe('TCP 443');
    // db is not egress-isolated and web not ingress-isolated.
    expect(conn(reach, db, web)).toBe(all);
  });

  it('an egress-isolated source is denied even toward a destination that is not isolated', () => {
    const reach = build('egress-denies', `${webAndDb}${deployment('shop', 'cache', { app: 'cache' })}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-to-cache, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{to: [{podSelector: {matchLabels: {app: cache}}}]}]
`);
    expect(conn(reach, web, db)).toBe(none);
    expect(conn(reach, web, 'shop/cache[Deployment]')).toBe(all);
    expect(conn(reach, db, web)).toBe(all);
  });

  it('policies are additive: each allows a port, the union is allowed; a deny-all policy takes nothing away', () => {
    const reach = build('additive', `${webAndDb}${deployment('ops', 'tool', { app: 'web' })}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-80, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 80}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-443, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 443}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-dns, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{ports: [{port: 53, protocol: UDP}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{to: [{podSelector: {matchLabels: {app: db}}}], ports: [{port: 80}, {port: 443}, {port: 5432}]}]
`);
    expect(conn(reach, web, db)).toBe('TCP 80,443');
    expect(conn(reach, web, anywhere)).toBe('UDP 53');
    expect(conn(reach, db, web)).toBe(none);
    // ops/tool has the same labels as web but podSelector peers are of the policy's namespace.
    expect(conn(reach, 'ops/tool[Deployment]', db)).toBe(none);
  });
});

// Namespaces for the peer tests: shop and ops have Namespace objects, "other" is only referenced.
const peerWorld = `${namespace('shop', { team: 'a' })}${namespace('ops', { team: 'b' })}
${deployment('shop', 'web', { app: 'web' })}${deployment('shop', 'client', { role: 'client' })}${deployment('ops', 'client', { role: 'client' })}${deployment('ops', 'monitor', { role: 'monitor' })}${deployment('other', 'client', { role: 'client' })}`;
const shopClient = 'shop/client[Deployment]';
const opsClient = 'ops/client[Deployment]';
const opsMonitor = 'ops/monitor[Deployment]';
const otherClient = 'other/client[Deployment]';
const shopWeb = 'shop/web[Deployment]';

/** A target Deployment `shop/<name>` and an ingress policy for it with the given `from` list. */
function target(name: string, from: string): string {
  return `${deployment('shop', name, { app: name })}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}-policy, namespace: shop}
spec:
  podSelector: {matchLabels: {app: ${name}}}
  ingress:
  - from:
${from}
`;
}

/** Connections from each source to `to`, as one record. */
function from(reach: ReturnType<typeof reachOf>, to: string, sources = [shopClient, shopWeb, opsClient, opsMonitor, otherClient, anywhere]) {
  return Object.fromEntries(sources.map((s) => [s, conn(reach, s, to)]));
}

describe('peers', () => {
  it('podSelector alone selects pods of the policy’s namespace only', () => {
    const reach = build('peer-pod-selector', `${peerWorld}${target('t', '    - podSelector: {matchLabels: {role: client}}')}`);
    expect(from(reach, 'shop/t[Deployment]')).toEqual({
      [shopClient]: all, [shopWeb]: none, [opsClient]: none, [opsMonitor]: none, [otherClient]: none, [anywhere]: none,
    });
  });

  it('namespaceSelector alone selects every pod of the matching namespaces', () => {
    const reach = build('peer-namespace-selector', `${peerWorld}${target('t', '    - namespaceSelector: {matchLabels: {team: b}}')}`);
    expect(from(reach, 'shop/t[Deployment]')).toEqual({
      [shopClient]: none, [shopWeb]: none, [opsClient]: all, [opsMonitor]: all, [otherClient]: none, [anywhere]: none,
    });
  });

  it('namespaceSelector and podSelector in ONE peer are ANDed; in two peers they are ORed', () => {
    const reach = build('peer-and-or', `${peerWorld}${target('and', `    - namespaceSelector: {matchLabels: {team: b}}
      podSelector: {matchLabels: {role: client}}`)}${target('or', `    - namespaceSelector: {matchLabels: {team: b}}
    - podSelector: {matchLabels: {role: client}}`)}`);
    expect(from(reach, 'shop/and[Deployment]')).toEqual({
      [shopClient]: none, [shopWeb]: none, [opsClient]: all, [opsMonitor]: none, [otherClient]: none, [anywhere]: none,
    });
    expect(from(reach, 'shop/or[Deployment]')).toEqual({
      [shopClient]: all, [shopWeb]: none, [opsClient]: all, [opsMonitor]: all, [otherClient]: none, [anywhere]: none,
    });
  });

  it('namespaceSelector {} selects all pods of all namespaces, but not external addresses; podSelector {} only the policy’s namespace', () => {
    const reach = build('peer-empty-selectors', `${peerWorld}${target('ns-all', '    - namespaceSelector: {}')}${target('pod-all', '    - podSelector: {}')}`);
    expect(from(reach, 'shop/ns-all[Deployment]')).toEqual({
      [shopClient]: all, [shopWeb]: all, [opsClient]: all, [opsMonitor]: all, [otherClient]: all, [anywhere]: none,
    });
    expect(from(reach, 'shop/pod-all[Deployment]')).toEqual({
      [shopClient]: all, [shopWeb]: all, [opsClient]: none, [opsMonitor]: none, [otherClient]: none, [anywhere]: none,
    });
  });

  it('an absent or empty `from` admits everything, external addresses included', () => {
    const reach = build('peer-absent-from', `${peerWorld}${deployment('shop', 'absent', { app: 'absent' })}${deployment('shop', 'empty', { app: 'empty' })}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: absent-from, namespace: shop}
spec:
  podSelector: {matchLabels: {app: absent}}
  ingress: [{ports: [{port: 80}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: empty-from, namespace: shop}
spec:
  podSelector: {matchLabels: {app: empty}}
  ingress: [{from: [], ports: [{port: 81}]}]
`);
    expect(from(reach, 'shop/absent[Deployment]')).toEqual({
      [shopClient]: 'TCP 80', [shopWeb]: 'TCP 80', [opsClient]: 'TCP 80', [opsMonitor]: 'TCP 80', [otherClient]: 'TCP 80', [anywhere]: 'TCP 80',
    });
    expect(from(reach, 'shop/empty[Deployment]')).toEqual({
      [shopClient]: 'TCP 81', [shopWeb]: 'TCP 81', [opsClient]: 'TCP 81', [opsMonitor]: 'TCP 81', [otherClient]: 'TCP 81', [anywhere]: 'TCP 81',
    });
  });

  it('`ingress: [{}]` allows everything into an isolated pod', () => {
    const reach = build('peer-allow-all', `${peerWorld}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{}]
`);
    expect(from(reach, shopWeb, [shopClient, opsClient, otherClient, anywhere])).toEqual({
      [shopClient]: all, [opsClient]: all, [otherClient]: all, [anywhere]: all,
    });
    expect(conn(reach, shopWeb, shopClient)).toBe(none);
  });

  it('`ingress: []` with Ingress in policyTypes denies all ingress, egress untouched', () => {
    const reach = build('peer-ingress-empty', `${peerWorld}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-no-ingress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress: []
`);
    expect(from(reach, shopWeb, [shopClient, opsClient, otherClient, anywhere])).toEqual({
      [shopClient]: none, [opsClient]: none, [otherClient]: none, [anywhere]: none,
    });
    expect(conn(reach, shopWeb, opsClient)).toBe(all);
    expect(conn(reach, shopWeb, anywhere)).toBe(all);
  });

  it('`egress: []` with policyTypes [Egress] denies all egress, ingress untouched', () => {
    const reach = build('peer-egress-empty', `${peerWorld}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-no-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: []
`);
    for (const to of [shopClient, opsClient, otherClient, anywhere]) expect(conn(reach, shopWeb, to), to).toBe(none);
    expect(conn(reach, shopClient, shopWeb)).toBe(all);
    expect(conn(reach, anywhere, shopWeb)).toBe(all);
  });

  it('egress peers follow the same rules: podSelector alone is the policy’s namespace, namespaceSelector alone all its pods', () => {
    const reach = build('peer-egress', `${peerWorld}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {role: client}}}]
    ports: [{port: 80}]
  - to: [{namespaceSelector: {matchLabels: {team: b}}}]
    ports: [{port: 9090}]
`);
    expect(conn(reach, shopWeb, shopClient)).toBe('TCP 80');
    expect(conn(reach, shopWeb, opsClient)).toBe('TCP 9090');
    expect(conn(reach, shopWeb, opsMonitor)).toBe('TCP 9090');
    expect(conn(reach, shopWeb, otherClient)).toBe(none);
    expect(conn(reach, shopWeb, anywhere)).toBe(none);
  });
});

describe('namespace labels', () => {
  it('every namespace has the automatic kubernetes.io/metadata.name label, with or without a Namespace object', () => {
    const reach = build('ns-automatic', `${peerWorld}${target('t', `    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: other}}`)}`);
    expect(from(reach, 'shop/t[Deployment]')).toEqual({
      [shopClient]: none, [shopWeb]: none, [opsClient]: all, [opsMonitor]: all, [otherClient]: all, [anywhere]: none,
    });
  });

  it('labels come from Namespace objects, with matchExpressions semantics (NotIn matches a missing key)', () => {
    const reach = build('ns-object-labels', `${peerWorld}${target('in', '    - namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [a, b]}]}')}${target('notin', '    - namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [a]}]}')}`);
    expect(from(reach, 'shop/in[Deployment]')).toEqual({
      [shopClient]: all, [shopWeb]: all, [opsClient]: all, [opsMonitor]: all, [otherClient]: none, [anywhere]: none,
    });
    expect(from(reach, 'shop/notin[Deployment]')).toEqual({
      [shopClient]: none, [shopWeb]: none, [opsClient]: all, [opsMonitor]: all, [otherClient]: all, [anywhere]: none,
    });
  });

  it('a namespace only referenced by objects has no labels but the automatic one', () => {
    const reach = build('ns-referenced-only', `${peerWorld}${target('exists', '    - namespaceSelector: {matchExpressions: [{key: team, operator: Exists}]}')}${target('missing', '    - namespaceSelector: {matchExpressions: [{key: team, operator: DoesNotExist}]}')}`);
    expect(reach.model.namespaceLabels('other')).toEqual({ 'kubernetes.io/metadata.name': 'other' });
    expect(conn(reach, otherClient, 'shop/exists[Deployment]')).toBe(none);
    expect(conn(reach, opsClient, 'shop/exists[Deployment]')).toBe(all);
    expect(conn(reach, otherClient, 'shop/missing[Deployment]')).toBe(all);
    expect(conn(reach, opsClient, 'shop/missing[Deployment]')).toBe(none);
  });

  it('a Namespace object cannot override the automatic name label', () => {
    const reach = build('ns-name-label-fixed', `${namespace('ops', { 'kubernetes.io/metadata.name': 'fake', team: 'b' })}${deployment('ops', 'client', { role: 'client' })}${target('fake', '    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: fake}}')}${target('real', '    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}')}`);
    expect(reach.model.namespaceLabels('ops')).toEqual({ 'kubernetes.io/metadata.name': 'ops', team: 'b' });
    expect(conn(reach, opsClient, 'shop/fake[Deployment]')).toBe(none);
    expect(conn(reach, opsClient, 'shop/real[Deployment]')).toBe(all);
  });
});

// A server with named ports of every protocol, and a client.
const portWorld = `${deployment('shop', 'srv', { app: 'srv' }, [
  { containerPort: 8080, name: 'http' },
  { containerPort: 5353, name: 'dns', protocol: 'UDP' },
  { containerPort: 9090, name: 'metrics' },
  { containerPort: 3868, name: 'diameter', protocol: 'SCTP' },
])}${deployment('shop', 'client', { app: 'client' }, [{ containerPort: 9999, name: 'http' }])}`;
const srv = 'shop/srv[Deployment]';
const client = 'shop/client[Deployment]';

/** portWorld with an ingress policy on srv whose single rule has the given `ports` (flow YAML). */
function srvPortsText(ports: string): string {
  return `${portWorld}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: srv, namespace: shop}
spec:
  podSelector: {matchLabels: {app: srv}}
  ingress: [{from: [{podSelector: {}}], ports: ${ports}}]
`;
}

function srvPorts(name: string, ports: string) {
  return build(`ports-${name}`, srvPortsText(ports));
}

describe('ports', () => {
  it('a port number allows that TCP port, declared by a container or not', () => {
    expect(conn(srvPorts('number', '[{port: 8080}]'), client, srv)).toBe('TCP 8080');
    expect(conn(srvPorts('undeclared', '[{port: 1234}]'), client, srv)).toBe('TCP 1234');
  });

  it('endPort makes an inclusive range', () => {
    expect(conn(srvPorts('endport', '[{port: 8000, endPort: 8090}]'), client, srv)).toBe('TCP 8000-8090');
    expect(conn(srvPorts('endport-mixed', '[{port: 53, protocol: UDP}, {port: 8000, endPort: 8090}]'), client, srv)).toBe('TCP 8000-8090,UDP 53');
  });

  it('protocol defaults to TCP; UDP and SCTP are distinct protocols', () => {
    expect(conn(srvPorts('default-tcp', '[{port: 53}]'), client, srv)).toBe('TCP 53');
    expect(conn(srvPorts('udp', '[{port: 53, protocol: UDP}]'), client, srv)).toBe('UDP 53');
    expect(conn(srvPorts('sctp', '[{port: 3868, protocol: SCTP}]'), client, srv)).toBe('SCTP 3868');
    expect(conn(srvPorts('all-three', '[{port: 1, protocol: UDP}, {port: 1, protocol: SCTP}, {port: 1, protocol: TCP}]'), client, srv)).toBe('SCTP 1,TCP 1,UDP 1');
  });

  it('an entry with a protocol and no port allows every port of that protocol', () => {
    expect(conn(srvPorts('protocol-only', '[{protocol: UDP}]'), client, srv)).toBe('UDP 1-65535');
    expect(conn(srvPorts('protocol-only-default', '[{}]'), client, srv)).toBe('TCP 1-65535');
  });

  it('ingress named ports resolve on the selected pod, by name AND protocol', () => {
    // The client also declares a port "http" (9999): only the selected (destination) pod's counts.
    expect(conn(srvPorts('named', '[{port: http}]'), client, srv)).toBe('TCP 8080');
    expect(conn(srvPorts('named-udp', '[{port: dns, protocol: UDP}]'), client, srv)).toBe('UDP 5353');
    expect(conn(srvPorts('named-sctp', '[{port: diameter, protocol: SCTP}]'), client, srv)).toBe('SCTP 3868');
    // The name exists, but as UDP: a TCP entry does not resolve.
    expect(conn(srvPorts('named-wrong-protocol', '[{port: dns}]'), client, srv)).toBe(none);
    expect(conn(srvPorts('named-several', '[{port: http}, {port: metrics}, {port: dns, protocol: UDP}]'), client, srv)).toBe('TCP 8080,9090,UDP 5353');
  });

  it('ingress named ports resolve separately on each selected pod', () => {
    const reach = build('ports-named-per-pod', `${deployment('shop', 'a', { tier: 'be', app: 'a' }, [{ containerPort: 8080, name: 'http' }])}${deployment('shop', 'b', { tier: 'be', app: 'b' }, [{ containerPort: 8081, name: 'http' }])}${deployment('shop', 'c', { tier: 'be', app: 'c' })}${deployment('shop', 'client', { app: 'client' })}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: be, namespace: shop}
spec:
  podSelector: {matchLabels: {tier: be}}
  ingress: [{ports: [{port: http}]}]
`);
    expect(conn(reach, client, 'shop/a[Deployment]')).toBe('TCP 8080');
    expect(conn(reach, client, 'shop/b[Deployment]')).toBe('TCP 8081');
    expect(conn(reach, client, 'shop/c[Deployment]')).toBe(none);
    expect(conn(reach, anywhere, 'shop/b[Deployment]')).toBe('TCP 8081');
  });

  it('egress named ports resolve on the destination pod; toward addresses they resolve to nothing', () => {
    const reach = build('ports-named-egress', `${deployment('shop', 'a', { app: 'a' }, [{ containerPort: 8080, name: 'http' }])}${deployment('ops', 'b', { app: 'b' }, [{ containerPort: 8081, name: 'http' }, { containerPort: 8082, name: 'dns', protocol: 'UDP' }])}${deployment('shop', 'c', { app: 'c' }, [{ containerPort: 7000, name: 'other' }])}${deployment('shop', 'client', { app: 'client' }, [{ containerPort: 9999, name: 'http' }])}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {}}]
    ports: [{port: http}]
  - ports: [{port: dns, protocol: UDP}, {port: 443}]
`);
    expect(conn(reach, client, 'shop/a[Deployment]')).toBe('TCP 443,8080');
    expect(conn(reach, client, 'ops/b[Deployment]')).toBe('TCP 443,8081,UDP 8082');
    expect(conn(reach, client, 'shop/c[Deployment]')).toBe('TCP 443');
    expect(conn(reach, client, anywhere)).toBe('TCP 443');
  });

  it('a named port no container declares allows nothing (other entries still apply)', () => {
    expect(conn(srvPorts('unresolved', '[{port: grpc}]'), client, srv)).toBe(none);
    expect(conn(srvPorts('unresolved-mixed', '[{port: grpc}, {port: 443}]'), client, srv)).toBe('TCP 443');
  });

  it('empty or absent `ports` means every port and protocol', () => {
    expect(conn(srvPorts('empty', '[]'), client, srv)).toBe(all);
    const absent = build('ports-absent', `${portWorld}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: srv, namespace: shop}
spec:
  podSelector: {matchLabels: {app: srv}}
  ingress: [{from: [{podSelector: {}}]}]
`);
    expect(conn(absent, client, srv)).toBe(all);
  });

  it('the union of full TCP, UDP and SCTP ranges prints as All Connections', () => {
    expect(conn(srvPorts('three-protocols', '[{protocol: TCP}, {protocol: UDP}, {protocol: SCTP}]'), client, srv)).toBe(all);
    expect(conn(srvPorts('two-protocols', '[{protocol: TCP}, {protocol: UDP}]'), client, srv)).toBe('TCP 1-65535,UDP 1-65535');
    expect(conn(srvPorts('full-ranges', '[{port: 1, endPort: 65535}, {port: 1, endPort: 65535, protocol: UDP}, {protocol: SCTP}]'), client, srv)).toBe(all);
  });
});

const ipClassic = `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-internet, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
    ports: [{port: 443}]
`;

const ipSeparate = `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 192.168.0.0/16}}], ports: [{port: 53, protocol: UDP}]}]
`;

describe('ipBlock', () => {
  it('0.0.0.0/0 except 10.0.0.0/8: three source atoms, the first and third allowed', () => {
    const reach = build('ip-classic', ipClassic);
    expect(reach.externalSources().map((p) => p.key)).toEqual([
      '0.0.0.0-9.255.255.255[External]',
      '10.0.0.0-10.255.255.255[External]',
      '11.0.0.0-255.255.255.255[External]',
    ]);
    expect(conn(reach, '0.0.0.0-9.255.255.255', web)).toBe('TCP 443');
    expect(conn(reach, '10.0.0.0-10.255.255.255', web)).toBe(none);
    expect(conn(reach, '11.0.0.0-255.255.255.255', web)).toBe('TCP 443');
    // Egress destinations are not partitioned by ingress blocks.
    expect(reach.externalDestinations().map((p) => p.key)).toEqual([`${anywhere}[External]`]);
    expect(flowLines(reach).filter((line) => line.includes(`=> ${web}:`))).toEqual([
      `0.0.0.0-9.255.255.255[External] => ${web}: TCP 443`,
      `11.0.0.0-255.255.255.255[External] => ${web}: TCP 443`,
    ]);
  });

  it('pods are never matched by an ipBlock, even 0.0.0.0/0', () => {
    const reach = build('ip-not-pods', `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-ip-only, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}]}]
  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]
`);
    expect(conn(reach, db, web)).toBe(none);
    expect(conn(reach, web, db)).toBe(none);
    expect(conn(reach, anywhere, web)).toBe(all);
    expect(conn(reach, web, anywhere)).toBe(all);
  });

  it('an except inside the cidr punches a hole: five atoms, two allowed', () => {
    const reach = build('ip-except-inside', `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-lan, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{ipBlock: {cidr: 192.168.0.0/16, except: [192.168.1.0/24]}}]}]
`);
    expect(Object.fromEntries(reach.externalSources().map((s) => [s.key, reach.connections(s, peer(reach, web)).toString()]))).toEqual({
      '0.0.0.0-192.167.255.255[External]': none,
      '192.168.0.0-192.168.0.255[External]': all,
      '192.168.1.0-192.168.1.255[External]': none,
      '192.168.2.0-192.168.255.255[External]': all,
      '192.169.0.0-255.255.255.255[External]': none,
    });
    // db is not isolated: every atom reaches it.
    expect(reach.externalSources().every((s) => reach.connections(s, peer(reach, db)).isAll())).toBe(true);
  });

  it('IPv4 and IPv6 blocks: IPv6 atoms appear when an ipBlock is IPv6, each block matching its own family', () => {
    // Atoms are the coarsest partition: from :: to the end of fd00::/16 is one atom, as no block tells its parts apart.
    const reach = build('ip-dual-stack', `${webAndDb}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-dual, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{ipBlock: {cidr: 10.0.0.0/8}}, {ipBlock: {cidr: 'fd00::/8', except: ['fd00::/16']}}]
    ports: [{port: 443}]
`);
    expect(Object.fromEntries(reach.externalSources().map((s) => [s.key, reach.connections(s, peer(reach, web)).toString()]))).toEqual({
      '0.0.0.0-9.255.255.255[External]': none,
      '10.0.0.0-10.255.255.255[External]': 'TCP 443',
      '11.0.0.0-255.255.255.255[External]': none,
      '::-fd00:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]': none,
      'fd01::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]': 'TCP 443',
      'fe00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]': none,
    });
  });

  it('IPv6 atoms do not appear when every ipBlock is IPv4', () => {
    const reach = build('ip-classic', ipClassic);
    expect(reach.externalSources().every((s) => s.interval.family === 4)).toBe(true);
    expect(reach.externalDestinations().every((s) => s.interval.family === 4)).toBe(true);
  });

  it('egress ipBlocks partition destinations separately from ingress ipBlocks partitioning sources', () => {
    const reach = build('ip-separate', ipSeparate);
    expect(reach.externalSources().map((p) => p.key)).toEqual([
      '0.0.0.0-9.255.255.255[External]',
      '10.0.0.0-10.255.255.255[External]',
      '11.0.0.0-255.255.255.255[External]',
    ]);
    expect(reach.externalDestinations().map((p) => p.key)).toEqual([
      '0.0.0.0-192.167.255.255[External]',
      '192.168.0.0-192.168.255.255[External]',
      '192.169.0.0-255.255.255.255[External]',
    ]);
    expect(conn(reach, '10.0.0.0-10.255.255.255', web)).toBe(all);
    expect(conn(reach, '11.0.0.0-255.255.255.255', web)).toBe(none);
    expect(conn(reach, web, '192.168.0.0-192.168.255.255')).toBe('UDP 53');
    expect(conn(reach, web, '0.0.0.0-192.167.255.255')).toBe(none);
    expect(conn(reach, db, '0.0.0.0-192.167.255.255')).toBe(all);
    expect(conn(reach, '11.0.0.0-255.255.255.255', db)).toBe(all);
    // Looking up a source atom as a destination fails: they are different partitions.
    expect(() => destination(reach, '10.0.0.0-10.255.255.255')).toThrow();
    expect(() => source(reach, '192.168.0.0-192.168.255.255')).toThrow();
  });

  it('an ipBlock peer and a selector peer in one rule are ORed', () => {
    const reach = build('ip-or-selector', `${webAndDb}${deployment('shop', 'cache', { app: 'cache' })}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{ipBlock: {cidr: 10.0.0.0/8}}, {podSelector: {matchLabels: {app: db}}}]
    ports: [{port: 8080}]
`);
    expect(conn(reach, '10.0.0.0-10.255.255.255', web)).toBe('TCP 8080');
    expect(conn(reach, db, web)).toBe('TCP 8080');
    expect(conn(reach, 'shop/cache[Deployment]', web)).toBe(none);
    expect(conn(reach, '0.0.0.0-9.255.255.255', web)).toBe(none);
  });
});

describe('workload grouping', () => {
  const pod = (name: string, owner: string | undefined, labels = '{app: p}') => `---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
  labels: ${labels}
${owner ? `  ownerReferences: [${owner}]\n` : ''}spec:
  containers: [{name: main, image: x}]
`;

  it('a bare Pod with a controller is shown as its owner; no kind → [Pod]; a Node owner → the pod itself', () => {
    const reach = build('grouping', [
      pod('web-rs-a', '{apiVersion: apps/v1, kind: ReplicaSet, name: web-rs, controller: true}'),
      pod('web-rs-b', '{apiVersion: apps/v1, kind: ReplicaSet, name: web-rs, controller: true}'),
      pod('orphan-1', '{name: mystery, controller: true}', '{app: q}'),
      pod('kube-proxy-node1', '{apiVersion: v1, kind: Node, name: node1, controller: true}', '{app: r}'),
      pod('not-controlled', '{apiVersion: apps/v1, kind: ReplicaSet, name: other-rs}', '{app: s}'),
      pod('plain', undefined, '{app: t}'),
    ].join(''));
    expect(reach.peers.map((p) => [p.key, p.workloads.map((w) => w.name)])).toEqual([
      ['shop/kube-proxy-node1[Pod]', ['kube-proxy-node1']],
      ['shop/mystery[Pod]', ['orphan-1']],
      ['shop/not-controlled[Pod]', ['not-controlled']],
      ['shop/plain[Pod]', ['plain']],
      ['shop/web-rs[ReplicaSet]', ['web-rs-a', 'web-rs-b']],
    ]);
  });

  it('self pairs are excluded from flows; peers sharing a pod class are still listed both ways', () => {
    const reach = build('self-pairs', `${deployment('shop', 'a', { app: 'same' })}${deployment('shop', 'b', { app: 'same' })}`);
    const [a, b] = reach.peers;
    expect(a?.podClass).toBe(b?.podClass);
    // connections() answers for a self pair, but flows() never lists one.
    expect(reach.connections(a!, a!).toString()).toBe(all);
    expect(flowLines(reach)).toEqual([
      `${anywhere}[External] => shop/a[Deployment]: ${all}`,
      `${anywhere}[External] => shop/b[Deployment]: ${all}`,
      `shop/a[Deployment] => ${anywhere}[External]: ${all}`,
      `shop/a[Deployment] => shop/b[Deployment]: ${all}`,
      `shop/b[Deployment] => ${anywhere}[External]: ${all}`,
      `shop/b[Deployment] => shop/a[Deployment]: ${all}`,
    ]);
  });

  it('address-to-address pairs are never connected nor listed', () => {
    const reach = build('ip-separate', ipSeparate);
    for (const s of reach.externalSources()) {
      for (const d of reach.externalDestinations()) expect(reach.connections(s, d).toString()).toBe(none);
    }
    const flows = reach.flows();
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.filter((f) => f.from.type === 'external' && f.to.type === 'external')).toEqual([]);
    expect(flows.filter((f) => f.from.key === f.to.key)).toEqual([]);
  });
});

describe('explainFlow', () => {
  const andWorld = `${peerWorld}${target('and', `    - namespaceSelector: {matchLabels: {team: b}}
      podSelector: {matchLabels: {role: client}}`)}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{to: [{podSelector: {matchLabels: {role: client}}}], ports: [{port: 80}]}]
`;
  const pods = (reach: ReturnType<typeof reachOf>, key: string) => ({ type: 'pods' as const, pods: peer(reach, key).podClass });

  it('a flow denied by a namespaceSelector: closest on the ingress side, miss names the selector and the namespace', () => {
    const reach = build('explain', andWorld);
    const e = explainFlow(reach.model, pods(reach, shopClient), pods(reach, 'shop/and[Deployment]'), undefined);
    expect(e.allowed).toBe(false);
    expect(e.connections.toString()).toBe(none);
    expect(e.egress?.isolatedBy).toEqual([]);
    expect(e.egress?.closest).toBeUndefined();
    expect(e.ingress?.isolatedBy.map((p) => p.name)).toEqual(['and-policy']);
    expect(e.ingress?.admitting).toEqual([]);
    expect(e.ingress?.closest?.policy.name).toBe('and-policy');
    expect(e.ingress?.closest?.rule.index).toBe(0);
    expect(e.ingress?.closest?.admitsPeer).toBe(false);
    expect(e.ingress?.closest?.miss).toBe('namespaceSelector team=b does not match namespace shop (team=a,kubernetes.io/metadata.name=shop)');
  });

  it('a flow denied by the podSelector half of an AND peer: miss names the podSelector', () => {
    const reach = build('explain', andWorld);
    const e = explainFlow(reach.model, pods(reach, opsMonitor), pods(reach, 'shop/and[Deployment]'), undefined);
    expect(e.allowed).toBe(false);
    expect(e.ingress?.closest?.miss).toBe('podSelector role=client does not match role=monitor');
  });

  it('an allowed flow lists the admitting rule and has no closest', () => {
    const reach = build('explain', andWorld);
    const e = explainFlow(reach.model, pods(reach, opsClient), pods(reach, 'shop/and[Deployment]'), undefined);
    expect(e.allowed).toBe(true);
    expect(e.connections.toString()).toBe(all);
    expect(e.ingress?.admitting.map((v) => [v.policy.name, v.rule.index, v.miss])).toEqual([['and-policy', 0, undefined]]);
    expect(e.ingress?.closest).toBeUndefined();
  });

  it('a flow denied on the egress side: closest on the egress side, with a port miss when a port is asked', () => {
    const reach = build('explain', andWorld);
    const denied = explainFlow(reach.model, pods(reach, shopWeb), pods(reach, opsClient), undefined);
    expect(denied.allowed).toBe(false);
    expect(denied.ingress?.closest).toBeUndefined();
    expect(denied.egress?.closest?.policy.name).toBe('web-out');
    expect(denied.egress?.closest?.miss).toBe('podSelector without namespaceSelector selects pods of shop only, not of ops');

    const wrongPort = explainFlow(reach.model, pods(reach, shopWeb), pods(reach, shopClient), { protocol: 'TCP', port: 443 });
    expect(wrongPort.allowed).toBe(false);
    expect(wrongPort.connections.toString()).toBe('TCP 80');
    expect(wrongPort.egress?.closest?.admitsPeer).toBe(true);
    expect(wrongPort.egress?.closest?.miss).toBe('it allows TCP 80 only');

    const rightPort = explainFlow(reach.model, pods(reach, shopWeb), pods(reach, shopClient), { protocol: 'TCP', port: 80 });
    expect(rightPort.allowed).toBe(true);
    expect(rightPort.egress?.admitting.map((v) => v.policy.name)).toEqual(['web-out']);
    expect(rightPort.egress?.closest).toBeUndefined();
  });

  it('the closest rule is one that admits the peer (missing the port) before one that has the port (missing the peer)', () => {
    const reach = build('explain-closest', `${webAndDb}${deployment('shop', 'cache', { app: 'cache' })}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: cache}}}]
    ports: [{port: 5432}]
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 80}]
`);
    const e = explainFlow(reach.model, pods(reach, web), pods(reach, db), { protocol: 'TCP', port: 5432 });
    expect(e.allowed).toBe(false);
    expect(e.connections.toString()).toBe('TCP 80');
    expect(e.ingress?.closest?.rule.index).toBe(1);
    expect(e.ingress?.closest?.miss).toBe('it allows TCP 80 only');
    const other = explainFlow(reach.model, pods(reach, 'shop/cache[Deployment]'), pods(reach, db), { protocol: 'TCP', port: 80 });
    expect(other.ingress?.closest?.rule.index).toBe(0);
    expect(other.ingress?.closest?.miss).toBe('it allows TCP 5432 only');
  });

  it('an external source outside the ipBlock: miss names the interval and the block', () => {
    const reach = build('ip-classic', ipClassic);
    const e = explainFlow(reach.model, { type: 'ip', interval: source(reach, '10.0.0.0-10.255.255.255').interval }, pods(reach, web), undefined);
    expect(e.allowed).toBe(false);
    expect(e.egress).toBeUndefined();
    expect(e.ingress?.closest?.miss).toBe('10.0.0.0-10.255.255.255 is not in ipBlock 0.0.0.0/0 except 10.0.0.0/8');
  });

  it('a named port that resolves to nothing is the miss', () => {
    const reach = build('ports-unresolved', srvPortsText('[{port: grpc}]'));
    const e = explainFlow(reach.model, pods(reach, client), pods(reach, srv), undefined);
    expect(e.allowed).toBe(false);
    expect(e.ingress?.closest?.admitsPeer).toBe(true);
    expect(e.ingress?.closest?.miss).toBe('its ports resolve to nothing on the destination (a named port no container declares)');
  });
});

// A denser manifest mixing every kind of peer and port, across namespaces and pod classes.
const mixed = `${peerWorld}${deployment('ops', 'srv', { app: 'srv' }, [
  { containerPort: 8080, name: 'http' },
  { containerPort: 5353, name: 'dns', protocol: 'UDP' },
  { containerPort: 9090, name: 'metrics' },
])}${deployment('ops', 'caller', { app: 'caller', role: 'client' })}${deployment('other', 'srv', { app: 'srv' }, [{ containerPort: 8443, name: 'http' }])}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: ops}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: srv-in, namespace: ops}
spec:
  podSelector: {matchLabels: {app: srv}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: a}}}, {ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
    ports: [{port: http}, {port: dns, protocol: UDP}]
  - from: [{namespaceSelector: {}, podSelector: {matchLabels: {role: client}}}]
    ports: [{port: 9000, endPort: 9100}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: caller-out, namespace: ops}
spec:
  podSelector: {matchExpressions: [{key: app, operator: In, values: [caller]}]}
  egress:
  - to: [{namespaceSelector: {}}]
    ports: [{port: http}, {port: 53, protocol: UDP}]
  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}, {ipBlock: {cidr: '2001:db8::/32'}}]
    ports: [{port: 443}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: monitor-out, namespace: ops}
spec:
  podSelector: {matchLabels: {role: monitor}}
  egress:
  - to: [{namespaceSelector: {matchLabels: {team: a}}}]
  - to: [{podSelector: {matchLabels: {app: srv}}}]
    ports: [{port: metrics}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: b}}, podSelector: {matchLabels: {role: monitor}}}]
  - from: [{podSelector: {matchExpressions: [{key: role, operator: Exists}]}}]
    ports: [{protocol: UDP}]
`;

/** A random but valid manifest: namespaces, workloads with named ports, and policies of every shape. */
function randomManifest(seed: number): string {
  const r = prng(seed);
  const docs: unknown[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n0', labels: { team: 'a', env: 'prod' } } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n1', labels: { team: 'b' } } },
  ];
  const namespaces = ['n0', 'n1', 'n2'];
  const apps = ['x', 'y', 'z'];
  for (let i = 0; i < 7; i++) {
    const labels: Record<string, string> = { app: r.pick(apps) };
    if (r.chance(0.5)) labels.role = r.pick(['r1', 'r2']);
    const ports = [];
    if (r.chance(0.6)) ports.push({ containerPort: r.pick([8080, 8081]), name: 'http' });
    if (r.chance(0.4)) ports.push({ containerPort: 5353, name: 'dns', protocol: 'UDP' });
    if (r.chance(0.3)) ports.push({ containerPort: 9090, name: 'metrics' });
    if (r.chance(0.2)) ports.push({ containerPort: 3868, name: 'diameter', protocol: 'SCTP' });
    docs.push({
      apiVersion: 'apps/v1',
      kind: r.pick(['Deployment', 'StatefulSet', 'DaemonSet']),
      metadata: { name: `w${i}`, namespace: r.pick(namespaces) },
      spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'x', ports }] } } },
    });
  }
  const selector = () =>
    r.pick([
      {},
      { matchLabels: { app: r.pick(apps) } },
      { matchLabels: { role: r.pick(['r1', 'r2']) } },
      { matchExpressions: [{ key: 'app', operator: r.pick(['In', 'NotIn']), values: [r.pick(apps), r.pick(apps)] }] },
      { matchExpressions: [{ key: 'role', operator: r.pick(['Exists', 'DoesNotExist']) }] },
    ]);
  const namespaceSelector = () =>
    r.pick([
      {},
      { matchLabels: { team: r.pick(['a', 'b']) } },
      { matchLabels: { 'kubernetes.io/metadata.name': r.pick(namespaces) } },
      { matchExpressions: [{ key: 'team', operator: r.pick(['Exists', 'DoesNotExist', 'NotIn']), values: ['a'] }] },
    ]);
  const cidrs = [
    { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] },
    { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] },
    { cidr: '10.1.2.0/24' },
    { cidr: '192.168.0.0/16' },
    { cidr: 'fd00::/8', except: ['fd00:1::/32'] },
    { cidr: '::/0' },
  ];
  const peerOf = () =>
    r.pick([
      () => ({ podSelector: selector() }),
      () => ({ namespaceSelector: namespaceSelector() }),
      () => ({ namespaceSelector: namespaceSelector(), podSelector: selector() }),
      () => ({ ipBlock: r.pick(cidrs) }),
    ])();
  const portOf = () =>
    r.pick([
      () => ({ port: r.pick([80, 8080, 8081, 5353]) }),
      () => ({ port: 8000, endPort: 8100 }),
      () => ({ port: r.pick(['http', 'metrics', 'grpc']) }),
      () => ({ port: 'dns', protocol: 'UDP' }),
      () => ({ port: 'diameter', protocol: 'SCTP' }),
      () => ({ protocol: r.pick(['TCP', 'UDP', 'SCTP']) }),
      () => ({ port: 53, protocol: 'UDP' }),
    ])();
  const rules = (peerKey: 'from' | 'to') =>
    Array.from({ length: r.int(3) }, () => {
      const rule: Record<string, unknown> = {};
      if (r.chance(0.8)) rule[peerKey] = Array.from({ length: 1 + r.int(2) }, peerOf);
      if (r.chance(0.7)) rule.ports = Array.from({ length: 1 + r.int(2) }, portOf);
      return rule;
    });
  for (let i = 0; i < 5; i++) {
    const spec: Record<string, unknown> = { podSelector: selector() };
    const types = r.pick([undefined, [], ['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
    if (types) spec.policyTypes = types;
    if (r.chance(0.8)) spec.ingress = rules('from');
    if (r.chance(0.6)) spec.egress = rules('to');
    docs.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `p${i}`, namespace: r.pick(namespaces) }, spec });
  }
  return docs.map((doc) => `---\n${JSON.stringify(doc)}\n`).join('');
}

describe('the indexed fast path agrees with the direct evaluation', () => {
  it('spot checks on a mixed manifest', () => {
    const reach = build('mixed', mixed);
    const opsSrv = 'ops/srv[Deployment]';
    const caller = 'ops/caller[Deployment]';
    // Egress named port "http" resolves on each destination.
    expect(conn(reach, caller, 'other/srv[Deployment]')).toBe('TCP 8443,UDP 53');
    // caller's egress (TCP 8080, UDP 53) and srv's ingress for role=client (TCP 9000-9100) do not meet.
    expect(conn(reach, caller, opsSrv)).toBe(none);
    // ops/client is isolated by deny-all and selected by no egress policy.
    expect(conn(reach, opsClient, opsSrv)).toBe(none);
    expect(conn(reach, opsMonitor, opsSrv)).toBe(none);
    expect(conn(reach, opsMonitor, shopWeb)).toBe(all);
    expect(conn(reach, shopClient, opsSrv)).toBe('TCP 8080,9000-9100,UDP 5353');
    expect(conn(reach, shopWeb, opsSrv)).toBe('TCP 8080,UDP 5353');
    expect(conn(reach, otherClient, opsSrv)).toBe('TCP 9000-9100');
    expect(conn(reach, shopClient, shopWeb)).toBe('UDP 1-65535');
    expect(conn(reach, '10.0.0.0-10.0.255.255', opsSrv)).toBe('TCP 8080,UDP 5353');
    expect(conn(reach, '10.1.0.0-10.1.255.255', opsSrv)).toBe(none);
    expect(conn(reach, '10.2.0.0-10.255.255.255', opsSrv)).toBe('TCP 8080,UDP 5353');
    expect(conn(reach, caller, '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')).toBe('TCP 443');
    expect(conn(reach, caller, '10.0.0.0-10.255.255.255')).toBe(none);
    expect(conn(reach, caller, '0.0.0.0-9.255.255.255')).toBe('TCP 443');
  });

  it('on random manifests, for every pair of peers and every external atom', () => {
    let compared = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const text = randomManifest(seed);
      compared += (() => {
        const before = crossChecked;
        build(`random seed ${seed}`, text);
        return crossChecked - before;
      })();
    }
    expect(compared).toBeGreaterThan(3000);
  });
});
