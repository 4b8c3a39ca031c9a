import { defineRule } from '../engine/rule.js';
import { childOf } from '../engine/finding.js';
import { namespaceSelectorFor, type ClusterModel } from '../engine/model/cluster.js';
import { describePeer } from '../engine/model/policy.js';
import type { Service } from '../engine/model/types.js';
import { clusterIPLookup } from '../engine/model/references.js';
import { contains, parseCidr, parseCidrs, type IpInterval, type NamedRange } from '../engine/net/ip.js';

/** What an ipBlock's cidr names on the Service side: a Service's own address, or the Service range. */
type ServiceAddress = { readonly kind: 'clusterIP'; readonly service: Service } | { readonly kind: 'range'; readonly range: string };

/** The input's clusterIPs and the configured Service ranges, parsed once per run. */
interface ServiceAddresses {
  readonly anyClusterIP: boolean;
  readonly serviceAt: (address: IpInterval) => Service | undefined;
  readonly ranges: readonly NamedRange[];
}

function serviceAddresses(model: ClusterModel): ServiceAddresses {
  return {
    anyClusterIP: model.services().some((s) => s.clusterIPs.length > 0),
    serviceAt: clusterIPLookup(model.services()),
    ranges: parseCidrs(model.settings.serviceCidrs),
  };
}

/** The Service a single address belongs to, or the configured Service range a cidr lies in. */
function serviceAddress(known: ServiceAddresses, cidr: IpInterval): ServiceAddress | undefined {
  const owner = known.serviceAt(cidr);
  if (owner) return { kind: 'clusterIP', service: owner };
  const range = known.ranges.find(({ interval }) => contains([interval], cidr));
  return range === undefined ? undefined : { kind: 'range', range: range.text };
}

/** The peer that selects a Service's pods: its namespace and its selector. */
function peerFor(service: Service): string | undefined {
  if (!service.selector || Object.keys(service.selector).length === 0) return undefined;
  return describePeer({
    namespaceSelector: namespaceSelectorFor([service.namespace]),
    podSelector: { matchLabels: service.selector, matchExpressions: [] },
    ipBlock: undefined,
  });
}

export default defineRule({
  id: 'ip-block-service-address',
  severity: 'warning',
  category: 'reachability',
  kinds: ['NetworkPolicy'],
  docs: {
    summary: 'An ipBlock names a Service address (a clusterIP, or the Service range) instead of the pods behind it',
    why: 'A Service address is virtual: kube-proxy or the CNI translates it to the address of one of the Service\'s pods, and the common CNIs (Calico, Cilium, and kube-proxy with most others) apply NetworkPolicies to the translated packet. An ipBlock for the clusterIP of kube-dns or of an API then matches nothing, and the rule allows nothing; the Kubernetes API leaves the order undefined, so it is not portable either way.',
    details: [
      'Reported for an ipBlock whose cidr is exactly the `spec.clusterIP` of a Service in the input, or lies inside the Service range given in the config (`cluster.serviceCIDRs`, e.g. `10.96.0.0/12` on kubeadm clusters; unknown by default, so without it only clusterIPs written in the input are known). Wide blocks such as `0.0.0.0/0`, which also cover pods and the internet, are not reported.',
      '',
      'Fix: select the pods behind the Service with a namespaceSelector and a podSelector (the message gives them when the Service is in the input).',
    ].join('\n'),
  },
  messages: {
    clusterIP:
      'ipBlock {{cidr}} is the clusterIP of {{service}}; policies see the address of the pod the Service sends to, not the Service\'s, in common CNIs, so this peer likely matches nothing: use {{peer}} instead',
    range:
      'ipBlock {{cidr}} lies in the Service range {{range}}; policies see the address of the pod a Service sends to, not the Service\'s, in common CNIs, so this peer likely matches nothing: select the pods behind the Service with a namespaceSelector and podSelector instead',
  },
  *check(ctx) {
    const { model } = ctx;
    const known = serviceAddresses(model);
    if (!known.anyClusterIP && known.ranges.length === 0) return;
    for (const policy of model.policies()) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        for (const peer of rule.peers ?? []) {
          const cidr = peer.ipBlock ? parseCidr(peer.ipBlock.cidr) : undefined;
          if (!peer.ipBlock || !cidr) continue;
          const named = serviceAddress(known, cidr);
          if (!named) continue;
          const at = childOf(peer.node, 'ipBlock', 'cidr');
          if (named.kind === 'range') {
            yield ctx.report({ at, messageId: 'range', object: policy, data: { cidr: peer.ipBlock.cidr, range: named.range } });
            continue;
          }
          const { service } = named;
          yield ctx.report({
            at,
            messageId: 'clusterIP',
            object: policy,
            data: {
              cidr: peer.ipBlock.cidr,
              service: service.displayName,
              peer: peerFor(service) ?? `a namespaceSelector and podSelector for the pods of ${service.displayName}`,
            },
            related: [{ at: service.at('spec', 'clusterIP'), message: `the clusterIP of ${service.displayName}` }],
          });
        }
      }
    }
  },
});
