import { defineRule } from '../engine/rule.js';
import { namespaceSelectorFor, type ClusterModel } from '../engine/model/cluster.js';
import { partialInput } from '../engine/model/partial.js';
import { describePeer, peerMatches, peerMayMatchUnseenPods, peerNamespaces } from '../engine/model/policy.js';
import { describeNearestLabels, everything, formatSelector, LabelIndex, matchesSelector, type Labels } from '../engine/model/selectors.js';
import { compareText } from '../engine/util.js';
import type { NetworkPolicy, PolicyPeer } from '../engine/model/types.js';

interface PodsOfNamespace {
  readonly namespace: string;
  readonly labels: Labels;
}

/**
 * The input's pods (and the cluster DNS pods) indexed by label value, built once per run: looking
 * for where a peer's pods are costs what the selector's required labels find, not a pass over
 * every workload.
 */
interface PodIndex {
  readonly pods: LabelIndex<PodsOfNamespace>;
  /** The namespaces whose pods a selector matches, by the selector's text. */
  readonly namespacesBySelector: Map<string, readonly string[]>;
}

function podIndex(model: ClusterModel): PodIndex {
  const all: PodsOfNamespace[] = [...model.workloads().map((w) => ({ namespace: w.namespace, labels: w.podLabels })), model.dnsPods()];
  return { pods: new LabelIndex(all, (pods) => pods.labels), namespacesBySelector: new Map() };
}

/**
 * For a podSelector without namespaceSelector, the other namespaces where pods (of the input, or
 * the cluster DNS pods) have its labels: where the peer was most likely meant to look. Peers
 * repeat the same selector across policies (`tier: frontend`), so each selector is looked up once.
 */
function namespacesWithSuchPods(index: PodIndex, policy: NetworkPolicy, peer: PolicyPeer): string[] {
  const selector = peer.podSelector;
  if (!selector || peer.namespaceSelector) return [];
  const key = formatSelector(selector);
  let namespaces = index.namespacesBySelector.get(key);
  if (!namespaces) {
    const candidates = index.pods.candidates(selector);
    namespaces = [...new Set(candidates.filter((p) => matchesSelector(selector, p.labels)).map((p) => p.namespace))].sort(compareText);
    index.namespacesBySelector.set(key, namespaces);
  }
  return namespaces.filter((ns) => ns !== policy.namespace);
}

function namespaceList(namespaces: readonly string[]): string {
  return namespaces.length === 1 ? `namespace ${namespaces[0]}` : `namespaces ${namespaces.join(', ')}`;
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
      'The message lists the labels the pods there have, nearest first (`noPods`). When the peer is a podSelector alone and pods with its labels run in another namespace (or it names the cluster DNS pods), it says which and gives the namespaceSelector to add beside the podSelector, in the same peer so that both apply together (`otherNamespace`).',
      '',
      'A namespaceSelector that matches no namespace at all is `namespace-label-unknown`\'s finding, not this rule\'s.',
      '',
      'Pods carry the labels their controllers add and pods created by operators count (see selector-no-match). Where a namespace the peer looks in holds custom resources that create pods the input does not show, the message says the input may be partial (`partialInput`).',
    ].join('\n'),
  },
  messages: {
    noPods:
      'this peer ({{peer}}) matches no pod in {{namespaces}}, so the rule allows nothing {{preposition}} it; pods there have {{examples}}: set its selectors to the labels of the pods meant, or remove the peer',
    otherNamespace:
      'this peer ({{peer}}) matches no pod in {{namespaces}}, so the rule allows nothing {{preposition}} it; pods with these labels run in {{elsewhere}}: add namespaceSelector {{namespaceSelector}} to this peer, beside its podSelector',
    partialInput:
      'this peer ({{peer}}) matches no pod of the input in {{namespaces}}, but the input may be partial: the pods created from {{creators}} have labels netlint cannot read; if none of them has these labels, the rule allows nothing {{preposition}} it: set its selectors to the labels of the pods meant, or remove the peer',
  },
  *check(ctx) {
    const { model, reach } = ctx;
    const dns = model.dnsPods();
    let index: PodIndex | undefined;
    for (const policy of model.policies()) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        const preposition = rule.direction === 'Ingress' ? 'from' : 'to';
        for (const peer of rule.peers ?? []) {
          const namespaces = peerNamespaces(model, policy, peer);
          if (namespaces === undefined || namespaces.length === 0) continue;
          // A namespace whose workloads the input does not show may hold the pods: say nothing.
          if (peerMayMatchUnseenPods(model, policy, peer)) continue;
          if (peerMatches(model, policy, peer, { type: 'pods', pods: dns })) continue;
          if (reach.admitsSomeClass(policy, peer)) continue;
          const data = { peer: describePeer(peer), namespaces: namespaceList(namespaces), preposition };
          const partial = partialInput(model, namespaces);
          if (partial) {
            yield ctx.report({ at: peer.node, messageId: 'partialInput', object: policy, data: { ...data, creators: partial.creators }, related: partial.related });
            continue;
          }
          index ??= podIndex(model);
          const elsewhere = namespacesWithSuchPods(index, policy, peer);
          if (elsewhere.length > 0) {
            yield ctx.report({
              at: peer.node,
              messageId: 'otherNamespace',
              object: policy,
              data: { ...data, elsewhere: namespaceList(elsewhere), namespaceSelector: formatSelector(namespaceSelectorFor(elsewhere)) },
            });
            continue;
          }
          const pods = namespaces.flatMap((ns) => model.workloadsIn(ns).map((w) => w.podLabels));
          const examples = describeNearestLabels(peer.podSelector ?? everything, pods);
          yield ctx.report({ at: peer.node, messageId: 'noPods', object: policy, data: { ...data, examples } });
        }
      }
    }
  },
});
