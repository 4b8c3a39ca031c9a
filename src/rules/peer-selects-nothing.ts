import { defineRule } from '../engine/rule.js';
import { partialInput } from '../engine/model/partial.js';
import { peerMatches, peerNamespaces } from '../engine/model/policy.js';
import { formatSelector } from '../engine/model/selectors.js';
import type { PolicyPeer } from '../engine/model/types.js';

function describe(peer: PolicyPeer): string {
  const parts: string[] = [];
  if (peer.namespaceSelector) parts.push(`namespaceSelector ${formatSelector(peer.namespaceSelector)}`);
  if (peer.podSelector) parts.push(`podSelector ${formatSelector(peer.podSelector)}`);
  return parts.join(' and ');
}

export default defineRule({
  id: 'peer-selects-nothing',
  severity: 'warning',
  category: 'reachability',
  kinds: ['NetworkPolicy'],
  docs: {
    summary: 'A from/to peer of a NetworkPolicy rule matches no pod in the input',
    why: 'A peer that matches no pod allows nothing. Usually a label is misspelt, or the peer looks for the pods in the wrong namespace (a podSelector without namespaceSelector only ever matches pods of the policy\'s own namespace), and the traffic the rule was written for stays blocked.',
    details: [
      'The peer is resolved exactly as Kubernetes does: a podSelector alone in the policy\'s namespace, a namespaceSelector across all matching namespaces, both together as an AND. It is reported only when every namespace it looks in holds workloads in the input; otherwise the input is taken to be partial. The cluster DNS pods (kube-dns in kube-system) count as present.',
      '',
      'A namespaceSelector that matches no namespace at all is `namespace-label-unknown`\'s finding, not this rule\'s.',
      '',
      'Pods carry the labels their controllers add and pods created by operators count (see selector-no-match). Where a namespace the peer looks in holds custom resources that create pods the input does not show, the message says the input may be partial (`partialInput`).',
    ].join('\n'),
  },
  messages: {
    noPods: 'this peer ({{peer}}) matches no pod in {{namespaces}}, so the rule allows nothing {{preposition}} it',
    partialInput:
      'this peer ({{peer}}) matches no pod of the input in {{namespaces}}, but the input may be partial: the pods created from {{creators}} have labels netlint cannot read; if none of them has these labels, the rule allows nothing {{preposition}} it',
  },
  *check(ctx) {
    const { model, reach } = ctx;
    const dns = model.dnsPods();
    for (const policy of model.policies()) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        const preposition = rule.direction === 'Ingress' ? 'from' : 'to';
        for (const peer of rule.peers ?? []) {
          const namespaces = peerNamespaces(model, policy, peer);
          if (namespaces === undefined || namespaces.length === 0) continue;
          // A namespace whose workloads the input does not show may hold the pods: say nothing.
          if (namespaces.some((ns) => model.workloadsIn(ns).length === 0)) continue;
          if (peerMatches(model, policy, peer, { type: 'pods', pods: dns })) continue;
          if (reach.classesAdmitted(policy, peer).length > 0) continue;
          const data = {
            peer: describe(peer),
            namespaces: namespaces.length === 1 ? `namespace ${namespaces[0]}` : `namespaces ${namespaces.join(', ')}`,
            preposition,
          };
          const partial = partialInput(model, namespaces);
          if (partial) {
            yield ctx.report({ at: peer.node, messageId: 'partialInput', object: policy, data: { ...data, creators: partial.creators }, related: partial.related });
            continue;
          }
          yield ctx.report({ at: peer.node, messageId: 'noPods', object: policy, data });
        }
      }
    }
  },
});
