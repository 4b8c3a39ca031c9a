/** `netlint reach` as a user runs it: the seed's questions, every format, filters and errors. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { sharedDir, withoutShared } from '../helpers/shared.js';

const root = new URL('../../', import.meta.url).pathname;
const examples = join(root, 'examples');

function reach(args: string[], input = '', cwd = examples) {
  const run = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'reach', ...args], { cwd, encoding: 'utf8', input });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const twoTier = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, ports: [{name: http, containerPort: 9090}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: http}]
`;

/**
 * The tutorial's "fixed" app, which is still broken: the repository's copy always, the tutorial's
 * exact file where ../shared exists (it adds a frontend Service and a policy admitting TCP 80).
 */
function fixedAppSuite(dir: string, file: string, externalFlows: string) {
  const run = (args: string[]) => reach([file, ...args], '', dir);
  const shown = file.replace('.', '\\.');

  it('frontend to backend:5678 is DENIED, naming allow-dns and backend-policy', () => {
    const { code, stdout, stderr } = run(['--from', 'fixed-net/frontend', '--to', 'fixed-net/backend:5678']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('fixed-net/frontend[Deployment] => fixed-net/backend[Deployment] on TCP 5678: DENIED');
    const egress = lines.findIndex((l) => l.startsWith('egress of fixed-net/frontend'));
    const ingress = lines.findIndex((l) => l.startsWith('ingress of fixed-net/backend'));
    expect(lines[egress]).toContain(`isolated by NetworkPolicy fixed-net/allow-dns (${file}:`);
    expect(lines.slice(egress, ingress).join('\n')).toMatch(
      new RegExp(`closest: NetworkPolicy fixed-net/allow-dns egress rule 1 \\(${shown}:\\d+:\\d+\\): namespaceSelector name=kube-system does not match namespace fixed-net`),
    );
    expect(lines[ingress]).toContain('isolated by NetworkPolicy fixed-net/backend-policy');
    expect(lines.slice(ingress).join('\n')).toMatch(
      new RegExp(`allowed by NetworkPolicy fixed-net/backend-policy ingress rule 1 \\(${shown}:\\d+:\\d+\\): TCP 5678`),
    );
  });

  it('lists the only allowed flow: from the outside world to the frontend', () => {
    expect(run(['--format', 'connlist']).stdout).toBe(externalFlows);
  });

  it('shows that no pod may reach addresses outside the cluster', () => {
    const { stdout } = run(['--from', 'fixed-net/frontend', '--to', '142.250.80.46:443']);
    expect(stdout.split('\n')[0]).toBe('fixed-net/frontend[Deployment] => 142.250.80.46 on TCP 443: DENIED');
  });
}

describe('the scenario: examples/tutorial-fixed-app.yaml', () => {
  fixedAppSuite(examples, 'tutorial-fixed-app.yaml', '0.0.0.0-255.255.255.255[External] => fixed-net/frontend[Deployment] : All Connections\n');
});

describe.skipIf(withoutShared)('the tutorial\'s exact fixed-app.yaml (optional: ../shared/seed)', () => {
  fixedAppSuite(join(sharedDir ?? root, 'seed'), 'fixed-app.yaml', '0.0.0.0-255.255.255.255[External] => fixed-net/frontend[Deployment] : TCP 80\n');
});

describe('reach formats', () => {
  it('text groups flows by source', () => {
    const { stdout } = reach(['-'], twoTier);
    expect(stdout).toContain('shop/web[Deployment]\n  -> 0.0.0.0-255.255.255.255[External]  All Connections\n  -> shop/api[Deployment]');
    expect(stdout).toContain('  TCP 9090\n');
    expect(stdout).toMatch(/\n\d+ allowed flows\n$/);
  });

  it('json follows schemas/netlint-reach.schema.json', () => {
    const { stdout } = reach(['-', '-f', 'json'], twoTier);
    const flows = JSON.parse(stdout) as unknown[];
    const schema = JSON.parse(readFileSync(join(root, 'schemas/netlint-reach.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: true }).compile(schema);
    expect(validate(flows), JSON.stringify(validate.errors)).toBe(true);
    expect(flows).toContainEqual({ from: { namespace: 'shop', name: 'web', kind: 'Deployment' }, to: { namespace: 'shop', name: 'api', kind: 'Deployment' }, connections: { TCP: ['9090'] } });
    expect(flows).toContainEqual({ from: { ipRange: '0.0.0.0-255.255.255.255' }, to: { namespace: 'shop', name: 'web', kind: 'Deployment' }, connections: 'all' });
  });

  it('dot draws namespaces as clusters and the outside world as one node', () => {
    const { stdout } = reach(['-', '-f', 'dot'], twoTier);
    expect(stdout).toMatch(/^digraph netlint \{/);
    expect(stdout).toContain('newrank=true;');
    expect(stdout).toContain('label="namespace shop";');
    expect(stdout).toContain('"shop/web[Deployment]" -> "shop/api[Deployment]" [label="TCP 9090"];');
    expect(stdout).toContain('"external" -> "shop/web[Deployment]" [label="all"];');
  });

  it('graphs say when the outside world is allowed only for some addresses', () => {
    const limited = `${twoTier}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-office, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{ipBlock: {cidr: 192.0.2.0/24}}]
`;
    expect(reach(['-', '-f', 'dot'], limited).stdout).toContain('"external" -> "shop/web[Deployment]" [label="all (some addresses)"];');
    expect(reach(['-', '-f', 'mermaid'], limited).stdout).toMatch(/outside -->\|"all \(some addresses\)"\| w\d/);
  });

  it('mermaid draws the same graph', () => {
    const { stdout } = reach(['-', '-f', 'mermaid'], twoTier);
    expect(stdout).toMatch(/^flowchart LR\n {2}subgraph ns0\["namespace shop"\]/);
    expect(stdout).toMatch(/w\d -->\|"TCP 9090"\| w\d/);
    expect(stdout).toContain('outside(("outside the cluster"))');
  });
});

describe('reach filters and explanations', () => {
  it('--from alone lists the flows of one source; --to alone the flows to one destination', () => {
    expect(reach(['-', '-f', 'connlist', '--from', 'shop/web'], twoTier).stdout.split('\n').filter(Boolean).every((l) => l.startsWith('shop/web[Deployment] => '))).toBe(true);
    expect(reach(['-', '-f', 'connlist', '--to', 'shop/api'], twoTier).stdout).toBe('shop/web[Deployment] => shop/api[Deployment] : TCP 9090\n');
  });

  it('--namespace qualifies bare names', () => {
    expect(reach(['-', '-f', 'connlist', '-n', 'shop', '--to', 'api'], twoTier).stdout).toBe('shop/web[Deployment] => shop/api[Deployment] : TCP 9090\n');
  });

  it('an allowed flow exits 0 and names the admitting rule; a named port resolves on the destination', () => {
    const { code, stdout } = reach(['-', '--from', 'shop/web', '--to', 'shop/api:http'], twoTier);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^shop\/web\[Deployment\] => shop\/api\[Deployment\] on TCP 9090: ALLOWED\n/);
    expect(stdout).toMatch(/allowed by NetworkPolicy shop\/api-from-web ingress rule 1 \(<stdin>:\d+:\d+\): TCP 9090/);
  });

  it('a denied port names the closest rule and what it allows', () => {
    const { code, stdout } = reach(['-', '--from', 'shop/web', '--to', 'shop/api:8080'], twoTier);
    expect(code).toBe(1);
    expect(stdout).toContain('closest: NetworkPolicy shop/api-from-web ingress rule 1');
    expect(stdout).toContain('it allows TCP 9090 only');
  });

  it('explains as JSON too, following schemas/netlint-reach-explain.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas/netlint-reach-explain.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: true }).compile(schema);
    const allowed = JSON.parse(reach(['-', '--from', 'shop/web', '--to', 'shop/api:9090', '-f', 'json'], twoTier).stdout) as {
      from: unknown;
      allowed: boolean;
      ingress: { admittedBy: { location: string }[] };
    };
    expect(validate(allowed), JSON.stringify(validate.errors)).toBe(true);
    expect(allowed.from).toEqual({ namespace: 'shop', name: 'web', kind: 'Deployment' });
    expect(allowed.allowed).toBe(true);
    expect(allowed.ingress.admittedBy.map((r) => r.location)).toEqual(['<stdin>:24:5']);
    const denied = JSON.parse(reach(['-', '--from', '10.1.2.3', '--to', 'shop/api:9090', '-f', 'json'], twoTier).stdout) as { from: unknown; egress: unknown; ingress: { closest: { miss: string } } };
    expect(validate(denied), JSON.stringify(validate.errors)).toBe(true);
    expect(denied.from).toEqual({ address: '10.1.2.3' });
    expect(denied.egress).toBeNull();
    expect(denied.ingress.closest.miss).toBe('its selectors match pods, not external addresses');
  });

  describe('a denial names a policy that selects nothing but nearly selects the pods', () => {
    const shop = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: front-end, namespace: shop}
spec:
  template:
    metadata: {labels: {name: front-end}}
    spec: {containers: [{name: web, ports: [{containerPort: 8079}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: carts, namespace: shop}
spec:
  template:
    metadata: {labels: {name: carts}}
    spec: {containers: [{name: carts, ports: [{containerPort: 80}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cart-access, namespace: shop}
spec:
  podSelector: {matchLabels: {name: cart}}
  ingress:
  - from: [{podSelector: {matchLabels: {name: front-end}}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: front-end-out, namespace: shop}
spec:
  podSelector: {matchExpressions: [{key: tier, operator: Exists}], matchLabels: {name: front-end}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {name: carts}}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: carts-policy-for-another-label, namespace: shop}
spec:
  podSelector: {matchLabels: {name: carts, version: v2}}
  ingress:
  - from: [{podSelector: {matchLabels: {name: front-end}}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: two-labels-off, namespace: shop}
spec:
  podSelector: {matchLabels: {name: cart, tier: backend}}
  ingress:
  - from: [{podSelector: {}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: front-end-in, namespace: shop}
spec:
  podSelector: {matchLabels: {name: front-end}}
  ingress:
  - from: [{podSelector: {}}]
`;

    it('in text, on the side that denies: ingress by a misspelt value, egress by a missing label', () => {
      const { code, stdout } = reach(['-', '--from', 'shop/front-end', '--to', 'shop/carts:80'], shop);
      expect(code).toBe(1);
      expect(stdout).toContain(
        '  near miss: NetworkPolicy shop/cart-access (<stdin>:29:3) selects name=cart; the pods have name=carts, so it applies to no workload: if it was meant for these pods, fix its podSelector\n',
      );
      expect(stdout).toContain(
        '  near miss: NetworkPolicy shop/front-end-out (<stdin>:37:3) selects tier; the pods have no label tier, so it applies to no workload: if it was meant for these pods, fix its podSelector\n',
      );
      // A policy that differs from the pods in two labels is not a near miss; one whose extra label the pods lack is.
      expect(stdout).not.toContain('two-labels-off');
      // Nor is a policy that selects some workload (front-end-in differs from carts' pods by one label, but applies to front-end).
      expect(stdout).not.toContain('front-end-in');
      expect(stdout).toContain('NetworkPolicy shop/carts-policy-for-another-label (<stdin>:46:3) selects version=v2; the pods have no label version');
      // The isolating policy and the closest-rule lines stay as they were.
      expect(stdout).toContain('ingress of shop/carts[Deployment]: isolated by NetworkPolicy shop/default-deny (<stdin>:20:18)');
    });

    it('in JSON, under nearlySelecting of each side', () => {
      const schema = JSON.parse(readFileSync(join(root, 'schemas/netlint-reach-explain.schema.json'), 'utf8')) as object;
      const validate = new Ajv({ strict: true }).compile(schema);
      type Side = { nearlySelecting: { policy: { name: string }; location: string; selects: string; podsHave: string | null }[] };
      const json = JSON.parse(reach(['-', '--from', 'shop/front-end', '--to', 'shop/carts:80', '-f', 'json'], shop).stdout) as { egress: Side; ingress: Side };
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(json.ingress.nearlySelecting).toEqual([
        { policy: { namespace: 'shop', name: 'cart-access' }, location: '<stdin>:29:3', selects: 'name=cart', podsHave: 'name=carts' },
        { policy: { namespace: 'shop', name: 'carts-policy-for-another-label' }, location: '<stdin>:46:3', selects: 'version=v2', podsHave: null },
      ]);
      expect(json.egress.nearlySelecting).toEqual([
        { policy: { namespace: 'shop', name: 'front-end-out' }, location: '<stdin>:37:3', selects: 'tier', podsHave: null },
      ]);
    });

    it('not on an allowed flow', () => {
      const fixed = shop.replace('{matchLabels: {name: cart}}', '{matchLabels: {name: carts}}').replace('{key: tier, operator: Exists}', '{key: tier, operator: DoesNotExist}');
      const json = JSON.parse(reach(['-', '--from', 'shop/front-end', '--to', 'shop/carts:80', '-f', 'json'], fixed).stdout) as { allowed: boolean; egress: { nearlySelecting: unknown[] }; ingress: { nearlySelecting: unknown[] } };
      expect(json.allowed).toBe(true);
      expect(json.egress.nearlySelecting).toEqual([]);
      expect(json.ingress.nearlySelecting).toEqual([]);
    });
  });

  it('an output file that cannot be written is an error (exit 2), not a stack trace', () => {
    const { code, stderr } = reach(['-', '-o', '/nonexistent-dir/flows.txt'], twoTier);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^netlint reach: cannot write \/nonexistent-dir\/flows\.txt: ENOENT/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('says so when the input holds no workloads', () => {
    expect(reach(['-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n')).toEqual({ code: 0, stdout: 'No workloads in the input.\n', stderr: '' });
  });

  it('unknown peers and formats are usage errors (exit 2) with a hint', () => {
    const unknown = reach(['-', '--from', 'shop/wbe', '--to', 'shop/api'], twoTier);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('netlint reach: no workload or Service shop/wbe in the input\n');
    const wrongNamespace = reach(['-', '--from', 'web', '--to', 'shop/api'], twoTier);
    expect(wrongNamespace.stderr).toContain('did you mean shop/web[Deployment]?');
    expect(reach(['-', '-f', 'svg'], twoTier).code).toBe(2);
  });
});

describe('--pod-ips', () => {
  const pods = `
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: c}]}
status: {podIP: 10.1.0.5, podIPs: [{ip: 10.1.0.5}]}
---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: shop, labels: {app: server}}
spec: {containers: [{name: s}]}
status: {podIP: 10.2.0.9}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: server-from-subnet, namespace: shop}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress:
  - from: [{ipBlock: {cidr: 10.1.0.0/16}}]
`;
  it('by default ipBlocks never match pods', () => {
    expect(reach(['-', '-f', 'connlist', '--to', 'shop/server'], pods).stdout).toBe('10.1.0.0-10.1.255.255[External] => shop/server[Pod] : All Connections\n');
  });
  it('with --pod-ips a pod whose status.podIP is in the block is admitted', () => {
    expect(reach(['-', '-f', 'connlist', '--to', 'shop/server', '--pod-ips'], pods).stdout).toBe(
      '10.1.0.0-10.1.255.255[External] => shop/server[Pod] : All Connections\nshop/client[Pod] => shop/server[Pod] : All Connections\n',
    );
    expect(reach(['-', '--from', 'shop/client', '--to', 'shop/server:80', '--pod-ips'], pods).code).toBe(0);
    // A pod's own address stands for the pod, not for a host outside the cluster.
    const byAddress = reach(['-', '--from', 'shop/server', '--to', '10.1.0.5:80', '--pod-ips'], pods);
    expect(byAddress.stdout.split('\n')[0]).toBe('shop/server[Pod] => shop/client[Pod] on TCP 80: ALLOWED');
  });
});

describe('reach --to with a port, without --from', () => {
  // web is open to everyone; api admits web on its named port only.
  const withOpenWeb = `${twoTier}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: shop}
spec:
  template:
    metadata: {labels: {app: worker}}
    spec: {containers: [{name: w}]}
`;

  it('lists only the flows that include the port, showing just that port (text)', () => {
    const all = reach(['-', '--to', 'shop/web'], withOpenWeb);
    expect(all.stdout).toContain('All Connections');
    const { code, stdout, stderr } = reach(['-', '--to', 'shop/web:8080'], withOpenWeb);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).not.toContain('All Connections');
    expect(stdout).toContain('shop/api[Deployment]\n  -> shop/web[Deployment]  TCP 8080\n');
    expect(stdout).toMatch(/\n3 allowed flows\n$/);
  });

  it('drops flows that do not include the port', () => {
    expect(reach(['-', '--to', 'shop/api:8080'], withOpenWeb).stdout).toBe('No connections are allowed.\n');
    expect(reach(['-', '-f', 'connlist', '--to', 'shop/api:9090'], withOpenWeb).stdout).toBe('shop/web[Deployment] => shop/api[Deployment] : TCP 9090\n');
  });

  it('filters json, connlist and the graphs the same way; a port name resolves on the destination', () => {
    const flows = JSON.parse(reach(['-', '-f', 'json', '--to', 'shop/web:http'], withOpenWeb).stdout) as { connections: unknown }[];
    expect(flows).toHaveLength(3);
    expect(flows.every((f) => JSON.stringify(f.connections) === '{"TCP":["8080"]}')).toBe(true);
    expect(reach(['-', '-f', 'connlist', '--to', 'shop/web:53/UDP'], withOpenWeb).stdout.split('\n').filter(Boolean).every((l) => l.endsWith(' : UDP 53'))).toBe(true);
    expect(reach(['-', '-f', 'dot', '--to', 'shop/web:http'], withOpenWeb).stdout).toContain('"external" -> "shop/web[Deployment]" [label="TCP 8080"];');
    expect(reach(['-', '-f', 'mermaid', '--to', 'shop/web:http'], withOpenWeb).stdout).toMatch(/outside -->\|"TCP 8080"\| w\d/);
  });

  it('a port to an address filters too', () => {
    const { stdout } = reach(['-', '-f', 'connlist', '--to', '192.0.2.1:443'], withOpenWeb);
    expect(stdout).toBe(
      ['api', 'web', 'worker'].map((w) => `shop/${w}[Deployment] => 0.0.0.0-255.255.255.255[External] : TCP 443\n`).join(''),
    );
  });

  it('a port name no container declares is a usage error naming the declared ports, with or without --from', () => {
    const expected = 'netlint reach: shop/api[Deployment] declares no TCP port named "htp"; its ports: http (TCP 9090)\n';
    expect(reach(['-', '--to', 'shop/api:htp'], withOpenWeb)).toEqual({ code: 2, stdout: '', stderr: expected });
    expect(reach(['-', '--from', 'shop/web', '--to', 'shop/api:htp'], withOpenWeb)).toEqual({ code: 2, stdout: '', stderr: expected });
    expect(reach(['-', '--to', 'shop/worker:http'], withOpenWeb).stderr).toBe(
      'netlint reach: shop/worker[Deployment] declares no TCP port named "http"; it declares no container ports; give the port by number\n',
    );
    expect(reach(['-', '--to', 'shop/api:http/UDP'], withOpenWeb).stderr).toContain('declares no UDP port named "http"');
    expect(reach(['-', '--to', '192.0.2.1:https'], withOpenWeb).stderr).toBe('netlint reach: an address has no named ports: give the port of 192.0.2.1 by number, not "https"\n');
  });

  it('a port name on pods an operator creates says the input does not show their ports', () => {
    const prometheus = `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: mon}
spec: {replicas: 2}
`;
    expect(reach(['-', '--to', 'mon/k8s:web'], prometheus)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'netlint reach: mon/k8s[Prometheus] declares no TCP port named "web"; the input does not show its ports (its pods are created by prometheus-operator); give the port by number\n',
    });
  });

  it('--from takes no port', () => {
    expect(reach(['-', '--from', 'shop/web:80', '--to', 'shop/api'], withOpenWeb)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'netlint reach: --from takes no port ("shop/web:80"): a connection\'s port is the destination\'s; write --from shop/web --to <peer>:80\n',
    });
    // An IPv6 source is not a port.
    expect(reach(['-', '--from', '2001:db8::1', '--to', 'shop/web:8080'], withOpenWeb).stdout.split('\n')[0]).toBe(
      '2001:db8::1 => shop/web[Deployment] on TCP 8080: ALLOWED',
    );
  });
});

describe('reach peers that are Services', () => {
  const shop = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart-v1, namespace: shop}
spec:
  template:
    metadata: {labels: {app: cart, version: v1}}
    spec: {containers: [{name: cart, ports: [{name: api, containerPort: 7070}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart-v2, namespace: shop}
spec:
  template:
    metadata: {labels: {app: cart, version: v2}}
    spec: {containers: [{name: cart, ports: [{name: api, containerPort: 7071}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{name: grpc, port: 80, targetPort: api}, {name: metrics, port: 9100}]
---
apiVersion: v1
kind: Service
metadata: {name: frontend, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: carts, namespace: shop}
spec:
  selector: {app: carts}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: dns, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: dns-udp, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cart-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: cart}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 7070}]
`;
  const explainSchema = () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas/netlint-reach-explain.schema.json'), 'utf8')) as object;
    return new Ajv({ strict: true }).compile(schema);
  };

  it('svc/ns/name:number translates to the targetPort on each selected workload and explains each', () => {
    const { code, stdout, stderr } = reach(['-', '--from', 'shop/web', '--to', 'svc/shop/frontend:80'], shop);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      'Service shop/frontend port TCP 80 → targetPort 8080 on shop/web[Deployment]',
      '',
      'shop/web[Deployment] => shop/web[Deployment] on TCP 8080: ALLOWED',
    ]);
  });

  it('a Service port name and a named targetPort resolve per workload; one denied workload makes the answer 1', () => {
    const { code, stdout } = reach(['-', '--from', 'shop/web', '--to', 'svc/shop/cart:grpc'], shop);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^Service shop\/cart port grpc \(TCP 80\) → targetPort api \(7070\) on shop\/cart-v1\[Deployment\]\nService shop\/cart port grpc \(TCP 80\) → targetPort api \(7071\) on shop\/cart-v2\[Deployment\]\n\n/,
    );
    expect(stdout).toContain('shop/web[Deployment] => shop/cart-v1[Deployment] on TCP 7070: ALLOWED\n');
    expect(stdout).toContain('shop/web[Deployment] => shop/cart-v2[Deployment] on TCP 7071: DENIED\n');
    expect(stdout).toMatch(/\n1 of 2 flows ALLOWED\n$/);
  });

  it('explains through a Service as a JSON list that carries the translation', () => {
    const validate = explainSchema();
    const out = JSON.parse(reach(['-', '--from', 'shop/web', '--to', 'svc/shop/cart:80', '-f', 'json'], shop).stdout) as {
      to: { name: string };
      toService: unknown;
      port: unknown;
      allowed: boolean;
    }[];
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.map((e) => [e.to.name, e.port, e.allowed])).toEqual([
      ['cart-v1', { protocol: 'TCP', port: 7070 }, true],
      ['cart-v2', { protocol: 'TCP', port: 7071 }, false],
    ]);
    expect(out[0]?.toService).toEqual({ namespace: 'shop', name: 'cart', port: { name: 'grpc', port: 80, protocol: 'TCP', targetPort: 'api' } });
    const fromService = JSON.parse(reach(['-', '--from', 'svc/shop/frontend', '--to', 'shop/cart-v1:api', '-f', 'json'], shop).stdout) as unknown[];
    expect(validate(fromService), JSON.stringify(validate.errors)).toBe(true);
    expect(fromService).toMatchObject([{ from: { name: 'web' }, fromService: { namespace: 'shop', name: 'frontend', port: null }, allowed: true }]);
  });

  it('a bare name that is only a Service means the Service, in listings too', () => {
    const { code, stdout } = reach(['-', '-n', 'shop', '--to', 'cart:grpc'], shop);
    expect(code).toBe(0);
    expect(stdout).toBe(
      'Service shop/cart port grpc (TCP 80) → targetPort api (7070) on shop/cart-v1[Deployment]\n' +
        'Service shop/cart port grpc (TCP 80) → targetPort api (7071) on shop/cart-v2[Deployment]\n\n' +
        'shop/web[Deployment]\n  -> shop/cart-v1[Deployment]  TCP 7070\n\n1 allowed flow\n',
    );
  });

  it('a Service without a port stands for each of its ports, not every port of its workloads', () => {
    // cart-from-web admits TCP 7070 on both cart workloads, but the Service forwards to 7071 on cart-v2.
    const machine = reach(['-', '-f', 'connlist', '--to', 'shop/cart'], shop);
    expect(machine.stdout).toBe('shop/web[Deployment] => shop/cart-v1[Deployment] : TCP 7070\n');
    expect(machine.stderr).toBe(
      [
        'Service shop/cart port grpc (TCP 80) → targetPort api (7070) on shop/cart-v1[Deployment]',
        'Service shop/cart port grpc (TCP 80) → targetPort api (7071) on shop/cart-v2[Deployment]',
        'Service shop/cart port metrics (TCP 9100) → targetPort 9100 on shop/cart-v1[Deployment]',
        'Service shop/cart port metrics (TCP 9100) → targetPort 9100 on shop/cart-v2[Deployment]',
      ].map((note) => `netlint reach: ${note}\n`).join(''),
    );
    // The workload itself, named without svc/, still means every port.
    expect(reach(['-', '-f', 'connlist', '--to', 'shop/cart-v2'], shop).stdout).toBe('shop/web[Deployment] => shop/cart-v2[Deployment] : TCP 7070\n');
    const explained = reach(['-', '--from', 'shop/web', '--to', 'svc/shop/cart'], shop);
    expect(explained.code).toBe(1);
    expect(explained.stdout.split('\n').filter((line) => line.startsWith('shop/web[Deployment] =>'))).toEqual([
      'shop/web[Deployment] => shop/cart-v1[Deployment] on TCP 7070: ALLOWED',
      'shop/web[Deployment] => shop/cart-v2[Deployment] on TCP 7071: DENIED',
      'shop/web[Deployment] => shop/cart-v1[Deployment] on TCP 9100: DENIED',
      'shop/web[Deployment] => shop/cart-v2[Deployment] on TCP 9100: DENIED',
    ]);
    expect(explained.stdout).toMatch(/\n1 of 4 flows ALLOWED\n$/);
    // As a source, a Service stands for its workloads on any port.
    expect(reach(['-', '-f', 'connlist', '--from', 'svc/shop/frontend'], shop).stderr).toBe(
      'netlint reach: Service shop/frontend selects shop/web[Deployment]\n',
    );
  });

  it('a container port given as the Service port points to the Service port that targets it', () => {
    expect(reach(['-', '--to', 'svc/shop/frontend:8080'], shop)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'netlint reach: Service shop/frontend exposes no port 8080; 8080 is the targetPort of its port TCP 80: use svc/shop/frontend:80, or the workload shop/web[Deployment]:8080\n',
    });
    // A named targetPort resolves on each workload: 7071 is grpc's target on cart-v2 only.
    expect(reach(['-', '--from', 'shop/web', '--to', 'svc/shop/cart:7071'], shop).stderr).toBe(
      'netlint reach: Service shop/cart exposes no port 7071; 7071 is the targetPort of its port grpc (TCP 80): use svc/shop/cart:80, or the workload shop/cart-v2[Deployment]:7071\n',
    );
  });

  it('a named targetPort on pods an operator creates says their ports are not in the input, not to name a container port', () => {
    const monitoring = `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec: {replicas: 2, podMetadata: {labels: {app: prometheus, team: mon}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: grafana, namespace: monitoring}
spec:
  template:
    metadata: {labels: {app: grafana, team: mon}}
    spec: {containers: [{name: grafana, ports: [{name: web, containerPort: 3000}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: prometheus-k8s, namespace: monitoring}
spec:
  selector: {app: prometheus}
  ports: [{name: web, port: 9090, targetPort: web}]
---
apiVersion: v1
kind: Service
metadata: {name: ui, namespace: monitoring}
spec:
  selector: {team: mon}
  ports: [{name: web, port: 80, targetPort: web}]
`;
    expect(reach(['-', '--to', 'svc/monitoring/prometheus-k8s:web'], monitoring)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'netlint reach: Service monitoring/prometheus-k8s port web (TCP 9090) → targetPort web: the input does not show the ports of monitoring/k8s[Prometheus] ' +
        '(its pods are created by prometheus-operator), so netlint cannot tell which port that is; give the container port by number on the workload: --to monitoring/k8s[Prometheus]:<port>\n',
    });
    const selectsBoth = reach(['-', '-f', 'connlist', '--to', 'svc/monitoring/ui:web'], monitoring);
    expect(selectsBoth.code).toBe(0);
    expect(selectsBoth.stderr).toContain(
      'netlint reach: Service monitoring/ui port web (TCP 80) → targetPort web: the input does not show the ports of monitoring/k8s[Prometheus] (its pods are created by prometheus-operator), so netlint cannot tell which port "web" is; give it by number: --to monitoring/k8s[Prometheus]:<port>\n',
    );
    expect(selectsBoth.stderr).toContain('netlint reach: Service monitoring/ui port web (TCP 80) → targetPort web (3000) on monitoring/grafana[Deployment]\n');
  });

  it('a Service without selector, selecting nothing, or without the port is a usage error that says what to do', () => {
    expect(reach(['-', '--to', 'svc/shop/db:5432'], shop)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'netlint reach: Service shop/db has no selector: its endpoints are managed by hand, so the input does not say which pods it reaches; name a workload or an IP address instead\n',
    });
    expect(reach(['-', '--from', 'shop/web', '--to', 'shop/carts:80'], shop).stderr).toBe(
      'netlint reach: Service shop/carts selects no workload of the input (selector app=carts); add the workload it is meant for to the input, or fix the selector (`netlint` reports it as selector-no-match)\n',
    );
    expect(reach(['-', '--to', 'svc/shop/cart:81'], shop)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'netlint reach: Service shop/cart exposes no port 81; its ports: grpc (TCP 80) → targetPort api, metrics (TCP 9100) → targetPort 9100\n',
    });
    expect(reach(['-', '--to', 'svc/shop/dns:53'], shop).stderr).toBe('netlint reach: Service shop/dns exposes port 53 for UDP and TCP; add /TCP, /UDP or /SCTP\n');
    expect(reach(['-', '-f', 'connlist', '--to', 'svc/shop/dns:53/udp'], shop).stdout.split('\n').filter(Boolean).every((l) => l.endsWith('shop/web[Deployment] : UDP 53'))).toBe(true);
  });

  it('a named targetPort that no selected workload declares is an error; one that some lack is said', () => {
    const partial = `${shop}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart-legacy, namespace: shop}
spec:
  template:
    metadata: {labels: {app: cart, version: legacy}}
    spec: {containers: [{name: cart, ports: [{containerPort: 6060}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: shop}
spec:
  selector: {version: legacy}
  ports: [{port: 80, targetPort: api}]
`;
    expect(reach(['-', '--to', 'svc/shop/cart:grpc'], partial).stdout).toContain(
      'Service shop/cart port grpc (TCP 80) → targetPort api: shop/cart-legacy[Deployment] declares no TCP port named "api", so the Service sends it nothing on this port\n',
    );
    expect(reach(['-', '--to', 'svc/shop/legacy:80'], partial).stderr).toBe(
      'netlint reach: Service shop/legacy port TCP 80 → targetPort api: no workload it selects declares a TCP port named "api"; name a container port "api", or set targetPort to the port number\n',
    );
  });

  it('unknown Services suggest what exists', () => {
    expect(reach(['-', '--to', 'svc/shop/web'], shop).stderr).toBe(
      'netlint reach: no Service shop/web in the input; did you mean the workload shop/web[Deployment] (without svc/)?\n',
    );
    expect(reach(['-', '--to', 'svc/cart'], shop).stderr).toBe('netlint reach: no Service default/cart in the input; did you mean svc/shop/cart?\n');
    expect(reach(['-', '--to', 'shop/nothing'], shop).stderr).toBe('netlint reach: no workload or Service shop/nothing in the input\n');
  });

  it('a workload port name that only a same-named Service has points to svc/', () => {
    const sameName = `${shop}---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: public, port: 80, targetPort: http}]
`;
    expect(reach(['-', '--to', 'shop/web:public'], sameName).stderr).toBe(
      'netlint reach: shop/web[Deployment] declares no TCP port named "public"; its ports: http (TCP 8080); for the port public of Service shop/web, write svc/shop/web:public\n',
    );
  });
});

describe('pods on the node network', () => {
  const hostNetworked = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  template:
    metadata: {labels: {app: node-exporter}}
    spec: {hostNetwork: true, containers: [{name: exporter, ports: [{name: metrics, containerPort: 9100}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: prometheus, namespace: monitoring}
spec:
  template:
    metadata: {labels: {app: prometheus}}
    spec: {containers: [{name: prometheus, ports: [{name: web, containerPort: 9090}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: exporter-from-nobody, namespace: monitoring}
spec:
  podSelector: {matchLabels: {app: node-exporter}}
  policyTypes: [Ingress]
`;

  it('the listing marks hostNetwork pods and says why their flows may be wider', () => {
    const run = reach(['-'], hostNetworked);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('monitoring/node-exporter[DaemonSet] [hostNetwork]\n');
    expect(run.stdout).not.toContain('prometheus[Deployment] [hostNetwork]');
    expect(run.stdout).toMatch(/^\[hostNetwork\]: the pods use the node's network; most network plugins apply no NetworkPolicy to them/m);
  });

  it('an explanation of a flow to an isolated hostNetwork pod says the verdict may not hold', () => {
    const text = reach(['-', '--from', 'monitoring/prometheus', '--to', 'monitoring/node-exporter:9100'], hostNetworked);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/ingress of monitoring\/node-exporter\[DaemonSet\]: isolated by[^\n]*\n(.*\n)*  note: these pods use hostNetwork/);
    const json = JSON.parse(reach(['-', '--from', 'monitoring/prometheus', '--to', 'monitoring/node-exporter:9100', '--format', 'json'], hostNetworked).stdout);
    expect(json.ingress.hostNetwork).toBe(true);
    expect(json.egress.hostNetwork).toBe(false);
    // The same flow without hostNetwork carries no note.
    const plain = reach(['-', '--from', 'monitoring/prometheus', '--to', 'monitoring/node-exporter:9100'], hostNetworked.replace('hostNetwork: true, ', ''));
    expect(plain.stdout).not.toContain('hostNetwork');
  });
});
