import { defineRule } from '../engine/rule.js';
import { isConfidentHost } from '../engine/model/hosts.js';
import { resolveServiceReference } from '../engine/model/references.js';

export default defineRule({
  id: 'unknown-service-reference',
  severity: 'warning',
  category: 'correctness',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod', 'ConfigMap'],
  docs: {
    summary: 'An app refers to a Service by a name that no Service of the input has',
    why: 'Inside the cluster a Service name is a DNS name: `backend.api` and `backend.api.svc.cluster.local` resolve only while Service `backend` exists in namespace `api`. A misspelt name, or one left over from a rename, fails with NXDOMAIN ("could not resolve host") only when the app first calls it, often long after the rollout looked healthy.',
    details: [
      'The rule reads the same strings as `cross-namespace-short-name` (container env values, args and commands, ConfigMap data) and resolves each host name the way the pod\'s resolver does:',
      '',
      '- `svc.ns`, `svc.ns.svc` and `svc.ns.svc.<cluster domain>` name Service `svc` in namespace `ns`. Reported when the input has Services in `ns` but none named `svc` (`qualified`). A namespace of which the input shows no Service is not judged: its Services may be deployed from elsewhere. Nor is a name used by a file that a kustomization builds together with remote resources (a URL among its `resources`), which may hold the Service; nor is a Service a known operator creates from a custom resource of the input, by the name it gives it (`events-kafka-bootstrap` for a Strimzi Kafka `events`; the operators are listed under `ingress-backend-missing`), or one of prometheus-operator\'s fixed names (`prometheus-operated`, `alertmanager-operated`, `thanos-ruler-operated`). `pod.svc` where `svc` is a Service of the consumer\'s own namespace is a pod of a headless Service, not a namespace.',
      '- A short name (no dots) is looked up in the consumer\'s namespace. Reported when the input has Services in that namespace and no namespace has a Service of that name (`short`); when one exists in another namespace, `cross-namespace-short-name` reports it instead. Bare words count only where they surely are hosts: a URL\'s host (not `s3://`, `file://` and other non-network schemes), the value of a setting named like `*_HOST`, `*_URL`, `*_ADDR`, `*_ENDPOINT`, or a `host:port` with a port of 80 or more.',
      '',
      'Not reported: `localhost`, the pod\'s own `hostname` and `subdomain`, names from its `hostAliases`, the outside name of an ExternalName Service, names of pods of a headless Service (`web-0.web`), and other domains. The message suggests the namespace\'s Service with the nearest name, when one is close.',
      '',
      'Fix: correct the name, or add the Service it names.',
    ].join('\n'),
  },
  messages: {
    qualified: '"{{host}}" names Service {{name}} in namespace {{namespace}}, which has no Service of that name (it has {{services}}): correct the name, or add the Service',
    qualifiedNearest: '"{{host}}" names Service {{name}} in namespace {{namespace}}, which has no Service of that name: did you mean {{nearest}} ({{suggestion}})?',
    qualifiedElsewhere: '"{{host}}" names Service {{name}} in namespace {{namespace}}, which has no Service of that name; Service {{name}} is in {{elsewhere}}: use {{suggestion}}',
    short: '"{{host}}" is looked up in namespace {{namespace}}, and no namespace of the input has a Service {{name}}: correct the name, or add the Service',
    shortNearest: '"{{host}}" is looked up in namespace {{namespace}}, and no namespace of the input has a Service {{name}}: did you mean {{nearest}}?',
  },
  *check(ctx) {
    const { model } = ctx;
    for (const { consumer, reference, at } of model.hostsInStrings()) {
      const resolved = resolveServiceReference(model, consumer, reference.host);
      if (resolved?.kind !== 'missing') continue;
      const { name, namespace, nearest, elsewhere } = resolved;
      const common = { host: reference.host, name, namespace };
      const meant = model.servicesIn(namespace).find((s) => s.name === nearest);
      const related = meant ? [{ at: meant.at('metadata', 'name'), message: meant.displayName }] : [];
      if (resolved.form === 'short') {
        if (elsewhere.length > 0 || !isConfidentHost(reference)) continue;
        yield nearest
          ? ctx.report({ at, messageId: 'shortNearest', object: consumer.object, data: { ...common, nearest }, related })
          : ctx.report({ at, messageId: 'short', object: consumer.object, data: common });
        continue;
      }
      // Keep the rest of the name as written: `api.shop.svc` becomes `orders.shop.svc`.
      const rest = reference.host.slice(reference.host.indexOf('.'));
      if (nearest) {
        yield ctx.report({ at, messageId: 'qualifiedNearest', object: consumer.object, data: { ...common, nearest, suggestion: `${nearest}${rest}` }, related });
      } else if (elsewhere.length > 0) {
        const labels = reference.host.split('.');
        const suggestion = elsewhere.map((ns) => [labels[0], ns, ...labels.slice(2)].join('.')).join(' or ');
        yield ctx.report({ at, messageId: 'qualifiedElsewhere', object: consumer.object, data: { ...common, elsewhere: elsewhere.join(', '), suggestion } });
      } else {
        const services = model.servicesIn(namespace).map((s) => s.name).sort().join(', ');
        yield ctx.report({ at, messageId: 'qualified', object: consumer.object, data: { ...common, services } });
      }
    }
  },
});
