import { defineRule, fixOf, type Reachability } from '../engine/rule.js';
import { podGroupOf, type ClusterModel } from '../engine/model/cluster.js';
import { adminPolicySelects, adminPortConnections, adminRuleMatches, adminRulePorts, adminTiers } from '../engine/model/admin-policy.js';
import {
  effectiveRules,
  ipBlockCoversPods,
  peerMatches,
  policySelects,
  resolvePolicyPort,
  rulePorts,
  workloadsSelectedByPolicy,
} from '../engine/model/policy.js';
import { isEmptySelector } from '../engine/model/selectors.js';
import { someNames } from '../engine/util.js';
import type { AdminPolicy, AdminRule, NetworkPolicy, PolicyPeer, PolicyRule, Workload } from '../engine/model/types.js';
import { describeDnsPort, dnsPort } from '../engine/model/dns.js';

function peersKey(peers: readonly PolicyPeer[] | undefined): string {
  return JSON.stringify((peers ?? []).map((p) => [p.podSelector ?? null, p.namespaceSelector ?? null, p.ipBlock ?? null]));
}

/** Whether two egress rules reach the same destinations (equal peers, or both the DNS pods). */
function sameDestinations(model: ClusterModel, a: { policy: NetworkPolicy; rule: PolicyRule }, b: { policy: NetworkPolicy; rule: PolicyRule }): boolean {
  if (b.rule.peers === undefined) return true;
  if (peersKey(a.rule.peers) === peersKey(b.rule.peers)) return true;
  const dns = { type: 'pods' as const, pods: model.dnsPods() };
  const reachesDns = (x: typeof a) =>
    x.rule.peers === undefined ||
    x.rule.peers.some((p) => peerMatches(model, x.policy, p, dns) || (p.ipBlock !== undefined && ipBlockCoversPods(p.ipBlock, model.settings.podCidrs)));
  return reachesDns(a) && reachesDns(b);
}

/** Policies that apply to at least every workload this one selects (or, with none, the same selector). */
function companions(model: ClusterModel, policy: NetworkPolicy): NetworkPolicy[] {
  const mine = workloadsSelectedByPolicy(model, policy);
  return model.policiesIn(policy.namespace).filter((other) => {
    if (!other.policyTypes.includes('Egress')) return false;
    if (mine.length === 0) return isEmptySelector(other.podSelector) || JSON.stringify(other.podSelector) === JSON.stringify(policy.podSelector);
    return mine.every((w) => policySelects(other, { namespace: w.namespace, labels: w.podLabels }));
  });
}

/** Whether the admin tier lets every one of these workloads reach the DNS pods over TCP, whatever the NetworkPolicies say. */
function adminAllowsTcp(reach: Reachability, workloads: readonly Workload[]): boolean {
  return workloads.length > 0 && workloads.every((w) => {
    const verdict = reach.dnsVerdict(podGroupOf(w), 'TCP');
    return verdict.allowed && verdict.decidedBy?.rule.action === 'Allow' && verdict.decidedBy.policy.tier === 'Admin';
  });
}

/**
 * Workloads for which a cluster-wide Allow rule decides DNS over UDP while nothing lets them use
 * TCP: the rule is where the TCP port belongs.
 */
function udpOnlyUnder(model: ClusterModel, reach: Reachability, policy: AdminPolicy, rule: AdminRule): Workload[] {
  return model.workloads().filter((w) => {
    const pods = podGroupOf(w);
    if (!adminPolicySelects(model, policy, pods, 'Egress')) return false;
    return reach.dnsVerdict(pods, 'UDP').decidedBy?.rule === rule && !reach.dnsVerdict(pods, 'TCP').allowed;
  });
}

/** The TCP DNS port entry to add, in the policy's own API version. */
function tcpEntry(policy: AdminPolicy, port: number): string {
  return policy.kind === 'ClusterNetworkPolicy' ? `{tcp: {destinationPort: {number: ${port}}}}` : `{portNumber: {protocol: TCP, port: ${port}}}`;
}

export default defineRule({
  id: 'dns-tcp-missing',
  severity: 'warning',
  category: 'reachability',
  kinds: ['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'],
  fixable: true,
  docs: {
    summary: 'An egress rule allows DNS over UDP 53 but nothing allows TCP 53 to the same place',
    why: 'DNS falls back to TCP when an answer does not fit in a UDP packet (large records, many A records, DNSSEC), and some resolvers use TCP throughout. With only UDP 53 allowed, those lookups hang, which shows up as intermittent resolution failures that are hard to trace.',
    details: [
      'For each egress rule whose ports admit UDP 53, netlint looks for an egress rule that admits TCP 53 to the same destinations (the same peers, no peers at all, or both reaching the cluster DNS pods) in the policies that apply to the same pods. It reports even when the rule\'s destination selector itself misses the DNS pods: that is `deny-all-without-dns`\'s finding, and both need fixing.',
      '',
      'Fix: list both ports, `- {protocol: UDP, port: 53}` and `- {protocol: TCP, port: 53}`. `--fix` adds the TCP entry right after the UDP one, in the same rule, so it reaches the same destinations.',
      '',
      'The DNS ports are those of `cluster.dns.ports` in the config (53 over UDP and TCP by default): with DNS on 5353, a rule admitting UDP 5353 needs TCP 5353 as well.',
      '',
      'Cluster-wide policies count as the cluster applies them (AdminNetworkPolicy and BaselineAdminNetworkPolicy, ClusterNetworkPolicy): a NetworkPolicy rule for UDP only is fine where an admin-tier `Allow` (`Accept`) lets the same pods use TCP 53 to the DNS pods. An `Allow` rule of a cluster-wide policy that decides DNS over UDP for some pods, while nothing lets those pods use TCP, is reported at its UDP port (`adminUdpOnly`); add the TCP port to that rule.',
    ].join('\n'),
  },
  messages: {
    adminUdpOnly:
      'this {{action}} rule allows DNS over {{udp}} only, and nothing lets {{workloads}} use {{tcp}} to the DNS pods; DNS falls back to TCP for large answers: add {{entry}}',
    udpOnly:
      'this egress rule allows DNS over {{udp}} only; nothing allows {{tcp}} to the same destinations, and DNS falls back to TCP for large answers: add {protocol: TCP, port: {{tcpPort}}}',
  },
  *check(ctx) {
    const { model } = ctx;
    const dns = model.dnsPods();
    const [udpPort, tcpPort] = [dnsPort(model, 'UDP'), dnsPort(model, 'TCP')];
    const data = { udp: describeDnsPort(model, 'UDP'), tcp: describeDnsPort(model, 'TCP'), tcpPort };
    for (const policy of model.policies()) {
      // Found only for a policy with a UDP-only DNS rule: comparing every pair of a namespace's policies costs.
      let others: NetworkPolicy[] | undefined;
      for (const rule of effectiveRules(policy, 'Egress')) {
        const ports = rulePorts(rule, dns);
        if (!ports.has('UDP', udpPort) || ports.has('TCP', tcpPort)) continue;
        others ??= companions(model, policy);
        const covered = others.some((other) =>
          effectiveRules(other, 'Egress').some(
            (r) => r !== rule && rulePorts(r, dns).has('TCP', tcpPort) && sameDestinations(model, { policy, rule }, { policy: other, rule: r }),
          ),
        );
        // An admin-tier Allow of TCP DNS for every pod the policy selects covers it too.
        if (covered || adminAllowsTcp(ctx.reach, workloadsSelectedByPolicy(model, policy))) continue;
        const entry = rule.ports?.find((p) => resolvePolicyPort(p, dns).some((r) => r.protocol === 'UDP' && r.from <= udpPort && udpPort <= r.to));
        // The TCP entry goes beside the UDP one: same rule, same peers, so it widens nothing else.
        const fix = entry && { description: `add {protocol: TCP, port: ${tcpPort}} to the egress rule`, safe: true, edits: [{ insertAfter: entry.node, value: { protocol: 'TCP', port: tcpPort } }] };
        yield ctx.report({ at: entry?.node ?? rule.node, messageId: 'udpOnly', object: policy, data, ...fixOf(fix) });
      }
    }
    yield* adminFindings();

    function* adminFindings() {
      for (const policy of adminTiers.flatMap((tier) => model.adminPolicies(tier))) {
        for (const rule of policy.egress) {
          if (rule.action !== 'Allow' || !adminRuleMatches(model, rule, { type: 'pods', pods: dns })) continue;
          const ports = adminRulePorts(rule, dns);
          if (!ports.has('UDP', udpPort) || ports.has('TCP', tcpPort)) continue;
          const workloads = udpOnlyUnder(model, ctx.reach, policy, rule);
          if (workloads.length === 0) continue;
          const entry = rule.ports?.find((p) => adminPortConnections(p, dns).has('UDP', udpPort));
          yield ctx.report({
            at: entry?.node ?? rule.node,
            messageId: 'adminUdpOnly',
            object: policy,
            data: { ...data, action: rule.writtenAction, workloads: someNames([...new Set(workloads.map((w) => w.displayName))]), entry: tcpEntry(policy, tcpPort) },
          });
        }
      }
    }
  },
});
