import { describe, expect, it } from 'vitest';
import { ClusterModel, namespaceNameLabel } from '../../src/engine/model/cluster.js';
import { parseFile } from '../../src/engine/parse.js';
import { defaultSettings, type Settings } from '../../src/engine/settings.js';
import { createSourceFile } from '../../src/engine/source.js';
import { isShortHostName, scanHosts, type HostReference } from '../../src/engine/model/hosts.js';
import type { ConfigString } from '../../src/engine/model/types.js';
import { describeLabelValue, formatLabels, selectPods } from '../../src/engine/model/selectors.js';

/** Short names, as cross-namespace-short-name reads them from the model's host references. */
const hostReferences = (source: ConfigString): HostReference[] => scanHosts(source).filter((r) => isShortHostName(r.host));

function model(text: string, settings: Settings = defaultSettings): ClusterModel {
  const parsed = parseFile(createSourceFile('m.yaml', undefined, text));
  expect(parsed.findings).toEqual([]);
  return ClusterModel.fromDocuments(parsed.documents, settings);
}

const workloads = `
apiVersion: v1
kind: Pod
metadata: {name: bare, labels: {app: bare}, ownerReferences: [{kind: ReplicaSet, name: rs-1, controller: true}]}
spec:
  containers: [{name: c, ports: [{containerPort: 53, protocol: UDP, name: dns}]}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: jobs}
spec:
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: nightly}}
        spec:
          initContainers:
          - {name: proxy, restartPolicy: Always, ports: [{containerPort: 15001, name: proxy}]}
          - {name: migrate, ports: [{containerPort: 9999}]}
          containers: [{name: job, env: [{name: API_URL, value: "http://api:8080"}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {app: not-the-pods}}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, ports: [{containerPort: 8080}]}]
`;

describe('ClusterModel', () => {
  it('reads workloads of every kind with pod template labels and serving ports', () => {
    const m = model(workloads);
    expect(m.workloads().map((w) => [w.displayName, formatLabels(w.podLabels), w.ports.map((p) => `${p.port}/${p.protocol}`)])).toEqual([
      ['Pod default/bare', 'app=bare', ['53/UDP']],
      ['CronJob jobs/nightly', 'app=nightly', ['15001/TCP']],
      ['Deployment shop/web', 'app=web', ['8080/TCP']],
    ]);
  });

  it('adds the labels controllers give their pods, known, unknown or per pod', () => {
    const m = model(`
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis}
spec: {replicas: 3, template: {metadata: {labels: {app: redis}}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec: {template: {metadata: {labels: {app: migrate}}}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-5d8f, ownerReferences: [{kind: Deployment, name: web, controller: true}]}
spec: {template: {metadata: {labels: {app: web, pod-template-hash: 5d8f}}}}
`);
    const [redis, migrate, replicaSet] = m.workloads();
    const podName = 'statefulset.kubernetes.io/pod-name';
    expect(describeLabelValue(redis!.podLabels, podName)).toBe('redis-0 … redis-2');
    expect(selectPods({ matchLabels: { [podName]: 'redis-1' }, matchExpressions: [] }, redis!.podLabels)).toEqual([1]);
    expect(selectPods({ matchLabels: { [podName]: 'redis-3' }, matchExpressions: [] }, redis!.podLabels)).toBe('none');
    expect(selectPods({ matchLabels: { [podName]: 'redis-1', 'apps.kubernetes.io/pod-index': '2' }, matchExpressions: [] }, redis!.podLabels)).toBe('none');
    expect(selectPods({ matchLabels: {}, matchExpressions: [{ key: 'apps.kubernetes.io/pod-index', operator: 'NotIn', values: ['0'] }] }, redis!.podLabels)).toEqual([1, 2]);
    expect(selectPods({ matchLabels: { app: 'redis' }, matchExpressions: [{ key: podName, operator: 'Exists', values: [] }] }, redis!.podLabels)).toBe('all');
    expect(selectPods({ matchLabels: { 'job-name': 'migrate', 'batch.kubernetes.io/job-name': 'migrate' }, matchExpressions: [] }, migrate!.podLabels)).toBe('all');
    expect(selectPods({ matchLabels: { 'job-name': 'other' }, matchExpressions: [] }, migrate!.podLabels)).toBe('none');
    // A dump's ReplicaSet keeps the hash it shows.
    expect(selectPods({ matchLabels: { 'pod-template-hash': 'other' }, matchExpressions: [] }, replicaSet!.podLabels)).toBe('none');
  });

  it('matches an unknown label value (pod-template-hash) with anything but DoesNotExist', () => {
    const [web] = model(workloads).workloads().filter((w) => w.kind === 'Deployment');
    const hash = (operator: string, values: string[] = []) => selectPods({ matchLabels: {}, matchExpressions: [{ key: 'pod-template-hash', operator, values }] }, web!.podLabels);
    expect(selectPods({ matchLabels: { 'pod-template-hash': '7c5ddbdf54' }, matchExpressions: [] }, web!.podLabels)).toBe('all');
    expect([hash('In', ['a']), hash('NotIn', ['a']), hash('Exists'), hash('DoesNotExist')]).toEqual(['all', 'all', 'all', 'none']);
  });

  it('puts objects without a namespace in the default namespace, or the one given', () => {
    const m = model(workloads, { ...defaultSettings, defaultNamespace: 'team-a' });
    expect(m.workloads()[0]?.namespace).toBe('team-a');
  });

  describe('objects without a namespace', () => {
    const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n---\n`;
    const svc = (namespace?: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: s${namespace ? `, namespace: ${namespace}` : ''}}\n---\n`;

    it('go to the only namespace of the input, and the model says so', () => {
      const m = model(`${ns('shop')}${svc()}${svc()}`);
      expect(m.objects.filter((o) => o.kind === 'Service').map((o) => o.namespace)).toEqual(['shop', 'shop']);
      expect(m.settings.defaultNamespace).toBe('shop');
      expect(m.inferredNamespace).toMatchObject({ name: 'shop', objects: 2, reason: 'the only namespace in the input' });
      expect([...m.inferredNamespace!.objectsByFile]).toEqual([['m.yaml', 2]]);
    });

    it('go to the only namespace other objects name, without a Namespace object', () => {
      const m = model(`${svc('shop')}${svc()}`);
      expect(m.objects.filter((o) => o.kind === 'Service').map((o) => o.namespace)).toEqual(['shop', 'shop']);
      expect(m.inferredNamespace?.reason).toBe('the only namespace the other objects name');
    });

    it('stay in default with two candidates, or when the only one is a kube- system namespace or no valid name', () => {
      // A name the API server refuses (a placeholder left in) is no candidate either.
      for (const text of [`${ns('shop')}${svc('billing')}${svc()}`, `${ns('shop')}${ns('billing')}${svc()}`, `${svc('kube-system')}${svc()}`, `${svc('YOUR_NAMESPACE')}${svc()}`]) {
        const m = model(text);
        expect(m.services().at(-1)?.namespace).toBe('default');
        expect(m.inferredNamespace).toBeUndefined();
      }
    });

    it('follow the namespace the user chose', () => {
      const m = model(`${ns('shop')}${svc()}`, { ...defaultSettings, defaultNamespace: 'team-a', namespaceChosen: true });
      expect(m.services()[0]?.namespace).toBe('team-a');
      expect(m.inferredNamespace).toBeUndefined();
    });
  });

  it('records the controller of a bare Pod', () => {
    expect(model(workloads).workloads()[0]?.owner).toEqual({ kind: 'ReplicaSet', name: 'rs-1' });
  });

  it('knows namespaces from objects, references and the DNS setting, with the automatic label', () => {
    const m = model(`apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: a}}\n---\n${workloads}`);
    expect(m.namespaces().map((n) => n.name)).toEqual(['default', 'jobs', 'kube-system', 'shop']);
    expect(m.namespaceLabels('shop')).toEqual({ team: 'a', [namespaceNameLabel]: 'shop' });
    expect(m.namespaceLabels('jobs')).toEqual({ [namespaceNameLabel]: 'jobs' });
    expect(m.namespace('shop')?.object?.name).toBe('shop');
  });

  it('matches Services to workloads by pod template labels only', () => {
    const m = model(`${workloads}---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: other, namespace: shop}\nspec: {selector: {app: not-the-pods}}\n`);
    const [web, other] = m.services();
    expect(m.workloadsSelectedBy(web!).map((w) => w.name)).toEqual(['web']);
    expect(m.workloadsSelectedBy(other!)).toEqual([]);
    expect(web!.ports[0]).toMatchObject({ port: 80, targetPort: 80, targetPortDefaulted: true, protocol: 'TCP' });
  });

  it('flattens kind: List and typed lists', () => {
    const m = model('apiVersion: v1\nkind: ServiceList\nitems:\n- metadata: {name: a}\n  spec: {selector: {app: a}}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: b}\n');
    expect(m.services().map((s) => [s.name, s.root])).toEqual([
      ['a', ['items', 0]],
      ['b', ['items', 1]],
    ]);
  });

  it('defaults NetworkPolicy types the way the API server does', () => {
    const m = model([
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a}\nspec: {podSelector: {}}',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: b}\nspec: {podSelector: {}, egress: [{}]}',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: c}\nspec: {podSelector: {}, egress: []}',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: d}\nspec: {podSelector: {}, policyTypes: [Egress], ingress: [{}]}',
    ].join('\n---\n'));
    expect(m.policies().map((p) => [p.name, p.policyTypes])).toEqual([
      ['a', ['Ingress']],
      ['b', ['Ingress', 'Egress']],
      ['c', ['Ingress']],
      ['d', ['Egress']],
    ]);
  });
});

describe('objects defined more than once', () => {
  const service = (selector: string, extra = '') => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: ${selector}}, ports: [{port: 80}]}${extra}
`;

  it('keeps every definition, and gives rules one: the last, as kubectl apply in order leaves it', () => {
    const m = model(`${service('first')}---\n${service('second')}`);
    expect(m.objects).toHaveLength(2);
    expect(m.services().map((s) => s.selector)).toEqual([{ app: 'second' }]);
    expect(m.duplicateDefinitions().map((group) => group.map((o) => o.doc.index))).toEqual([[0, 1]]);
  });

  it('counts another version of the same group as the same object, not another group or namespace', () => {
    const policy = (apiVersion: string, namespace: string) =>
      `apiVersion: ${apiVersion}\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ${namespace}}\nspec: {podSelector: {}}\n`;
    expect(model([policy('networking.k8s.io/v1', 'a'), policy('networking.k8s.io/v1beta1', 'a')].join('---\n')).duplicateDefinitions()).toHaveLength(1);
    expect(model([policy('networking.k8s.io/v1', 'a'), policy('example.com/v1', 'a')].join('---\n')).duplicateDefinitions()).toEqual([]);
    expect(model([policy('networking.k8s.io/v1', 'a'), policy('networking.k8s.io/v1', 'b')].join('---\n')).duplicateDefinitions()).toEqual([]);
  });

  it('does not count patches or generated names; places a namespace-less object before comparing', () => {
    const deployment = (body: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec: ${body}\n`;
    const full = deployment('{selector: {matchLabels: {app: api}}, template: {metadata: {labels: {app: api}}, spec: {containers: [{name: api}]}}}');
    const patched = model([full, deployment('{replicas: 3}'), service('x', '\n$patch: delete'), service('y')].join('---\n'));
    expect(patched.duplicateDefinitions()).toEqual([]);
    expect(patched.workloads().map((w) => w.podLabels.app)).toEqual(['api', undefined]);
    const generated = 'apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: run-, namespace: shop}\nspec: {}\n';
    expect(model(`${generated}---\n${generated}`).duplicateDefinitions()).toEqual([]);
    const bare = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
    expect(model(`${bare}---\n${bare.replace('{name: c}', '{name: c, namespace: default}')}`).duplicateDefinitions()).toHaveLength(1);
    expect(model(`${bare}---\n${bare.replace('{name: c}', '{name: c, namespace: other}')}---\n${bare.replace('{name: c}', '{name: c, namespace: more}')}`).duplicateDefinitions()).toEqual([]);
    expect(model(`${bare}---\n${bare}`).duplicateDefinitions()).toHaveLength(1);
  });
});

describe('hostReferences', () => {
  const refs = (value: string, key?: string) =>
    hostReferences({ value, key, node: undefined as never }).map((r) => [r.host, value.slice(r.index, r.index + r.length)]);

  it('finds hosts in URLs, host:port and host-like settings', () => {
    expect(refs('http://backend/api')).toEqual([['backend', 'backend']]);
    expect(refs('postgres://user:pw@db:5432/app')).toEqual([['db', 'db']]);
    expect(refs('--upstream=api:8080')).toEqual([['api', 'api']]);
    expect(refs('cache', 'REDIS_HOST')).toEqual([['cache', 'cache']]);
    expect(refs('--backend-url=backend')).toEqual([['backend', 'backend']]);
    expect(refs('a:80 and http://b:81 and c:82')).toEqual([['a', 'a'], ['b', 'b'], ['c', 'c']]);
  });

  it('ignores qualified names, localhost, images, times, and listen addresses', () => {
    expect(refs('http://backend.api:80')).toEqual([]);
    expect(refs('http://localhost:8080')).toEqual([]);
    expect(refs('nginx:1.27')).toEqual([]);
    expect(refs('12:30')).toEqual([]);
    expect(refs('-listen=:5678')).toEqual([]);
    expect(refs('api', 'API_PORT')).toEqual([]);
    expect(refs('http://10.0.0.1:80')).toEqual([]);
  });
});

describe('the cluster DNS of an OpenShift input', () => {
  const route = 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web, namespace: shop}\nspec: {to: {name: web}}\n';
  const configMap = (namespace: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ${namespace}}\n`;

  it('is OpenShift’s (openshift-dns, port 5353) for objects of an openshift.io group or in openshift- namespaces', () => {
    expect(model(route).dnsPods()).toMatchObject({ namespace: 'openshift-dns', labels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } });
    expect(model(route).settings.dns.ports.map((p) => `${p.protocol} ${p.port}`)).toEqual(['UDP 5353', 'TCP 5353']);
    expect(model(configMap('openshift-monitoring')).dnsPods().namespace).toBe('openshift-dns');
  });

  it('stays the stock one for other inputs, and whatever cluster.dns says when the user says it', () => {
    expect(model(configMap('shop')).dnsPods().namespace).toBe('kube-system');
    // A namespace that merely starts like one, and a group that merely ends like one, are not OpenShift's.
    expect(model(configMap('openshiftish')).dnsPods().namespace).toBe('kube-system');
    expect(model('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: openshift}\n').dnsPods().namespace).toBe('kube-system');
    const chosen = { ...defaultSettings, dnsChosen: true };
    expect(model(route, chosen).dnsPods().namespace).toBe('kube-system');
  });
});

describe('node references of the model', () => {
  it('share one path array between objects for equal paths, and keep paths of other segments apart', () => {
    const m = model(`
apiVersion: v1
kind: Service
metadata: {name: a, namespace: x}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: b, namespace: x}
spec: {ports: [{port: 80}]}
`);
    const [a, b] = m.services();
    const portA = a!.at('spec', 'ports', 0, 'port');
    const portB = b!.at('spec', 'ports', 0, 'port');
    expect(portA.path).toEqual(['spec', 'ports', 0, 'port']);
    expect(portA.path).toBe(portB.path);
    expect(portA.doc).not.toBe(portB.doc);
    // A number and a string of the same digits are different segments (a list index, a key).
    expect(a!.at('spec', 'ports', '0', 'port').path).toEqual(['spec', 'ports', '0', 'port']);
    expect(a!.at('spec', 'ports', '0', 'port').path).not.toBe(portA.path);
    expect(a!.at('spec', 'ports').path).toEqual(['spec', 'ports']);
  });
});
