import { defineRule, type PodClass, type Reachability } from '../engine/rule.js';
import { labelNamingNamespace, namespaceNameLabel, type ClusterModel } from '../engine/model/cluster.js';
import { describePeer, effectiveRules, peerMatches, rulePorts } from '../engine/model/policy.js';
import { adminAllowsIngressOn } from '../engine/model/admin-policy.js';
import { formatLabels, valuesRequiredFor, type LabelSelector } from '../engine/model/selectors.js';
import type { NetworkPolicy, PolicyPeer, PolicyRule } from '../engine/model/types.js';

/**
 * Whether a peer may admit the ingress controller. Where the controller runs is known only when
 * `cluster.ingressController` says so; otherwise it is taken to run in a namespace of its own, so
 * a namespaceSelector may match it unless it names only the pods' own namespace, and a peer within
 * that namespace (a podSelector alone) admits it only when it matches a workload of the input that
 * looks like an ingress controller. An ipBlock may always match: a controller on the host network
 * comes from node addresses.
 */
function peerMayAdmitController(model: ClusterModel, reach: Reachability, policy: NetworkPolicy, peer: PolicyPeer): boolean {
  if (peer.ipBlock) return true;
  if (model.settings.ingressControllerChosen) return peerMatches(model, policy, peer, { type: 'pods', pods: model.ingressControllerPods() });
  if (peer.namespaceSelector && !namesOnlyItsOwnNamespace(peer.namespaceSelector, policy.namespace)) return true;
  return reach.classesAdmitted(policy, peer).some((c) => reach.peersOfClass(c).some((p) => p.workloads.some((w) => model.looksLikeIngressController(w))));
}

/**
 * Whether a namespaceSelector picks the policy's own namespace by name: by
 * `kubernetes.io/metadata.name`, or by a label whose value is that name (`name: shop`, the usual
 * hand-made label).
 */
function namesOnlyItsOwnNamespace(selector: LabelSelector, namespace: string): boolean {
  const named = valuesRequiredFor(selector, namespaceNameLabel);
  if (named !== undefined) return named.every((n) => n === namespace);
  return labelNamingNamespace(selector, (n) => n === namespace) !== undefined;
}

function ruleMayAdmitController(model: ClusterModel, reach: Reachability, policy: NetworkPolicy, rule: PolicyRule): boolean {
  return rule.peers === undefined || rule.peers.some((peer) => peerMayAdmitController(model, reach, policy, peer));
}

/** The ingress rules of the isolating policies whose ports include TCP `port` on the pods. */
function rulesForPort(reach: Reachability, podClass: PodClass, port: number): { policy: NetworkPolicy; rule: PolicyRule }[] {
  return reach.isolatedBy(podClass, 'Ingress').flatMap((policy) =>
    effectiveRules(policy, 'Ingress')
      .filter((rule) => rulePorts(rule, podClass).has('TCP', port))
      .map((rule) => ({ policy, rule })),
  );
}

export default defineRule({
  id: 'ingress-unreachable',
  severity: 'error',
  category: 'reachability',
  kinds: ['Ingress', 'Route'],
  docs: {
    summary: 'An Ingress or OpenShift Route sends traffic to pods whose NetworkPolicies do not admit the ingress controller',
    why: 'The ingress controller is a pod like any other, usually in a namespace of its own (ingress-nginx, openshift-ingress). When the pods behind an Ingress are isolated for ingress and their policies admit the Ingress\'s port only from pods of their own namespace, or not at all, every request through the Ingress times out or ends in a 502/504, although the Ingress, the Service and the pods are all correct. This is the most common way a default-deny policy breaks a web application.',
    details: [
      'For each backend of a `networking.k8s.io/v1` Ingress or a `route.openshift.io/v1` Route, netlint follows the Service to the workloads it selects and the port the Service port forwards to (as `netlint reach` does for its `{ingress-controller}` peer). When the policies isolating a workload\'s ingress have no rule for that TCP port whose `from` may match the controller, the backend is reported.',
      '',
      'Where the controller runs is usually not in the input. Unless `cluster.ingressController` in .netlintrc.yaml gives its namespace and pod labels, it is taken to run in a namespace of its own: a peer with a namespaceSelector may match it, unless the selector names only the pods\' own namespace (by `kubernetes.io/metadata.name`, or a label such as `name: shop` whose value is its name), and an ipBlock may too (a controller on the host network comes from node addresses). A peer within the pods\' own namespace (a podSelector alone) admits it only when it matches a workload of the input that looks like an ingress controller (Traefik, ingress-nginx, HAProxy, Kong, Contour, Envoy… by name or label), as when a controller is deployed beside the app. With the setting, peers are matched against the controller\'s pods exactly, and ipBlocks still count.',
      '',
      'An admin-tier `Allow` (`Accept`) rule of an AdminNetworkPolicy or ClusterNetworkPolicy that applies to the pods\' ingress and names the port admits the controller whatever the NetworkPolicies say: such a backend is not reported.',
      '',
      'Pods on the host network are skipped (most network plugins do not police them). A backend whose Service or port does not exist is `ingress-backend-missing`\'s (or `route-backend-missing`\'s) finding.',
      '',
      'Fix: add an ingress rule for the port whose `from` matches the controller, e.g. `namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}`.',
    ].join('\n'),
  },
  messages: {
    noRule:
      '{{object}} sends the ingress controller to {{workload}} on TCP {{port}}, but {{isolating}} its ingress and no rule admits TCP {{port}}: every request through it fails; add an ingress rule with ports [{port: {{port}}}] and a from that matches the ingress controller, e.g. {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: <its namespace>}}}',
    ownNamespaceOnly:
      '{{object}} sends the ingress controller to {{workload}} on TCP {{port}}, but {{isolating}} its ingress and admit{{s}} TCP {{port}} only from pods of its own namespace {{namespace}} ({{peers}}), not from the controller\'s: every request through it fails; add a from peer that matches the ingress controller, e.g. {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: <its namespace>}}}',
    controllerNotAdmitted:
      '{{object}} sends the ingress controller to {{workload}} on TCP {{port}}, but {{isolating}} its ingress and no rule for TCP {{port}} admits the controller ({{controller}}, from cluster.ingressController): every request through it fails; add a from peer that matches it, e.g. {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: {{controllerNamespace}}}}}',
  },
  *check(ctx) {
    const { model } = ctx;
    // The reachability analysis is built on first use: not at all for an input without Ingresses.
    if (model.ingresses().length === 0 && model.openShiftRoutes().length === 0) return;
    const { reach } = ctx;
    const controller = model.ingressControllerPods();
    for (const exposure of reach.exposures()) {
      const { podClass } = exposure.peer;
      if (podClass.hostNetwork || reach.isolatedBy(podClass, 'Ingress').length === 0) continue;
      const reported = new Set<string>();
      for (const via of exposure.via) {
        // Several paths to one Service port are one mistake: reported at the first.
        const key = `${via.object.kind}\0${via.object.namespace}/${via.object.name}\0${via.port}`;
        if (reported.has(key)) continue;
        const rules = rulesForPort(reach, podClass, via.port);
        if (rules.some(({ policy, rule }) => ruleMayAdmitController(model, reach, policy, rule))) continue;
        // An admin-tier Allow (Accept) of the port admits the controller past the NetworkPolicies.
        if (adminAllowsIngressOn(model, podClass, 'TCP', via.port)) continue;
        reported.add(key);
        const policies = reach.isolatedBy(podClass, 'Ingress');
        const messageId = model.settings.ingressControllerChosen ? 'controllerNotAdmitted' : rules.length > 0 ? 'ownNamespaceOnly' : 'noRule';
        yield ctx.report({
          at: via.backend.serviceNode,
          messageId,
          object: via.object,
          data: {
            object: via.object.displayName,
            workload: exposure.peer.key,
            port: String(via.port),
            isolating: `${policies.map((p) => p.displayName).join(', ')} ${policies.length === 1 ? 'isolates' : 'isolate'}`,
            s: policies.length === 1 ? 's' : '',
            peers: [...new Set(rules.flatMap(({ rule }) => (rule.peers ?? []).map(describePeer)))].join('; '),
            namespace: podClass.namespace,
            controller: `${Object.keys(controller.labels).length > 0 ? `pods ${formatLabels(controller.labels)}` : 'any pod'} in namespace ${controller.namespace}`,
            controllerNamespace: controller.namespace,
          },
          related: [
            ...policies.map((p) => ({ at: p.at('metadata', 'name'), message: `${p.displayName} isolates the pods of ${exposure.peer.key}` })),
            ...rules.map(({ policy, rule }) => ({ at: rule.node, message: `${policy.displayName} admits TCP ${via.port} here, but not from the ingress controller` })),
          ],
        });
      }
    }
  },
});
