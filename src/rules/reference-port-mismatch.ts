import { defineRule } from '../engine/rule.js';
import { describePorts } from '../engine/model/ports.js';
import { resolveServiceReference, servicePortLeadingTo, servicePortsApply } from '../engine/model/references.js';
import type { ClusterModel, StringConsumer } from '../engine/model/cluster.js';
import type { HostReference } from '../engine/model/hosts.js';

/**
 * What is wrong with an SRV name's port (`_grpc._tcp.store`): the Service it names has no port of
 * that name and protocol. Headless Services have SRV records too (naming the pods); an
 * ExternalName Service's name is an outside host's.
 */
function srvProblem(model: ClusterModel, consumer: StringConsumer, reference: HostReference) {
  const { srv } = reference;
  const resolved = srv && resolveServiceReference(model, consumer, reference.host);
  if (!srv || resolved?.kind !== 'service') return undefined;
  const { service } = resolved;
  if (service.type === 'ExternalName' || service.ports.some((p) => p.name === srv.port && (p.protocol ?? 'TCP') === srv.protocol)) return undefined;
  return {
    data: {
      reference: `_${srv.port}._${srv.protocol.toLowerCase()}.${reference.host}`,
      port: srv.port,
      protocol: srv.protocol,
      service: service.displayName,
      ports: describePorts(service.ports),
      alternative: service.ports.some((p) => p.name) ? ', or ask for a name it has' : '',
    },
    related: [{ at: service.at('spec', 'ports'), message: `the ports of ${service.displayName}` }],
  };
}

export default defineRule({
  id: 'reference-port-mismatch',
  severity: 'error',
  category: 'correctness',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod', 'ConfigMap'],
  docs: {
    summary: 'An app connects to a Service on a port the Service does not expose',
    why: 'A Service accepts connections only on its own `port` values and forwards each to its `targetPort` on the pods. `backend:8080` where Service `backend` exposes 80 (forwarding to the pods\' 8080) times out or is refused: the pods\' port is not the Service\'s. The mistake is easy to make because the two numbers are often both in the same manifest.',
    details: [
      'The rule reads the same strings as `cross-namespace-short-name` (container env values, args and commands, ConfigMap data) and takes every host with a written port: `backend:5678`, `http://backend.api:8080/x`, `jdbc:postgresql://db.data.svc:5432/app`. The host is resolved to a Service of the input the same way as in `unknown-service-reference` (short names in the consumer\'s namespace, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.<cluster domain>`).',
      '',
      'A URL without a port (`http://backend`) uses its scheme\'s default and is not checked. Headless Services (`clusterIP: None`) and ExternalName Services are not checked: their names resolve to the pods, or to an outside host, whose ports the Service does not decide. Neither are Services that declare no ports.',
      '',
      'When the port is the targetPort behind one of the Service\'s ports, the message names that port (`targetPort`); otherwise it lists the ports the Service exposes (`noPort`).',
      '',
      'A DNS SRV name (`_grpc._tcp.thanos-store.monitoring.svc`, as Thanos, Prometheus and Loki take them after `dnssrv+`) asks for a named port: Kubernetes DNS publishes `_<port name>._<protocol>.<service>` records for named Service ports only, headless ones included, so a name the Service\'s ports do not have finds no endpoint (`srvPort`).',
      '',
      'Fix: connect to the Service\'s port, or add the port to the Service.',
    ].join('\n'),
  },
  messages: {
    targetPort:
      '"{{reference}}" connects to port {{port}} of {{service}}, which does not expose it; {{port}} is the pods\' port behind Service port {{servicePort}}: use {{fixed}}',
    noPort: '"{{reference}}" connects to port {{port}} of {{service}}, which exposes {{ports}}: use one of those ports, or add {{port}} to the Service',
    srvPort:
      '"{{reference}}" asks DNS for the SRV records of port {{port}} over {{protocol}} of {{service}}, which has no port of that name ({{ports}}): Kubernetes DNS publishes SRV records for named Service ports only, so the lookup finds no endpoint; name the Service port {{port}}{{alternative}}',
  },
  *check(ctx) {
    const { model } = ctx;
    for (const { consumer, reference, at: host } of model.hostsInStrings()) {
      if (reference.srv) {
        const srv = srvProblem(model, consumer, reference);
        if (srv) yield ctx.report({ at: host, messageId: 'srvPort', object: consumer.object, ...srv });
        continue;
      }
      const { port } = reference;
      if (port === undefined) continue;
      const resolved = resolveServiceReference(model, consumer, reference.host);
      if (resolved?.kind !== 'service') continue;
      const { service } = resolved;
      if (!servicePortsApply(service) || service.ports.some((p) => p.port === port)) continue;
      const text = `${reference.host}:${port}`;
      // Point at `host:port`, not only the host (unless the string was expanded: then at all of it).
      const at = host.span ? { ...host, span: { index: reference.index, length: text.length } } : host;
      const related = [{ at: service.at('spec', 'ports'), message: `the ports of ${service.displayName}` }];
      const common = { reference: text, port, service: service.displayName };
      const leading = servicePortLeadingTo(model, service, port);
      yield leading?.port !== undefined
        ? ctx.report({ at, messageId: 'targetPort', object: consumer.object, data: { ...common, servicePort: leading.port, fixed: `${reference.host}:${leading.port}` }, related })
        : ctx.report({ at, messageId: 'noPort', object: consumer.object, data: { ...common, ports: describePorts(service.ports) }, related });
    }
  },
});
