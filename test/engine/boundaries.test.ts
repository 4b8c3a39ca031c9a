/**
 * Edge cases where a plausible slip in the source once passed the whole suite: an empty Service
 * selector, an owner's kind, the largest port, upper-case host names, and a NetworkPolicy kind of
 * another API group. Each test here fails against that slip.
 */
import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../src/engine/model/cluster.js';
import { scanHosts } from '../../src/engine/model/hosts.js';
import type { ConfigString } from '../../src/engine/model/types.js';
import { parseFile } from '../../src/engine/parse.js';
import { defaultSettings } from '../../src/engine/settings.js';
import { createSourceFile } from '../../src/engine/source.js';
import { rules } from '../../src/rules/index.js';
import { lintSources } from '../../src/engine/lint.js';
import { runNetlint } from '../helpers/run.js';

const cwd = new URL('../../', import.meta.url).pathname;

function model(text: string): ClusterModel {
  const parsed = parseFile(createSourceFile('m.yaml', undefined, text));
  expect(parsed.findings).toEqual([]);
  return ClusterModel.fromDocuments(parsed.documents, defaultSettings);
}

function findings(text: string, ruleId: string): string[] {
  const result = lintSources([createSourceFile('m.yaml', undefined, text)], { rules, only: new Set([ruleId]) });
  return result.files.flatMap((f) => f.messages).map((m) => `${m.range.line} ${m.ruleId}/${m.messageId}`);
}

const deployment = (name: string, labels: string, port: number) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  template:
    metadata: {labels: ${labels}}
    spec: {containers: [{name: c, ports: [{name: http, containerPort: ${port}}]}]}
`;

describe('a Service with selector: {}', () => {
  // "If empty or not present, the service is assumed to have an external process managing its
  // endpoints": an empty selector selects no pod, unlike a NetworkPolicy's empty podSelector.
  const manifests = `${deployment('web', '{app: web}', 8080)}---
apiVersion: v1
kind: Service
metadata: {name: external-db, namespace: shop}
spec:
  selector: {}
  ports: [{name: db, port: 5432, targetPort: 5432}]
`;

  it('selects no workload, and no workload is selected by it', () => {
    const m = model(manifests);
    const service = m.services()[0]!;
    expect(service.selector).toBeUndefined();
    expect(m.workloadsSelectedBy(service)).toEqual([]);
    expect(m.servicesSelecting(m.workloads()[0]!)).toEqual([]);
  });

  it('is not checked against ports of pods it does not select', () => {
    // Were it to select every pod, port 5432 would be missing from web's container.
    expect(findings(manifests, 'port-mismatch')).toEqual([]);
  });

  it('is no way into the namespace for reach', () => {
    const { code, stderr } = runNetlint(['reach', '-', '--to', 'svc/shop/external-db:5432'], { cwd, stdin: manifests });
    expect(code).toBe(2);
    expect(stderr).toContain('has no selector');
  });
});

describe("a Pod's controller", () => {
  // A Pod owned by ReplicaSet web-5d9f, in a namespace that also holds a Deployment of that name:
  // its controller is not in the input, so the Pod is checked on its own.
  const pod = (ownerKind: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: web-5d9f-x7k2p
  namespace: shop
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, kind: ${ownerKind}, name: web-5d9f, controller: true}]
spec: {containers: [{name: c, ports: [{containerPort: 9090}]}]}
`;
  const sameNameDeployment = deployment('web-5d9f', '{app: other}', 8080);

  it('is found by kind and name, not by name alone', () => {
    const m = model(`${pod('ReplicaSet')}---${sameNameDeployment}`);
    const bare = m.workloads().find((w) => w.kind === 'Pod')!;
    expect(bare.owner).toEqual({ kind: 'ReplicaSet', name: 'web-5d9f' });
    expect(m.controllerInInput(bare)).toBe(false);
  });

  it('is in the input when an object of its kind and name is', () => {
    const m = model(`${pod('Deployment')}---${sameNameDeployment}`);
    expect(m.controllerInInput(m.workloads().find((w) => w.kind === 'Pod')!)).toBe(true);
  });

  it('not being in the input, leaves the Pod to be checked', () => {
    const service = `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`;
    expect(findings(`${pod('ReplicaSet')}---${sameNameDeployment}---${service}`, 'port-mismatch')).toHaveLength(1);
  });
});

describe('ports and host names in references', () => {
  const scan = (value: string) =>
    scanHosts({ value, key: 'UPSTREAM', node: { file: 'm.yaml', path: [] } } as unknown as ConfigString).map((r) => [r.host, r.port]);

  it('takes 65535, the largest port, and nothing above it', () => {
    expect(scan('backend:65535')).toEqual([['backend', 65535]]);
    expect(scan('http://backend:65535/x')).toEqual([['backend', 65535]]);
    expect(scan('backend:65536')).toEqual([]);
    expect(scan('http://backend:65536/x')).toEqual([['backend', undefined]]);
  });

  it('finds upper-case host names in URLs (DNS ignores case)', () => {
    expect(scan('http://Backend.API:8080/v1')).toEqual([['Backend.API', 8080]]);
    expect(scan('http://BACKEND:8080')).toEqual([['BACKEND', 8080]]);
    // Outside a URL, a dotted name with capitals is code, not a host.
    expect(scan('java.util.List')).toEqual([]);
  });
});

describe('a NetworkPolicy of another API group', () => {
  // Calico's NetworkPolicy has another schema (selector expressions, order, actions): netlint
  // cannot evaluate it and must not read it as a Kubernetes one.
  const calico = `${deployment('web', '{app: web}', 8080)}---
apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata: {name: deny-web, namespace: shop}
spec:
  selector: app == 'web'
  types: [Ingress]
`;

  it('is not a Kubernetes NetworkPolicy', () => {
    const m = model(calico);
    expect(m.policies()).toEqual([]);
    expect(m.policiesSelecting(m.workloads()[0]!)).toEqual([]);
  });

  it('does not isolate pods in reach', () => {
    const { code, stdout } = runNetlint(['reach', '-', '--from', '10.1.2.3', '--to', 'shop/web:8080'], { cwd, stdin: calico });
    expect(stdout).toContain('ingress of shop/web[Deployment]: not isolated');
    expect(code).toBe(0);
  });
});
