import { defineRule } from '../engine/rule.js';
import { isShortHostName } from '../engine/model/hosts.js';

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export default defineRule({
  id: 'cross-namespace-short-name',
  severity: 'error',
  category: 'correctness',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod', 'ConfigMap'],
  docs: {
    summary: 'An app uses a short Service name that exists only in another namespace',
    why: 'A pod resolves a name without dots through its own namespace first (`backend` becomes `backend.<own-namespace>.svc.cluster.local`), so `http://backend` reaches a Service only in the same namespace. When the Service lives elsewhere, the lookup fails with NXDOMAIN ("could not resolve host"), although `kubectl get svc -A` shows it.',
    details: [
      'The rule reads the strings an application is given: container env values, args and commands (as the container sees them: `$(VAR)` references to its env variables expanded as Kubernetes does, the finding then pointing at the whole string, unless the variable\'s own value names the same host and the finding stands there), and ConfigMap data. It recognises URLs (`http://backend:8080/api`), `host:port` (`backend:80`), and bare values of env vars, ConfigMap keys and `--flags` whose names end in HOST, ADDR, ADDRESS, URL, URI, ENDPOINT, SERVER or SERVICE (`BACKEND_HOST=backend`).',
      '',
      'It reports a host without dots when no Service of that name exists in the consumer\'s namespace but one exists in another namespace of the input. Names that match no Service at all are left alone: they may be external hosts or pod host names.',
      '',
      'Fix: qualify the name with the namespace, `backend.<namespace>`, or use the full name `backend.<namespace>.svc.cluster.local`.',
    ].join('\n'),
  },
  messages: {
    otherNamespace:
      '"{{host}}" is looked up in namespace {{namespace}}, which has no Service {{host}}; the Service is in {{namespaces}}: use {{suggestion}} (or {{fqdn}})',
  },
  *check(ctx) {
    const { model, settings } = ctx;
    for (const { consumer, reference, at } of model.hostsInStrings()) {
      if (!isShortHostName(reference.host)) continue;
      const name = reference.host.toLowerCase();
      // The pod's own names (hostname, subdomain, hostAliases) and ExternalName targets resolve without a Service.
      if (consumer.ownHostNames.includes(name) || model.isExternalName(name)) continue;
      const services = model.servicesNamed(name);
      if (services.length === 0 || services.some((s) => s.namespace === consumer.namespace)) continue;
      const namespaces = [...new Set(services.map((s) => s.namespace))].sort();
      const first = namespaces[0] as string;
      yield ctx.report({
        at,
        messageId: 'otherNamespace',
        object: consumer.object,
        data: {
          host: reference.host,
          namespace: consumer.namespace,
          namespaces: orList(namespaces),
          suggestion: orList(namespaces.map((ns) => `${name}.${ns}`)),
          fqdn: `${name}.${first}.svc.${settings.clusterDomain}`,
        },
        related: services
          .filter((s) => s.namespace === first)
          .map((s) => ({ at: s.at('metadata', 'name'), message: `${s.displayName}` })),
      });
    }
  },
});
