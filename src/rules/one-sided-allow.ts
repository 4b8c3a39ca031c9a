import { defineRule, type PodClass } from '../engine/rule.js';
import { namespaceSelectorFor } from '../engine/model/cluster.js';
import { describePeer, effectiveRules, hasNamedPorts, rulePorts } from '../engine/model/policy.js';
import { isEmptySelector } from '../engine/model/selectors.js';
import type { Direction, NetworkPolicy, PolicyPeer } from '../engine/model/types.js';
import { ConnectionSet } from '../engine/net/connections.js';

/** A peer that picks out particular pods (not an ipBlock, not "everything"). */
function namesOtherSide(peer: PolicyPeer): boolean {
  if (peer.ipBlock) return false;
  return (peer.podSelector !== undefined && !isEmptySelector(peer.podSelector)) ||
    (peer.namespaceSelector !== undefined && !isEmptySelector(peer.namespaceSelector));
}

function opposite(direction: Direction): Direction {
  return direction === 'Ingress' ? 'Egress' : 'Ingress';
}

/**
 * The peer the other side's rule needs to name this policy's pods: its podSelector, with a
 * namespaceSelector when the other side runs in other namespaces (alone when the podSelector is empty).
 */
function peerForOwnPods(policy: NetworkPolicy, otherNamespaces: readonly string[]): string {
  const namespaceSelector = namespaceSelectorFor([policy.namespace]);
  const sameNamespace = otherNamespaces.every((ns) => ns === policy.namespace);
  if (isEmptySelector(policy.podSelector)) return describePeer({ namespaceSelector, podSelector: undefined, ipBlock: undefined });
  return describePeer({ namespaceSelector: sameNamespace ? undefined : namespaceSelector, podSelector: policy.podSelector, ipBlock: undefined });
}

function list(names: readonly string[]): string {
  const unique = [...new Set(names)];
  return unique.length <= 3 ? unique.join(', ') : `${unique.slice(0, 2).join(', ')} and ${unique.length - 2} more`;
}

export default defineRule({
  id: 'one-sided-allow',
  severity: 'error',
  category: 'reachability',
  kinds: ['NetworkPolicy'],
  docs: {
    summary: 'A NetworkPolicy allows a flow that the other side\'s isolation denies',
    why: 'A connection needs both sides: the source\'s egress and the destination\'s ingress. A policy that admits traffic from `app: frontend` achieves nothing when another policy isolates the frontend pods\' egress without allowing that traffic: the client\'s packets never leave, and `curl` times out although the server-side policy looks right.',
    details: [
      'For each rule peer that selects particular pods (a non-empty podSelector or namespaceSelector), netlint takes the pods the policy protects and the pods the peer selects, and checks the opposite direction with the full NetworkPolicy semantics. When the other side is isolated in that direction and does not allow a port the rule lists, that flow is one-sided; the message names the ports. A rule without `ports` (all ports) is reported only when the other side allows none at all, since admitting every port is usually broader than the traffic on purpose. The policy\'s own pods count among the other side only when a podSelector names them and the workload runs several pods (replicas talking to each other); a peer for whole namespaces takes them in by the way.',
      '',
      'The finding points at the peer that allows the flow; the policies that isolate the other side are related locations. Fix it by adding the matching rule on the other side (an egress rule on the clients, or an ingress rule on the servers), or by removing the isolation.',
    ].join('\n'),
  },
  messages: {
    egressDenied:
      '{{policy}} admits {{others}} on {{ports}}, but {{isolating}} isolates their egress and does not allow it, so their connections time out: add an egress rule to {{peer}} on {{ports}} in a policy that selects them, such as {{example}}',
    ingressDenied:
      '{{policy}} allows connections to {{others}} on {{ports}}, but {{isolating}} isolates their ingress and does not admit it, so these connections time out: add an ingress rule from {{peer}} on {{ports}} in a policy that selects them, such as {{example}}',
  },
  *check(ctx) {
    const { model, reach } = ctx;
    for (const policy of model.policies()) {
      let selected: readonly PodClass[] | undefined;
      for (const direction of ['Ingress', 'Egress'] as const) {
        const rules = effectiveRules(policy, direction);
        if (rules.length === 0) continue;
        const otherDirection = opposite(direction);
        // Only pods isolated in the other direction can refuse what this rule allows.
        const isolatedOthers = reach.classesIsolatedIn(otherDirection);
        if (isolatedOthers.size === 0) continue;
        for (const rule of rules) {
          for (const peer of rule.peers ?? []) {
            if (!namesOtherSide(peer)) continue;
            const others = reach.classesAdmitted(policy, peer, isolatedOthers);
            if (others.length === 0) continue;
            selected ??= reach.classesSelectedBy(policy);
            const blocked = new Set<PodClass>();
            const isolating = new Map<string, NetworkPolicy>();
            let ports = ConnectionSet.none;
            // Without named ports, the rule's ports do not depend on the destination.
            const fixedPorts = hasNamedPorts(rule) ? undefined : rulePorts(rule, undefined);
            // A peer for whole namespaces takes in the policy's own pods by the way, not as clients it means.
            const selfByTheWay = peer.podSelector === undefined || isEmptySelector(peer.podSelector);
            for (const own of selected) {
              for (const other of others) {
                // Pods of one workload talk to each other only when there are several of them.
                if (other.id === own.id && (selfByTheWay || !reach.hasSeveralPods(own))) continue;
                const wanted = fixedPorts ?? rulePorts(rule, direction === 'Ingress' ? own : other);
                if (wanted.isEmpty()) continue;
                const policies = reach.isolatedBy(other, otherDirection);
                const granted = reach.mayAllow(other, otherDirection, own);
                // Ports the rule lists are each meant; a rule for all ports only counts when nothing gets through.
                const denied = rule.ports === undefined ? (granted.intersect(wanted).isEmpty() ? wanted : ConnectionSet.none) : wanted.subtract(granted);
                if (denied.isEmpty()) continue;
                blocked.add(other);
                ports = ports.union(denied);
                for (const p of policies) isolating.set(p.displayName, p);
              }
            }
            if (blocked.size === 0) continue;
            const names = [...blocked].flatMap((c) => reach.peersOfClass(c).map((p) => `${p.kind} ${p.namespace}/${p.name}`));
            const isolators = [...isolating.values()];
            yield ctx.report({
              at: peer.node,
              messageId: direction === 'Ingress' ? 'egressDenied' : 'ingressDenied',
              object: policy,
              data: {
                policy: policy.displayName,
                others: list(names),
                ports: ports.toString(),
                isolating: list(isolators.map((p) => p.displayName)),
                peer: peerForOwnPods(policy, [...blocked].map((c) => c.namespace)),
                example: (isolators[0] as NetworkPolicy).displayName,
              },
              related: isolators.map((p) => ({
                at: p.at('metadata', 'name'),
                message: `${p.displayName} isolates ${direction === 'Ingress' ? 'egress' : 'ingress'} of ${list(names)}`,
              })),
            });
          }
        }
      }
    }
  },
});
