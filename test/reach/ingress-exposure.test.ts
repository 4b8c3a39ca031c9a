/**
 * Exposure through the ingress controller: an Ingress (networking.k8s.io/v1) or an OpenShift Route
 * sends the `{ingress-controller}` peer to the workloads its Service selects, on the ports the
 * Service port forwards to, where the workloads' policies admit the controller. One behaviour per
 * test, on small inline manifests; each Reachability is cross-checked (flows() against
 * connections(), the indexed path against sideAllows).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../src/engine/settings.js';
import { crossCheck, deployment, flowLines, namespace, reachOf } from './helpers/reach.js';

const root = new URL('../../', import.meta.url).pathname;

function build(text: string, settings: Settings = defaultSettings) {
  const reach = reachOf(text, settings);
  crossCheck(reach);
  return reach;
}

/** The `{ingress-controller}` lines of the listing. */
function controllerLines(text: string, settings?: Settings): string[] {
  return flowLines(build(text, settings)).filter((line) => line.startsWith('{ingress-controller} => '));
}

const web = 'shop/web[Deployment]';
const webDeployment = deployment('shop', 'web', { app: 'web' }, [
  { containerPort: 8080, name: 'http' },
  { containerPort: 9090, name: 'metrics' },
  { containerPort: 5353, name: 'dns', protocol: 'UDP' },
]);

function service(ports: string, extra = 'selector: {app: web}'): string {
  return `---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  ${extra}
  ports: ${ports}
`;
}

const twoPorts = service('[{name: http, port: 80, targetPort: http}, {name: metrics, port: 9000, targetPort: 9090}]');

function ingress(backends: string, spec = ''): string {
  return `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ${spec}
  rules:
  - http:
      paths: ${backends}
`;
}

const path = (port: string, name = 'web') => `{path: /, pathType: Prefix, backend: {service: {name: ${name}, port: ${port}}}}`;

function route(spec: string): string {
  return `---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop}
spec: ${spec}
`;
}

const denyIngress = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;

function allowFrom(peer: string): string {
  return `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-controller, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [${peer}]}]
`;
}

describe('Ingress backends', () => {
  it('a Service port by number reaches its targetPort, resolved by name on the pods', () => {
    expect(controllerLines(`${webDeployment}${twoPorts}${ingress(`[${path('{number: 80}')}]`)}`)).toEqual([`{ingress-controller} => ${web}: TCP 8080`]);
  });

  it('a Service port by name, several paths and the defaultBackend add up', () => {
    const text = `${webDeployment}${twoPorts}${ingress(`[${path('{name: metrics}')}]`, 'defaultBackend: {service: {name: web, port: {number: 80}}}')}`;
    expect(controllerLines(text)).toEqual([`{ingress-controller} => ${web}: TCP 8080,9090`]);
  });

  it('without Ingress or Route there is no {ingress-controller} peer at all', () => {
    expect(controllerLines(`${webDeployment}${twoPorts}`)).toEqual([]);
  });

  it('a port that is no Service port but written as a targetPort is read as that one (as np-guard does)', () => {
    expect(controllerLines(`${webDeployment}${twoPorts}${ingress(`[${path('{number: 9090}')}]`)}`)).toEqual([`{ingress-controller} => ${web}: TCP 9090`]);
  });

  it('a port the Service does not have at all exposes nothing', () => {
    expect(controllerLines(`${webDeployment}${twoPorts}${ingress(`[${path('{number: 81}')}]`)}`)).toEqual([]);
  });

  it('a missing Service, a Service without selector, or a UDP Service port expose nothing', () => {
    expect(controllerLines(`${webDeployment}${twoPorts}${ingress(`[${path('{number: 80}', 'other')}]`)}`)).toEqual([]);
    expect(controllerLines(`${webDeployment}${service('[{port: 80, targetPort: 8080}]', 'type: ClusterIP')}${ingress(`[${path('{number: 80}')}]`)}`)).toEqual([]);
    expect(controllerLines(`${webDeployment}${service('[{name: dns, port: 53, targetPort: dns, protocol: UDP}]')}${ingress(`[${path('{number: 53}')}]`)}`)).toEqual([]);
  });

  it('the Service is looked up in the Ingress namespace only', () => {
    const elsewhere = ingress(`[${path('{number: 80}')}]`).replace('namespace: shop', 'namespace: edge');
    expect(controllerLines(`${webDeployment}${twoPorts}${elsewhere}`)).toEqual([]);
  });
});

describe('OpenShift Route backends', () => {
  it('targetPort by name is the Service port of that name', () => {
    expect(controllerLines(`${webDeployment}${twoPorts}${route('{to: {kind: Service, name: web}, port: {targetPort: metrics}}')}`)).toEqual([
      `{ingress-controller} => ${web}: TCP 9090`,
    ]);
  });

  it('targetPort by number is the pods’ port', () => {
    expect(controllerLines(`${webDeployment}${twoPorts}${route('{to: {name: web}, port: {targetPort: 8080}}')}`)).toEqual([`{ingress-controller} => ${web}: TCP 8080`]);
  });

  it('without a port, every TCP port of the Service; alternateBackends count, other kinds do not', () => {
    const api = deployment('shop', 'api', { app: 'api' }, [{ containerPort: 7000 }]);
    const apiService = service('[{port: 7000}]', 'selector: {app: api}').replace('name: web, namespace', 'name: api, namespace');
    const text = `${webDeployment}${api}${twoPorts}${apiService}${route('{to: {kind: Service, name: web}, alternateBackends: [{kind: Service, name: api}, {kind: Other, name: x}]}')}`;
    expect(controllerLines(text)).toEqual(['{ingress-controller} => shop/api[Deployment]: TCP 7000', `{ingress-controller} => ${web}: TCP 8080,9090`]);
  });

  it('a Route whose target is not a Service exposes nothing', () => {
    expect(controllerLines(`${webDeployment}${twoPorts}${route('{to: {kind: Other, name: web}}')}`)).toEqual([]);
  });
});

describe('policies and the controller', () => {
  const exposed = `${webDeployment}${twoPorts}${ingress(`[${path('{number: 80}')}]`)}`;

  it('a default-deny ingress policy blocks it', () => {
    expect(controllerLines(`${exposed}${denyIngress}`)).toEqual([]);
  });

  it('by default it runs in a namespace of its own: namespaceSelector {} admits it, a podSelector alone or an ipBlock does not', () => {
    expect(controllerLines(`${exposed}${allowFrom('{namespaceSelector: {}}')}`)).toEqual([`{ingress-controller} => ${web}: TCP 8080`]);
    expect(controllerLines(`${exposed}${allowFrom('{podSelector: {}}')}`)).toEqual([]);
    expect(controllerLines(`${exposed}${allowFrom('{ipBlock: {cidr: 0.0.0.0/0}}')}`)).toEqual([]);
  });

  it('cluster.ingressController says where it runs: then a peer naming its namespace and pods admits it', () => {
    const peer = '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}, podSelector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}}';
    const text = `${exposed}${allowFrom(peer)}`;
    expect(controllerLines(text)).toEqual([]);
    const settings = { ...defaultSettings, ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } };
    expect(controllerLines(text, settings)).toEqual([`{ingress-controller} => ${web}: TCP 8080`]);
  });

  it('for an input with OpenShift objects it is the router: pods in openshift-ingress, admitted by the namespace labels OpenShift documents', () => {
    const route = `---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop}
spec: {to: {kind: Service, name: web}, port: {targetPort: http}}
`;
    const openShift = `${webDeployment}${twoPorts}${route}`;
    for (const label of ['{network.openshift.io/policy-group: ingress}', '{policy-group.network.openshift.io/ingress: ""}']) {
      expect(controllerLines(`${openShift}${allowFrom(`{namespaceSelector: {matchLabels: ${label}}}`)}`)).toEqual([`{ingress-controller} => ${web}: TCP 8080`]);
    }
    // Said otherwise in the config, the controller is where the config puts it.
    const elsewhere: Settings = { ...defaultSettings, ingressController: { namespace: 'ingress-nginx', podLabels: {} }, ingressControllerChosen: true };
    expect(controllerLines(`${openShift}${allowFrom('{namespaceSelector: {matchLabels: {network.openshift.io/policy-group: ingress}}}')}`, elsewhere)).toEqual([]);
  });

  it('the policies of its own namespace restrict its egress', () => {
    const settings = { ...defaultSettings, ingressController: { namespace: 'ingress-nginx', podLabels: { app: 'controller' } } };
    const egressOnlyToApi = `${namespace('ingress-nginx')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: controller-egress, namespace: ingress-nginx}
spec:
  podSelector: {matchLabels: {app: controller}}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {}}], ports: [{port: 9090}]}]
`;
    expect(controllerLines(`${exposed}${egressOnlyToApi}`, settings)).toEqual([]);
    const both = `${webDeployment}${twoPorts}${ingress(`[${path('{number: 80}')}, ${path('{number: 9000}')}]`)}${egressOnlyToApi}`;
    expect(controllerLines(both, settings)).toEqual([`{ingress-controller} => ${web}: TCP 9090`]);
  });
});

function netlint(args: string[], cwd: string, input = '') {
  const run = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), ...args], { cwd, encoding: 'utf8', input });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('netlint reach with the ingress controller', () => {
  const policy = allowFrom('{namespaceSelector: {}}').replace('ingress: [{from', 'ingress: [{ports: [{port: 8080}], from');
  const manifest = `${webDeployment}${twoPorts}${ingress(`[${path('{number: 80}')}]`)}${policy}`;
  const dir = mkdtempSync(join(tmpdir(), 'netlint-ingress-'));
  writeFileSync(join(dir, 'app.yaml'), manifest);

  it('lists its flows and filters on --from {ingress-controller}', () => {
    const { code, stdout } = netlint(['reach', 'app.yaml', '--from', '{ingress-controller}'], dir);
    expect(code).toBe(0);
    expect(stdout).toBe(`{ingress-controller}\n  -> ${web}  TCP 8080\n\n1 allowed flow\n`);
  });

  it('explains a flow from it: the exposing backend with its position, then the policies', () => {
    const allowed = netlint(['reach', 'app.yaml', '--from', '{ingress-controller}', '--to', 'shop/web:8080'], dir);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('{ingress-controller} => shop/web[Deployment] on TCP 8080: ALLOWED');
    expect(allowed.stdout).toMatch(/exposed on TCP 8080 by:\n {2}Ingress shop\/web \(app\.yaml:\d+:\d+\) → Service web port http → TCP 8080\n/);
    const unexposed = netlint(['reach', 'app.yaml', '--from', '{ingress-controller}', '--to', 'shop/web:9090'], dir);
    expect(unexposed.code).toBe(1);
    expect(unexposed.stdout).toContain('  not exposed on TCP 9090');
  });

  it('explains as JSON following schemas/netlint-reach-explain.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas/netlint-reach-explain.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: true }).compile(schema);
    const { stdout } = netlint(['reach', 'app.yaml', '--from', '{ingress-controller}', '--to', 'shop/web', '-f', 'json'], dir);
    const explanation = JSON.parse(stdout) as { from: unknown; exposure: { backends: { kind: string; location: string; port: number }[] } };
    expect(validate(explanation), JSON.stringify(validate.errors)).toBe(true);
    expect(explanation.from).toEqual({ ingressController: true });
    expect(explanation.exposure.backends.map((b) => [b.kind, b.port])).toEqual([['Ingress', 8080]]);
    expect(explanation.exposure.backends[0]?.location).toMatch(/^app\.yaml:\d+:\d+$/);
  });

  it('the listing as JSON names it {"ingressController": true}, following schemas/netlint-reach.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas/netlint-reach.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: true }).compile(schema);
    const flows = JSON.parse(netlint(['reach', 'app.yaml', '-f', 'json'], dir).stdout) as unknown[];
    expect(validate(flows), JSON.stringify(validate.errors)).toBe(true);
    expect(flows).toContainEqual({ from: { ingressController: true }, to: { namespace: 'shop', name: 'web', kind: 'Deployment' }, connections: { TCP: ['8080'] } });
  });

  it('it is never a destination: --to {ingress-controller} is a usage error', () => {
    const { code, stderr } = netlint(['reach', 'app.yaml', '--to', '{ingress-controller}'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('use it with --from');
  });

  it('reads cluster.ingressController from .netlintrc.yaml', () => {
    const configured = mkdtempSync(join(tmpdir(), 'netlint-ingress-config-'));
    const nginxOnly = manifest.replace('{namespaceSelector: {}}', '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}');
    writeFileSync(join(configured, 'app.yaml'), nginxOnly);
    expect(netlint(['reach', 'app.yaml', '--from', '{ingress-controller}'], configured).stdout).toBe('No connections are allowed.\n');
    writeFileSync(join(configured, '.netlintrc.yaml'), 'cluster:\n  ingressController: {namespace: ingress-nginx}\n');
    expect(netlint(['reach', 'app.yaml', '--from', '{ingress-controller}'], configured).stdout).toContain(`-> ${web}  TCP 8080`);
  });

  it('says so when the input seems to hold the controller itself, and how to name it; not once the config does', () => {
    const withController = mkdtempSync(join(tmpdir(), 'netlint-ingress-controller-'));
    const controller = deployment('ingress-nginx', 'ingress-nginx-controller', { 'app.kubernetes.io/name': 'ingress-nginx' }, [{ containerPort: 80, name: 'http' }]);
    writeFileSync(join(withController, 'app.yaml'), `${manifest}${controller}`);
    const note =
      'netlint reach: note: Deployment ingress-nginx/ingress-nginx-controller looks like the ingress controller, but {ingress-controller} is taken to run in namespace ingress-controller-ns (np-guard\'s assumption) unless .netlintrc.yaml says where: cluster: {ingressController: {namespace: ingress-nginx, podLabels: {app.kubernetes.io/name: ingress-nginx}}}\n';
    expect(netlint(['reach', 'app.yaml'], withController).stderr).toBe(note);
    // Without an Ingress or Route there is no {ingress-controller} to speak of.
    writeFileSync(join(withController, 'no-ingress.yaml'), `${webDeployment}${controller}`);
    expect(netlint(['reach', 'no-ingress.yaml'], withController).stderr).toBe('');
    writeFileSync(join(withController, '.netlintrc.yaml'), 'cluster:\n  ingressController: {namespace: ingress-nginx}\n');
    expect(netlint(['reach', 'app.yaml'], withController).stderr).toBe('');
  });

  it('diff names the Ingress that opens a connection from the controller, in text and JSON', () => {
    const before = join(dir, 'no-ingress.yaml');
    writeFileSync(before, `${webDeployment}${twoPorts}${policy}`);
    const text = netlint(['diff', before, 'app.yaml'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\+ \{ingress-controller\} -> shop\/web\[Deployment\] +TCP 8080\n {6}exposed by Ingress shop\/web \(app\.yaml:\d+:\d+\)\n {6}admitted by NetworkPolicy shop\/from-controller ingress rule 1 \(app\.yaml:\d+:\d+\)\n/);
    const schema = JSON.parse(readFileSync(join(root, 'schemas/netlint-diff.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: true }).compile(schema);
    const json = JSON.parse(netlint(['diff', '-f', 'json', before, 'app.yaml'], dir).stdout) as { changes: { exposedBy?: { kind: string; name: string; at: string }[] }[] };
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.changes.flatMap((c) => c.exposedBy ?? []).map((o) => [o.kind, o.name])).toEqual([['Ingress', 'web']]);
  });

  it('diff shows what a new Ingress opens, its block after the other pairs in np-guard’s format', () => {
    const before = join(dir, 'before.yaml');
    writeFileSync(before, `${webDeployment}${twoPorts}`);
    const { code, stdout } = netlint(['diff', '--format', 'npguard', before, 'app.yaml'], dir);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toContain('diff-type: added, source: {ingress-controller}, destination: shop/web[Deployment], ref1: No Connections, ref2: TCP 8080');
    expect(lines.at(-2)).toMatch(/^diff-type: \w+, source: \{ingress-controller\}/);
  });
});
