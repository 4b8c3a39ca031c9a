import { defineRule, fixOf } from '../engine/rule.js';
import { childOf, type Fix } from '../engine/finding.js';
import { allEffectiveRules } from '../engine/model/policy.js';
import { admitsDeclaredPort, resolveTargetPort } from '../engine/model/ports.js';
import type { ClusterModel } from '../engine/model/cluster.js';
import type { PolicyPort, Workload } from '../engine/model/types.js';

/**
 * The pod port a policy port that equals a Service port should name, on one workload: undefined
 * when the workload serves the port itself or some Service forwards to it (the policy may be
 * right), or when no Service maps the port elsewhere.
 */
function misdirectedTarget(model: ClusterModel, workload: Workload, entry: PolicyPort & { port: number; protocol: string }) {
  const { port, protocol } = entry;
  const last = entry.endPort ?? port;
  if (admitsDeclaredPort(workload.ports, entry)) return undefined;
  const services = model.servicesSelecting(workload);
  const targets = services.flatMap((s) => s.ports.map((sp) => (sp.protocol === protocol ? resolveTargetPort(workload.ports, sp.targetPort, protocol) : undefined)));
  if (targets.some((t) => t !== undefined && t >= port && t <= last)) return undefined;
  for (const service of services) {
    const servicePort = service.ports.find((sp) => sp.port === port && sp.protocol === protocol);
    if (!servicePort) continue;
    const target = resolveTargetPort(workload.ports, servicePort.targetPort, protocol);
    if (target === undefined || (target >= port && target <= last)) continue;
    return { service, servicePort, target };
  }
  return undefined;
}

/**
 * Writes the target port in place of the Service port, only when that is unambiguous: a single
 * port (not a range), and every destination workload maps it to the same target through its
 * Services. Otherwise a new port would fix one workload and break another.
 */
function useTargetPort(entry: PolicyPort, workloads: readonly Workload[], model: ClusterModel, target: number): Fix | undefined {
  if (entry.endPort !== undefined || typeof entry.port !== 'number' || !entry.protocol) return undefined;
  const typed = { ...entry, port: entry.port, protocol: entry.protocol };
  const agreed = workloads.every((w) => misdirectedTarget(model, w, typed)?.target === target);
  return agreed ? { description: `use port ${target}, the pods' port`, safe: true, edits: [{ replace: childOf(entry.node, 'port'), text: String(target) }] } : undefined;
}

export default defineRule({
  id: 'policy-port-is-service-port',
  severity: 'error',
  category: 'reachability',
  kinds: ['NetworkPolicy'],
  fixable: true,
  docs: {
    summary: "A NetworkPolicy port is a Service's port, not the port its pods serve",
    why: 'NetworkPolicies filter packets at the pod, after the Service has translated its port to the targetPort. A policy that allows port 80 because clients call `http://backend:80` allows nothing when the pods listen on 5678: the policy must name the pod port.',
    details:
      'For each numeric port of a rule, netlint looks at the destination pods (the pods the policy selects, for ingress; the pods the rule\'s peers select, for egress) and the Services in front of them. When the port equals a Service\'s `port` but not its targetPort on those pods, and the pods do not declare that port themselves, the policy almost certainly meant the targetPort. Pods created by operators from custom resources (a Prometheus, an Argo Rollout) are skipped, as the input does not show their ports.\n\n`--fix` writes the target port in place of the Service port when that is unambiguous: a single port, not a range, that every destination workload serves as the same target port.',
  },
  messages: {
    servicePort:
      'port {{port}} is the port of {{service}}, but policies see the pod port after the Service translates it: use {{target}}, the port {{workload}} serves',
  },
  *check(ctx) {
    const { model, reach } = ctx;
    for (const policy of model.policies()) {
      for (const rule of allEffectiveRules(policy)) {
        if (!rule.ports) continue;
        // Pods an operator creates serve ports the input does not show: nothing to compare.
        const workloads: readonly Workload[] = reach.destinationWorkloads(policy, rule).filter((w) => w.portsKnown);
        for (const entry of rule.ports) {
          if (typeof entry.port !== 'number' || !entry.protocol) continue;
          const typed = { ...entry, port: entry.port, protocol: entry.protocol };
          for (const workload of workloads) {
            const found = misdirectedTarget(model, workload, typed);
            if (!found) continue;
            const { service, servicePort, target } = found;
            yield ctx.report({
              at: entry.node,
              messageId: 'servicePort',
              object: policy,
              data: { port: entry.port, service: service.displayName, target, workload: workload.displayName },
              related: [{ at: servicePort.node, message: `${service.displayName} maps port ${entry.port} to ${target}` }],
              ...fixOf(useTargetPort(entry, workloads, model, target)),
            });
            break;
          }
        }
      }
    }
  },
});
