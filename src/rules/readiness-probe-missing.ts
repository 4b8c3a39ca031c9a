import { defineRule } from '../engine/rule.js';
import { isMetricsPortName, serviceTargetOn, type ContainerPort } from '../engine/model/ports.js';
import type { Container, Service, Workload } from '../engine/model/types.js';

/**
 * The containers that take the Service's traffic: those that declare ports, or every regular
 * container when none does (ports need not be declared to be served). Init containers and
 * port-less sidecars next to a serving container do not serve the Service.
 */
function servingContainers(workload: Workload): readonly Container[] {
  const regular = workload.containers.filter((c) => !c.init);
  const withPorts = regular.filter((c) => c.ports.length > 0);
  return withPorts.length > 0 ? withPorts : regular;
}

/**
 * The containers requests through the Services reach, each with the first of its ports they
 * reach: those that declare a port a Service port forwards to. Where no declared port is a
 * target (a targetPort by number that no container declares), any container that serves ports
 * may be the one listening.
 */
function reachedContainers(workload: Workload, services: readonly Service[]): readonly { container: Container; port: ContainerPort | undefined }[] {
  const reached = new Map<string, ContainerPort>();
  for (const service of services) {
    for (const servicePort of service.ports) {
      const target = serviceTargetOn(servicePort, workload.ports);
      const protocol = servicePort.protocol ?? 'TCP';
      for (const port of workload.ports) if (port.port === target && port.protocol === protocol && !reached.has(port.container)) reached.set(port.container, port);
    }
  }
  const serving = servingContainers(workload);
  if (reached.size === 0) return serving.map((container) => ({ container, port: container.ports[0] }));
  return serving.flatMap((container) => {
    const port = reached.get(container.name);
    return port ? [{ container, port }] : [];
  });
}

/** Ports of servers that speak their own protocol, not HTTP: databases, caches, brokers. */
const nonHttpPorts = new Set([2181, 3306, 5432, 5672, 6379, 9042, 9092, 11211, 27017]);
const nonHttpName = /^(tcp|redis|mysql|postgres(ql)?|pg|mongo(db)?|amqp|kafka|zookeeper|zk|memcached?|cql|cassandra)$/i;

/** A readiness check that fits the container: its livenessProbe's, or one for the port requests reach. */
function probeSuggestion(container: Container, port: ContainerPort | undefined): string {
  if (container.probes.some((p) => p.kind === 'livenessProbe')) return 'one like its livenessProbe (the same check), so that the Service stops sending to a pod while that check fails';
  if (!port) return 'an httpGet on the app\'s health endpoint, or a tcpSocket on the port it listens on';
  // The kubelet probes over TCP: a UDP port (a tracing agent's, a DNS server's) answers none of its probes.
  if (port.protocol !== 'TCP') {
    const tcp = container.ports.find((p) => p.protocol === 'TCP');
    if (!tcp) return `an exec probe running the server's own check (the kubelet's httpGet, tcpSocket and grpc probes connect over TCP, and port ${port.name ?? port.port} is ${port.protocol})`;
    return probeSuggestion(container, tcp);
  }
  const ref = port.name ?? String(port.port);
  // A gRPC probe takes a port number, never a name; the server must answer the gRPC health protocol.
  if (/grpc/i.test(port.name ?? '')) return `a grpc probe on port ${port.port} (for servers of the gRPC health checking protocol), or a tcpSocket on port ${ref}`;
  if (nonHttpPorts.has(port.port) || nonHttpName.test(port.name ?? '')) return `a tcpSocket on port ${ref}, or an exec probe running the server's own check (redis-cli ping, pg_isready, mysqladmin ping)`;
  if (/https/i.test(port.name ?? '') || port.port === 443 || port.port === 8443) return `an httpGet with scheme: HTTPS on the app's health path at port ${ref}, or a tcpSocket on port ${ref}`;
  return `an httpGet on the app's health path at port ${ref}, or a tcpSocket on port ${ref}`;
}

export default defineRule({
  id: 'readiness-probe-missing',
  severity: 'warning',
  category: 'correctness',
  kinds: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'],
  docs: {
    summary: 'A container behind a Service has no readinessProbe',
    why: 'A pod without a readiness probe counts as ready as soon as its containers start, so the Service sends it requests while the app is still loading, and keeps sending them when it is overloaded or has lost its database. During every rollout and restart some requests fail with connection refused or 502s that a readiness probe would have avoided.',
    details: [
      'For each workload whose pods a Service selects (by the Service\'s selector, in the same namespace; the Service may be in another file), each container that declares a port the Service forwards to must have a `readinessProbe`; a container whose ports no Service targets (one only a sidecar proxy talks to) is not reported. When no declared port is a target, each container that declares ports must have one, and when no container declares ports, every container must. Services whose every port is named for metrics (`metrics`, `http-metrics`, `prometheus`) are for scrapers and do not count, nor do workloads scaled to `replicas: 0`. Services with `publishNotReadyAddresses: true` do not count: they send requests to pods whether ready or not (a StatefulSet\'s peer discovery), so a probe would change nothing for them. Init containers, native sidecars included, are not reported, nor are port-less sidecars next to a container that declares ports.',
      '',
      'Jobs and CronJobs are not reported: their pods run to completion, as do those of a pod template with `restartPolicy: Never` or `OnFailure` (a rendered `helm test` Pod). Neither are pods an operator creates from a custom resource (the input does not show their containers), nor pods whose controller is in the input (only the controller is reported). Services without a selector, or with an empty one, select no pods here.',
    ].join('\n'),
  },
  messages: {
    missing:
      'container "{{container}}" of {{workload}} has no readinessProbe, so requests through {{services}} reach it as soon as it starts, before the app is ready, and while it is failing: add a readinessProbe, e.g. {{probe}}',
  },
  *check(ctx) {
    for (const workload of ctx.model.workloads()) {
      // Pods that run to completion, or none at all (replicas: 0): readiness means little.
      if (workload.runsToCompletion || workload.replicas === 0 || !workload.portsKnown || ctx.model.controllerInInput(workload)) continue;
      // A Service that publishes not-ready pods sends them requests whatever their readiness; one
      // that only exposes metrics is for scrapers, not clients.
      const services = ctx.model.servicesSelecting(workload).filter((s) => !s.publishesNotReady && !(s.ports.length > 0 && s.ports.every((p) => isMetricsPortName(p.name))));
      if (services.length === 0) continue;
      for (const { container, port } of reachedContainers(workload, services)) {
        if (container.probes.some((p) => p.kind === 'readinessProbe')) continue;
        yield ctx.report({
          at: container.nameNode,
          messageId: 'missing',
          object: workload,
          data: {
            container: container.name,
            workload: workload.displayName,
            services: services.map((s) => s.displayName).join(', '),
            probe: probeSuggestion(container, port),
          },
          related: services.map((s) => ({ at: s.selectorNode, message: `selector of ${s.displayName}` })),
        });
      }
    }
  },
});
