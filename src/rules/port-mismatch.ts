import { defineRule } from '../engine/rule.js';
import { closestName } from '../engine/util.js';
import { describePorts, findDeclaredPort, isMetricsPortName, portsNamed, type ContainerPort } from '../engine/model/ports.js';
import type { ServicePort, Workload } from '../engine/model/types.js';

type Problem = 'namedMissing' | 'protocolMismatch' | 'numericUndeclared' | 'defaultedUndeclared';

/** `"8080"`: IntOrString holds a name, and port names must contain a letter. */
function isQuotedNumber(port: ServicePort): boolean {
  return typeof port.targetPort === 'string' && /^\d+$/.test(port.targetPort);
}

/** The ports a workload declares under a targetPort's name or number, whatever their protocol. */
function portsUnder(target: string | number, ports: readonly ContainerPort[]): readonly ContainerPort[] {
  return typeof target === 'string' ? portsNamed(ports, target) : ports.filter((p) => p.port === target);
}

/** What, if anything, is wrong with a Service port's target on one selected workload. */
function problemWith(port: ServicePort, workload: Workload): Problem | undefined {
  const { targetPort, protocol } = port;
  if (targetPort === undefined || protocol === undefined) return undefined;
  if (findDeclaredPort(workload.ports, targetPort, protocol)) return undefined;
  if (portsUnder(targetPort, workload.ports).length > 0) return 'protocolMismatch';
  if (typeof targetPort === 'string') return 'namedMissing';
  if (workload.ports.length === 0) return undefined; // containerPort is informational; nothing to compare
  // Metrics ports are served undeclared more often than not, and no client depends on them.
  if (isMetricsPortName(port.name)) return undefined;
  return port.targetPortDefaulted ? 'defaultedUndeclared' : 'numericUndeclared';
}

/** The declared port a mistyped name most likely meant: the nearest name, or the only port of the protocol. */
function meantPort(target: string, ports: readonly ContainerPort[]): ContainerPort | undefined {
  const name = closestName(target, ports.flatMap((p) => (p.name ? [p.name] : [])));
  return ports.find((p) => p.name !== undefined && p.name === name) ?? (ports.length === 1 ? ports[0] : undefined);
}

/** How to mend a named targetPort no container declares with its protocol. */
function namedFix(target: string, ports: readonly ContainerPort[], protocol: string): string {
  const meant = meantPort(target, ports.filter((p) => p.protocol === protocol));
  if (meant) return `set targetPort to ${meant.name ?? meant.port}, or name that container port ${target}`;
  if (ports.length === 0) return `declare the port in its container with name: ${target}, or set targetPort to the number the app listens on`;
  return `set targetPort to one of those, or name the container port the app serves ${target}`;
}

/** The data only some messages need. */
function fixData(problem: Problem, port: ServicePort, workload: Workload): Record<string, string> {
  const target = port.targetPort as string | number;
  if (problem === 'namedMissing') return { fix: namedFix(String(target), workload.ports, port.protocol ?? 'TCP') };
  if (problem === 'protocolMismatch') {
    const matching = portsUnder(target, workload.ports);
    return { matching: describePorts(matching), declaredProtocol: [...new Set(matching.map((p) => p.protocol))].join(' or ') };
  }
  return {};
}

export default defineRule({
  id: 'port-mismatch',
  severity: 'error',
  category: 'correctness',
  kinds: ['Service'],
  docs: {
    summary: "A Service's targetPort is not a port the selected pods declare",
    why: 'The Service forwards each connection to targetPort on a selected pod. A named targetPort that no container declares gives the Service no usable endpoint on that port; a number nothing listens on is refused; a protocol mismatch (UDP vs TCP) never connects.',
    details: [
      'targetPort defaults to port. For each Service port and each workload the Service selects:',
      '',
      '- a **named** targetPort that no container of the workload declares with the same protocol is an error (`namedMissing`); a quoted number such as `"8080"` is a name too, and since port names must contain a letter the API server rejects the Service (`quotedNumber`);',
      '- a **number** the workload does not declare, while it declares other ports, is a warning (`numericUndeclared`): containerPort is informational in Kubernetes, so the app may still listen there, but usually the numbers drifted apart. A workload that declares no ports is not reported, nor is a Service port named for metrics (`metrics`, `http-metrics`), which apps often serve undeclared;',
      '- the right number or name with another protocol is an error (`protocolMismatch`).',
      '',
      'An absent, `0` or empty targetPort defaults to `port`; when that number is not declared, the message says so (`defaultedUndeclared`, a warning like `numericUndeclared`).',
      '',
      'Pods created by operators from custom resources (a Prometheus, an Argo Rollout) are skipped: the input shows their labels, not the ports the operator gives them.',
      '',
      'Native sidecars (init containers with `restartPolicy: Always`) serve ports too. Workloads the selector does not match are the business of `selector-no-match`. When the input holds a controller and what it manages (a `kubectl get -o yaml` dump with Deployments, ReplicaSets and Pods), only the controller is reported.',
    ].join('\n'),
  },
  messages: {
    namedMissing: 'targetPort "{{target}}" is not a port name of {{workload}}, which declares {{declared}}: {{fix}}',
    quotedNumber:
      'targetPort "{{target}}" is quoted, so it is a port name, and port names need a letter: the API server rejects this Service; write targetPort: {{target}} without quotes',
    protocolMismatch:
      'targetPort {{target}}/{{protocol}} does not match the protocol {{workload}} declares: {{matching}} is {{declaredProtocol}}; set protocol: {{declaredProtocol}} on this Service port, or declare a {{protocol}} container port if the app serves {{protocol}} too',
    numericUndeclared:
      'targetPort {{target}} is not declared by {{workload}}, which declares {{declared}}: set targetPort to the declared port the app serves, or declare containerPort {{target}} if the app listens there',
    defaultedUndeclared:
      'targetPort is unset (absent or 0), so it defaults to port {{target}}, which {{workload}} does not declare; it declares {{declared}}: set targetPort to the declared port the app serves, or declare containerPort {{target}} if the app listens there',
  },
  *check(ctx) {
    for (const service of ctx.model.services()) {
      if (service.type === 'ExternalName') continue;
      // Pods and ReplicaSets whose controller is also in the input are checked through it, once.
      // Operators decide the ports of the pods they create: nothing to compare with.
      const workloads = ctx.model.workloadsSelectedBy(service).filter((w) => w.portsKnown && !ctx.model.controllerInInput(w));
      for (const port of service.ports) {
        if (isQuotedNumber(port)) {
          yield ctx.report({ at: port.targetNode, messageId: 'quotedNumber', object: service, data: { target: String(port.targetPort) } });
          continue;
        }
        for (const workload of workloads) {
          const problem = problemWith(port, workload);
          if (!problem) continue;
          const declaredAt = workload.ports[0]?.node ?? workload.containers.find((c) => c.servesPorts)?.node ?? workload.at();
          yield ctx.report({
            at: port.targetNode,
            messageId: problem,
            object: service,
            severity: problem === 'numericUndeclared' || problem === 'defaultedUndeclared' ? 'warning' : 'error',
            data: {
              target: String(port.targetPort),
              protocol: port.protocol ?? 'TCP',
              workload: workload.displayName,
              declared: describePorts(workload.ports),
              ...fixData(problem, port, workload),
            },
            related: [{ at: declaredAt, message: `ports of ${workload.displayName}` }],
          });
        }
      }
    }
  },
});
