import { defineRule } from '../engine/rule.js';
import { describePorts, portsNamed, type ContainerPort } from '../engine/model/ports.js';
import type { Container, Workload } from '../engine/model/types.js';
import { compareText, editDistance } from '../engine/util.js';

/** The container's named ports, the nearest to the name a probe used first. */
function nearestNamedPorts(name: string, ports: readonly ContainerPort[]): ContainerPort[] {
  return ports
    .filter((p) => p.name !== undefined)
    .map((port) => ({ port, distance: editDistance(name, port.name as string) }))
    .sort((a, b) => a.distance - b.distance || compareText(a.port.name as string, b.port.name as string))
    .map((entry) => entry.port);
}

/** How to mend a probe port name the container does not declare. */
function fixFor(name: string, container: Container, workload: Workload): string {
  // A sidecar's port: the kubelet looks only in the probed container, but the number works.
  const elsewhere = workload.containers.flatMap((c) => (c === container ? [] : portsNamed(c.ports, name)))[0];
  if (elsewhere) return `${name} is container "${elsewhere.container}"'s port, and probes resolve names in their own container only; set the probe's port to ${elsewhere.port}`;
  const named = nearestNamedPorts(name, container.ports);
  const [nearest] = named;
  if (nearest) {
    const others = named.slice(1).map((p) => p.name as string);
    const alternatives = others.length > 0 ? ` (or ${others.join(', ')})` : '';
    return `set the probe's port to ${nearest.name}${alternatives}, the port number, or declare a container port named ${name}`;
  }
  return `set the probe's port to the number the app listens on, or declare a container port with name: ${name}`;
}

export default defineRule({
  id: 'probe-port-unknown',
  severity: 'error',
  category: 'correctness',
  kinds: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'],
  docs: {
    summary: 'A probe names a port its container does not declare',
    why: 'The kubelet resolves a named probe port among the ports of the probed container only. A name that container does not declare makes every probe fail: a failing liveness probe restarts the container over and over, a failing readiness probe keeps the pod out of every Service, a failing startup probe never lets it start.',
    details: [
      'For each liveness, readiness and startup probe with an `httpGet` or `tcpSocket` port given by name, the container the probe belongs to must declare a port of that name. A port declared by another container of the same pod (a sidecar) does not count. Probe ports given as numbers are not reported: the kubelet connects to them whether or not they are declared. `grpc` probes take only numbers.',
      '',
      'A quoted number such as `"8080"` is a name, and port names need a letter, so the API server rejects it (`quotedNumber`). Pods created by operators from custom resources are skipped, and when the input holds a controller and the pods it manages, only the controller is reported.',
    ].join('\n'),
  },
  messages: {
    unknownName:
      '{{probe}} of container "{{container}}" in {{workload}} uses port "{{port}}", which that container does not declare (it declares {{declared}}), so the probe always fails: {{fix}}',
    quotedNumber:
      '{{probe}} of container "{{container}}" in {{workload}} uses port "{{port}}", a quoted number, which is a port name, and port names need a letter: the API server rejects it; write port: {{port}} without quotes',
  },
  *check(ctx) {
    for (const workload of ctx.model.workloads()) {
      if (!workload.portsKnown || ctx.model.controllerInInput(workload)) continue;
      // Init containers that run to completion take no probes (the API server rejects them).
      for (const container of workload.containers.filter((c) => c.servesPorts)) {
        for (const probe of container.probes) {
          const { port, portNode } = probe;
          if (typeof port !== 'string' || !portNode) continue;
          if (portsNamed(container.ports, port).length > 0) continue;
          const quoted = /^\d+$/.test(port);
          yield ctx.report({
            at: portNode,
            messageId: quoted ? 'quotedNumber' : 'unknownName',
            object: workload,
            data: {
              probe: probe.kind,
              container: container.name,
              workload: workload.displayName,
              port,
              declared: describePorts(container.ports),
              ...(quoted ? {} : { fix: fixFor(port, container, workload) }),
            },
            related: [{ at: container.nameNode, message: `container "${container.name}"` }],
          });
        }
      }
    }
  },
});
