import { defineRule } from '../engine/rule.js';
import type { ClusterModel } from '../engine/model/cluster.js';
import { podGroupOf } from '../engine/model/cluster.js';
import { effectiveRules, isolatingPolicies, peerNamespaces, rulePorts } from '../engine/model/policy.js';
import { resolveTargetPort, type Protocol } from '../engine/model/ports.js';
import type { NetworkPolicy, PolicyPeer, PolicyRule, Service, Workload } from '../engine/model/types.js';
import type { Reachability } from '../engine/reach/analysis.js';
import { ipBlockIntervals } from '../engine/net/ip.js';

/**
 * Whether a peer may match some source: an address range, pods of the input, or pods of a
 * namespace whose workloads the input does not show (then netlint cannot tell, and assumes so).
 */
function peerMayMatch(model: ClusterModel, reach: Reachability, policy: NetworkPolicy, peer: PolicyPeer): boolean {
  if (peer.ipBlock) return ipBlockIntervals(peer.ipBlock).length > 0;
  const namespaces = peerNamespaces(model, policy, peer);
  if (namespaces === undefined) return false;
  if (reach.classesAdmitted(policy, peer).length > 0) return true;
  return namespaces.some((ns) => model.workloadsIn(ns).length === 0);
}

function ruleMayAdmit(model: ClusterModel, reach: Reachability, policy: NetworkPolicy, rule: PolicyRule): boolean {
  return rule.peers === undefined || rule.peers.some((peer) => peerMayMatch(model, reach, policy, peer));
}

/** The Service's target ports resolved on a workload; unresolvable ones are port-mismatch's business. */
function targetsOn(service: Service, workload: Workload): { protocol: Protocol; port: number; label: string }[] {
  return service.ports.flatMap((sp) => {
    if (!sp.protocol) return [];
    const port = resolveTargetPort(workload.ports, sp.targetPort, sp.protocol);
    if (port === undefined) return [];
    const number = sp.protocol === 'TCP' ? `${port}` : `${port}/${sp.protocol}`;
    return [{ protocol: sp.protocol, port, label: typeof sp.targetPort === 'string' ? `${sp.targetPort} (${number})` : number }];
  });
}

/** Whether some source may reach the workload on one of the Service's (resolvable) target ports. */
function reachable(model: ClusterModel, reach: Reachability, service: Service, workload: Workload): boolean {
  const pods = podGroupOf(workload);
  const policies = isolatingPolicies(model, pods, 'Ingress');
  if (policies.length === 0) return true;
  return targetsOn(service, workload).some(({ protocol, port: target }) => {
    return policies.some((policy) =>
      effectiveRules(policy, 'Ingress').some((rule) => rulePorts(rule, pods).has(protocol, target) && ruleMayAdmit(model, reach, policy, rule)),
    );
  });
}

export default defineRule({
  id: 'service-unreachable',
  severity: 'warning',
  category: 'reachability',
  kinds: ['Service'],
  docs: {
    summary: 'No source may reach the pods of a Service on any of its target ports',
    why: 'A Service exists to be called. When NetworkPolicies isolate its pods for ingress and no rule admits any source (pod or address) on the ports the Service forwards to, every call times out, from inside the cluster and from outside.',
    details: [
      'For each workload the Service selects, netlint takes the policies that isolate its ingress and looks for a rule whose ports include one of the Service\'s target ports (resolved on the pods) and whose peers may match something: everything, an address range, pods in the input, or a namespace whose workloads the input does not show.',
      '',
      'When a rule does admit some clients but their own egress isolation drops the traffic, that is `one-sided-allow`\'s finding, not this one. Services without a selector, ExternalName Services and Services that select nothing are skipped.',
    ].join('\n'),
  },
  messages: {
    unreachable:
      'no source may reach {{workloads}} on {{ports}}: their ingress is isolated by {{policies}}, and no rule admits anything on those ports',
  },
  *check(ctx) {
    const { model, reach } = ctx;
    for (const service of model.services()) {
      if (service.type === 'ExternalName') continue;
      const workloads = model.workloadsSelectedBy(service).filter((w) => !model.controllerInInput(w));
      if (workloads.length === 0 || workloads.every((w) => targetsOn(service, w).length === 0)) continue;
      if (workloads.some((w) => reachable(model, reach, service, w))) continue;
      const policies = [...new Map(workloads.flatMap((w) => isolatingPolicies(model, podGroupOf(w), 'Ingress')).map((p) => [p.displayName, p])).values()];
      yield ctx.report({
        at: { ...service.at('spec', 'ports'), target: 'key' },
        messageId: 'unreachable',
        object: service,
        data: {
          workloads: [...new Set(workloads.map((w) => w.displayName))].join(', '),
          ports: [...new Set(workloads.flatMap((w) => targetsOn(service, w).map((t) => t.label)))].join(', '),
          policies: policies.map((p) => p.displayName).join(', '),
        },
        related: policies.map((p) => ({ at: p.at('metadata', 'name'), message: `${p.displayName} isolates the pods` })),
      });
    }
  },
});
