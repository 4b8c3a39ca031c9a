import { defineRule, type Reachability } from '../engine/rule.js';
import { partialInput } from '../engine/model/partial.js';
import type { ClusterModel } from '../engine/model/cluster.js';
import { podGroupOf } from '../engine/model/cluster.js';
import { describePeer, effectiveRules, isolatingPolicies, peerMayMatchUnseenPods, peerNamespaces, rulePorts } from '../engine/model/policy.js';
import { resolveTargetPort, type Protocol } from '../engine/model/ports.js';
import type { NetworkPolicy, PolicyPeer, Service, Workload } from '../engine/model/types.js';
import { ipBlockIntervals } from '../engine/net/ip.js';
import { adminAllowsIngressOn } from '../engine/model/admin-policy.js';

/**
 * Whether a peer may match some source: an address range, pods of the input, or pods of a
 * namespace whose workloads the input does not show (then netlint cannot tell, and assumes so).
 */
function peerMayMatch(model: ClusterModel, reach: Reachability, policy: NetworkPolicy, peer: PolicyPeer): boolean {
  if (peer.ipBlock) return ipBlockIntervals(peer.ipBlock).length > 0;
  return reach.admitsSomeClass(policy, peer) || peerMayMatchUnseenPods(model, policy, peer);
}

/** A peer of an admitting rule that matches no source of the input (peer-selects-nothing's finding). */
interface MissingPeer {
  readonly policy: NetworkPolicy;
  readonly peer: PolicyPeer;
}

/**
 * How the policies isolating a workload treat the Service's target ports: reachable when some rule
 * for those ports may admit a source; otherwise the peers such rules name that match nothing.
 */
function admission(model: ClusterModel, reach: Reachability, service: Service, workload: Workload): { reachable: boolean; missing: MissingPeer[] } {
  const pods = podGroupOf(workload);
  const policies = isolatingPolicies(model, pods, 'Ingress');
  if (policies.length === 0) return { reachable: true, missing: [] };
  if (targetsOn(service, workload).some((t) => adminAllowsIngressOn(model, pods, t.protocol, t.port))) return { reachable: true, missing: [] };
  const missing: MissingPeer[] = [];
  for (const { protocol, port: target } of targetsOn(service, workload)) {
    for (const policy of policies) {
      for (const rule of effectiveRules(policy, 'Ingress')) {
        if (!rulePorts(rule, pods).has(protocol, target)) continue;
        if (rule.peers === undefined) return { reachable: true, missing: [] };
        for (const peer of rule.peers) {
          if (peerMayMatch(model, reach, policy, peer)) return { reachable: true, missing: [] };
          if (peer.podSelector || peer.namespaceSelector) missing.push({ policy, peer });
        }
      }
    }
  }
  return { reachable: false, missing };
}

/** The Service's target ports resolved on a workload; unresolvable ones are port-mismatch's business. */
function targetsOn(service: Service, workload: Workload): { protocol: Protocol; port: number; label: string; entry: string }[] {
  return service.ports.flatMap((sp) => {
    if (!sp.protocol) return [];
    const port = resolveTargetPort(workload.ports, sp.targetPort, sp.protocol);
    if (port === undefined) return [];
    const number = sp.protocol === 'TCP' ? `${port}` : `${port}/${sp.protocol}`;
    const entry = sp.protocol === 'TCP' ? `{port: ${port}}` : `{protocol: ${sp.protocol}, port: ${port}}`;
    return [{ protocol: sp.protocol, port, label: typeof sp.targetPort === 'string' ? `${sp.targetPort} (${number})` : number, entry }];
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
      'For each workload the Service selects, netlint takes the policies that isolate its ingress and looks for a rule whose ports include one of the Service\'s target ports (resolved on the pods) and whose peers may match something: everything, an address range, pods in the input, a namespace whose workloads the input does not show, or namespaces named by `kubernetes.io/metadata.name` that the input does not have (installed apart from it, like an ingress controller\'s).',
      '',
      'When the only rules for those ports admit peers that match no pod of the input, the message names those peers (`onlyMissingPeers`); why each matches nothing is `peer-selects-nothing`\'s finding. When such a peer looks in a namespace holding custom resources that create pods the input does not show (an Elasticsearch, a Kafka), the message says the input may be partial (`partialInput`).',
      '',
      'When a rule does admit some clients but their own egress isolation drops the traffic, that is `one-sided-allow`\'s finding, not this one. Services without a selector, ExternalName Services and Services that select nothing are skipped.',
      '',
      'An admin-tier `Allow` (`Accept`) rule of an AdminNetworkPolicy or ClusterNetworkPolicy that applies to the pods\' ingress and names a target port admits its sources whatever the NetworkPolicies say: such a Service is taken to be reachable.',
    ].join('\n'),
  },
  messages: {
    unreachable:
      'no source may reach {{workloads}} on {{ports}}: their ingress is isolated by {{policies}}, and no rule admits anything on those ports: add an ingress rule with ports [{{rulePorts}}] and a from that matches the Service\'s clients',
    onlyMissingPeers:
      'no source may reach {{workloads}} on {{ports}}: their ingress is isolated by {{policies}}, and the rules for those ports admit only pods matching {{peers}}, and the input has none; fix the selector or add a rule for the real clients',
    partialInput:
      'no source of the input may reach {{workloads}} on {{ports}}: their ingress is isolated by {{policies}}, and the rules for those ports admit only pods matching {{peers}}, but the input may be partial: the pods created from {{creators}} have labels netlint cannot read; if they are not the clients, fix the selector',
  },
  *check(ctx) {
    const { model, reach } = ctx;
    for (const service of model.services()) {
      if (service.type === 'ExternalName') continue;
      const workloads = model.workloadsSelectedBy(service).filter((w) => !model.controllerInInput(w));
      if (workloads.length === 0 || workloads.every((w) => targetsOn(service, w).length === 0)) continue;
      const verdicts = workloads.map((w) => admission(model, reach, service, w));
      if (verdicts.some((v) => v.reachable)) continue;
      const policies = [...new Map(workloads.flatMap((w) => isolatingPolicies(model, podGroupOf(w), 'Ingress')).map((p) => [p.displayName, p])).values()];
      const missing = [...new Map(verdicts.flatMap((v) => v.missing).map((m) => [m.peer, m])).values()];
      const partial = partialInput(model, missing.flatMap((m) => peerNamespaces(model, m.policy, m.peer) ?? []));
      const messageId = partial ? 'partialInput' : missing.length > 0 ? 'onlyMissingPeers' : 'unreachable';
      yield ctx.report({
        at: { ...service.at('spec', 'ports'), target: 'key' },
        messageId,
        object: service,
        data: {
          workloads: [...new Set(workloads.map((w) => w.displayName))].join(', '),
          ports: [...new Set(workloads.flatMap((w) => targetsOn(service, w).map((t) => t.label)))].join(', '),
          rulePorts: [...new Set(workloads.flatMap((w) => targetsOn(service, w).map((t) => t.entry)))].join(', '),
          policies: policies.map((p) => p.displayName).join(', '),
          peers: [...new Set(missing.map((m) => describePeer(m.peer)))].join('; '),
          creators: partial?.creators ?? '',
        },
        related: [
          ...policies.map((p) => ({ at: p.at('metadata', 'name'), message: `${p.displayName} isolates the pods` })),
          ...missing.map((m) => ({ at: m.peer.node, message: `${m.policy.displayName} admits ${describePeer(m.peer)}, which matches no pod in the input` })),
        ],
      });
    }
  },
});
