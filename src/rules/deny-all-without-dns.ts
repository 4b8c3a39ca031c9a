import { defineRule, type DnsVerdict, type Reachability } from '../engine/rule.js';
import { childOf, type NodeRef } from '../engine/finding.js';
import { labelNamingNamespace, namespaceNameLabel, namespaceSelectorFor, podGroupOf, type ClusterModel, type PodGroup } from '../engine/model/cluster.js';
import { describePeer, effectiveRules, ipBlockPodCoverage, isolatingPolicies, matchPeer, rulePorts, workloadsSelectedByPolicy } from '../engine/model/policy.js';
import { describeDnsPort, dnsPort } from '../engine/model/dns.js';
import { formatSelector, isEmptySelector, matchesSelector } from '../engine/model/selectors.js';
import type { AdminPolicy, AdminRule, IpBlock, NetworkPolicy, PolicyPeer, PolicyRule, Workload } from '../engine/model/types.js';
import { adminPolicySelects, adminTiers, describeAdminRule, describeSelection } from '../engine/model/admin-policy.js';

interface NearMiss {
  readonly reason: string;
  readonly at: NodeRef;
  /** The policy whose rule nearly allows DNS (not always the one reported). */
  readonly policy?: NetworkPolicy;
  readonly rule?: PolicyRule;
}

/** `namespaceSelector kubernetes.io/metadata.name=kube-system and podSelector k8s-app=kube-dns`: the peer to add. */
function dnsPeer(model: ClusterModel): string {
  const dns = model.dnsPods();
  return describePeer({
    namespaceSelector: namespaceSelectorFor([dns.namespace]),
    podSelector: { matchLabels: dns.labels, matchExpressions: [] },
    ipBlock: undefined,
  });
}

/** Why an ipBlock in a DNS rule is not taken to reach the DNS pods, and what to write instead. */
function explainIpBlockMiss(model: ClusterModel, peer: PolicyPeer, ipBlock: IpBlock): NearMiss | undefined {
  const coverage = ipBlockPodCoverage(ipBlock, model.settings.podCidrs);
  if (coverage.covers) return undefined;
  const add = `add a peer ${dnsPeer(model)} to this rule`;
  if (coverage.reason === 'partial-cidr') {
    return {
      reason: `ipBlock ${ipBlock.cidr} does not match the DNS pods, whose addresses are unknown in manifests (policies see a pod's address, not a Service IP): ${add}`,
      at: childOf(peer.node, 'ipBlock', 'cidr'),
    };
  }
  const cuts = coverage.cuts.map((c) =>
    c.podRange ? `except ${c.except} removes ${c.whole ? '' : 'part of '}${c.podRange}` : `except ${c.except} cannot be read, so it may remove them`,
  );
  return {
    reason: `ipBlock ${ipBlock.cidr} leaves out the private ranges pod networks are carved from: ${cuts.join('; ')}; ${add}`,
    at: childOf(peer.node, 'ipBlock', 'except'),
  };
}

/** Why a peer of a rule that admits the UDP DNS port still misses the DNS pods, and what to change. */
function explainPeerMiss(model: ClusterModel, policy: NetworkPolicy, peer: PolicyPeer): NearMiss | undefined {
  const dns = model.dnsPods();
  const match = matchPeer(model, policy, peer, { type: 'pods', pods: dns });
  if (match.matched) return undefined;
  const miss = match.miss;
  switch (miss.part) {
    case 'ipBlock-vs-pods':
      return explainIpBlockMiss(model, peer, miss.ipBlock);
    case 'namespaceSelector': {
      const named = labelNamingNamespace(miss.selector, (ns) => ns === miss.namespace);
      const advice = named
        ? `namespace ${miss.namespace} has no label ${named.label}=${miss.namespace} in a stock cluster; select it with ${namespaceNameLabel}: ${miss.namespace}`
        : `it does not match namespace ${miss.namespace} (labels ${formatSelector(miss.namespaceLabels)}); select it with ${namespaceNameLabel}: ${miss.namespace}`;
      return { reason: `namespaceSelector ${formatSelector(miss.selector)} misses: ${advice}`, at: childOf(peer.node, 'namespaceSelector') };
    }
    case 'other-namespace':
      return {
        reason: `a podSelector without namespaceSelector selects pods of ${miss.policyNamespace} only; add namespaceSelector ${namespaceNameLabel}: ${miss.namespace}`,
        at: peer.node,
      };
    case 'podSelector':
      return {
        reason: `podSelector ${formatSelector(miss.selector)} does not match the DNS pods (${formatSelector(miss.labels)}); change it to ${formatSelector(miss.labels)}`,
        at: childOf(peer.node, 'podSelector'),
      };
    default:
      // A peer without selectors is rejected by the API server: nothing to advise.
      return undefined;
  }
}

/**
 * Whether a peer of a rule that admits the DNS port was written for DNS, so that how it misses the
 * DNS pods is worth explaining: the rule names its ports, or the peer names the DNS pods' labels
 * or namespace. A rule for every port to some app (`to: [{podSelector: {app: ratings}}]`) admits
 * port 53 by accident; pointing it at kube-system would cut the app off and still allow no lookup.
 */
function writtenForDns(model: ClusterModel, rule: PolicyRule, peer: PolicyPeer): boolean {
  if (rule.ports !== undefined) return true;
  const dns = model.dnsPods();
  if (peer.podSelector && !isEmptySelector(peer.podSelector) && matchesSelector(peer.podSelector, dns.labels)) return true;
  const namespaces = peer.namespaceSelector;
  if (!namespaces) return false;
  return Object.values(namespaces.matchLabels).includes(dns.namespace) || namespaces.matchExpressions.some((e) => e.values.includes(dns.namespace));
}

/** The first DNS rule (one whose ports admit the UDP DNS port) whose peers miss the DNS pods, explained. */
function nearMiss(model: ClusterModel, pods: readonly PodGroup[]): NearMiss | undefined {
  const dns = model.dnsPods();
  const udpPort = dnsPort(model, 'UDP');
  for (const group of pods) {
    for (const policy of isolatingPolicies(model, group, 'Egress')) {
      const dnsRules: readonly PolicyRule[] = effectiveRules(policy, 'Egress').filter((r) => rulePorts(r, dns).has('UDP', udpPort));
      for (const rule of dnsRules) {
        for (const peer of rule.peers ?? []) {
          if (!writtenForDns(model, rule, peer)) continue;
          const miss = explainPeerMiss(model, policy, peer);
          if (miss) return { ...miss, policy, rule };
        }
      }
    }
  }
  return undefined;
}

/** Where to point: the `Egress` entry of policyTypes, or the `egress` key when types are defaulted. */
function egressNode(policy: NetworkPolicy): NodeRef {
  return policy.policyTypeNodes.Egress ?? { ...policy.at('spec', 'egress'), target: 'key' };
}

/** The DNS pods as a cluster-wide policy peer: `pods k8s-app=kube-dns in namespaces kubernetes.io/metadata.name=kube-system`. */
function dnsAdminPeer(model: ClusterModel): string {
  const dns = model.dnsPods();
  return describeSelection({ type: 'pods', namespaceSelector: namespaceSelectorFor([dns.namespace]), podSelector: { matchLabels: dns.labels, matchExpressions: [] } });
}

/** Whether a cluster-wide rule's Deny blocks the DNS lookups (then it, not a NetworkPolicy, is to blame). */
function deniedByTier(verdict: DnsVerdict): boolean {
  return verdict.decidedBy?.rule.action === 'Deny';
}

/** The workloads whose DNS lookups each Deny rule of a cluster-wide policy blocks. */
function blockingAdminRules(model: ClusterModel, reach: Reachability, policy: AdminPolicy): Map<AdminRule, Workload[]> {
  const blocked = new Map<AdminRule, Workload[]>();
  for (const workload of model.workloads()) {
    const pods = podGroupOf(workload);
    if (!adminPolicySelects(model, policy, pods, 'Egress')) continue;
    const verdict = reach.dnsVerdict(pods);
    if (verdict.allowed || !deniedByTier(verdict) || verdict.decidedBy?.policy !== policy) continue;
    const rule = verdict.decidedBy.rule;
    blocked.set(rule, [...(blocked.get(rule) ?? []), workload]);
  }
  return blocked;
}

/** Whether the policies isolating some pods' egress allow them none at all. */
function allowNoEgress(policies: readonly NetworkPolicy[]): boolean {
  return policies.every((p) => effectiveRules(p, 'Egress').length === 0);
}

/**
 * Whether a workload's egress is shut on purpose: the policies isolating it allow no egress at
 * all, one of them is written for it (its podSelector names pods, unlike a namespace's default
 * deny), and nothing shows the workload calling a host (an env value, an argument). A server that
 * opens no connections (a cache, a database) has no lookups to make.
 */
function lockedDownOnPurpose(model: ClusterModel, workload: Workload): boolean {
  const policies = isolatingPolicies(model, podGroupOf(workload), 'Egress');
  if (!allowNoEgress(policies)) return false;
  if (!policies.some((p) => !isEmptySelector(p.podSelector))) return false;
  return !model.hostsInStrings().some((found) => found.consumer.object === workload);
}

/**
 * The pods a policy is written for, as one pod group: its podSelector's labels (none for a
 * namespace's default deny). undefined for a selector with expressions, which no one pod stands for.
 */
function podsWrittenFor(policy: NetworkPolicy): PodGroup | undefined {
  if (policy.podSelector.matchExpressions.length > 0) return undefined;
  return { namespace: policy.namespace, labels: policy.podSelector.matchLabels, ports: [] };
}

function describeUnseen(policy: NetworkPolicy): string {
  return isEmptySelector(policy.podSelector)
    ? `every pod in namespace ${policy.namespace}`
    : `pods ${formatSelector(policy.podSelector)} in namespace ${policy.namespace}`;
}

/**
 * Whether the pods a policy is written for, in a namespace whose pods the input does not show, may
 * well make no lookups. A policy for some pods that allows them no egress at all shuts it on
 * purpose (lockedDownOnPurpose, without the pods to read hosts from). A namespace's default deny
 * beside policies that give DNS to the pods they are written for is the pattern "deny everything,
 * then allow per app": which pods are left without lookups (servers that make none, most likely)
 * the input cannot tell.
 */
function unseenNeedNoDns(model: ClusterModel, reach: Reachability, policy: NetworkPolicy, pods: PodGroup): boolean {
  if (!isEmptySelector(policy.podSelector)) return allowNoEgress(isolatingPolicies(model, pods, 'Egress'));
  return model.policiesIn(policy.namespace).some((other) => {
    const written = isEmptySelector(other.podSelector) ? undefined : podsWrittenFor(other);
    return written !== undefined && reach.dnsVerdict(written).allowed;
  });
}

function listWorkloads(workloads: readonly Workload[]): string {
  const names = [...new Set(workloads.map((w) => w.displayName))];
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

export default defineRule({
  id: 'deny-all-without-dns',
  severity: 'error',
  category: 'reachability',
  kinds: ['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'],
  docs: {
    summary: 'A NetworkPolicy or a cluster-wide policy blocks pods\' egress and nothing lets them reach the cluster DNS',
    why: 'Once a pod is egress-isolated, every connection it opens must be allowed by some egress rule, DNS queries included. Without a rule for UDP 53 to the cluster DNS pods, every name lookup times out, so the app fails with "could not resolve host" although the policies allow the connection itself.',
    details: [
      'Pods are egress-isolated by a policy whose policyTypes include Egress, or that has `egress` rules and no policyTypes. A rule allows DNS when its ports admit UDP 53 (no ports, `protocol: UDP` with port 53, a range containing 53, or a port named like the DNS pods\' `dns` port) and its `to` is empty or has a peer that matches the DNS pods: `k8s-app: kube-dns` in namespace `kube-system`, with the namespace labels known from the input plus the automatic `kubernetes.io/metadata.name`. An ipBlock for the whole address space (`0.0.0.0/0`, `::/0`) counts when no exception overlaps a private range pods are given addresses from (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7), however it is written: `except: [8.0.0.0/5]` removes 10.0.0.0/8 as surely as `except: [10.0.0.0/8]`.',
      '',
      'A workload whose egress is shut on purpose is not reported: the policies isolating it allow no egress at all, one of them selects it by its labels (`egress: []`, or Egress listed without rules, for a cache or a database that opens no connections), and no env value, argument or command of it names a host. A namespace\'s default deny (`podSelector: {}`), which also cuts off the clients in it, and a workload that names a host it calls are still reported.',
      '',
      'For an input of policies only (no workload in the policy\'s namespace), the pods a policy is written for stand in for the workloads: its podSelector\'s labels, or every pod of the namespace for a default deny. A policy for some pods that allows them no egress at all shuts it on purpose and is not reported; nor is a namespace\'s default deny beside policies that give DNS to the pods they are written for (deny everything, then allow per app), since which pods are left without lookups the input cannot tell.',
      '',
      'The finding is reported once per isolating policy, at its `Egress` policy type (or its `egress:` key), and names the workloads affected. When a rule written for DNS (it names its ports, or its peer names the DNS pods\' labels or namespace) nearly allows it (the classic `namespaceSelector: {matchLabels: {name: kube-system}}`, a label stock clusters do not set; an ipBlock whose `except` cuts into the private ranges, or that names the DNS Service IP, which policies never see), the message says why it misses and what to write (`nearMiss`).',
      '',
      'Fix: add an egress rule such as `to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]` with ports UDP 53 and TCP 53.',
      '',
      'The DNS ports are those of `cluster.dns.ports` in the config (53 over UDP and TCP by default): with DNS on 5353, a rule must admit UDP 5353, and the messages and fixes name 5353.',
      '',
      'The DNS pods are not in the input, so netlint does not guess against them: a namespaceSelector for their namespace that fails only on labels the input does not show for it (no Namespace object, nothing under `cluster.namespaces`) may match it, as may the add-on label `kubernetes.io/cluster-service: "true"` that managed platforms (AKS among them) put on kube-system and on the DNS pods; a label whose value is the namespace\'s name (`name: kube-system`) is the classic mistake and is reported. For an input with OpenShift objects (a Route, a DeploymentConfig, objects in `openshift-` namespaces, or policies that open egress to UDP 5353 and not 53, OpenShift\'s DNS port), the DNS is OpenShift\'s unless `cluster.dns` says otherwise: the DNS operator\'s pods in openshift-dns, on 5353.',
      '',
      'Cluster-wide policies count as the cluster applies them (AdminNetworkPolicy and BaselineAdminNetworkPolicy, `policy.networking.k8s.io/v1alpha1`, and ClusterNetworkPolicy, `v1alpha2`): an admin-tier `Allow` (`Accept`) of DNS lets the lookups through whatever the NetworkPolicies say, and an admin-tier `Deny` of all egress with no earlier rule allowing the DNS pods (in the same policy, or one of a lower priority number) is the same bug as a namespaced deny-all: it is reported at that Deny rule (`adminDeny`). So is a baseline-tier Deny, for pods no NetworkPolicy isolates. A NetworkPolicy is reported only where it decides the lookups: when no admin rule matches them, or one passes them down (`Pass`).',
    ].join('\n'),
  },
  messages: {
    noDnsRule:
      '{{policy}} isolates egress of {{workloads}}; no egress rule allows DNS ({{udp}}) to the {{dnsPods}} pods in {{dnsNamespace}}, so name lookups will fail: add an egress rule to {{dnsPeer}} on {{udp}} and {{tcp}}',
    nearMiss:
      '{{policy}} isolates egress of {{workloads}}; no egress rule allows DNS ({{udp}}) to the {{dnsPods}} pods in {{dnsNamespace}}: {{reason}}',
    adminDeny:
      '{{policy}} {{rule}} denies DNS ({{udp}}) from {{workloads}} to the {{dnsPods}} pods in {{dnsNamespace}}, and no rule before it allows it, so name lookups will fail: add an {{allow}} rule to {{dnsPeer}} on {{udp}} and {{tcp}} before it{{elsewhere}}',
  },
  *check(ctx) {
    const { model } = ctx;
    const dns = model.dnsPods();
    for (const policy of model.policies()) {
      if (!policy.policyTypes.includes('Egress')) continue;
      const inNamespace = model.workloadsIn(policy.namespace);
      const selected = workloadsSelectedByPolicy(model, policy);
      // Blocked lookups that a cluster-wide Deny decides are reported at that rule, below.
      const blockedHere = (pods: PodGroup) => {
        const verdict = ctx.reach.dnsVerdict(pods);
        return !verdict.allowed && !deniedByTier(verdict);
      };
      const affected = selected.filter((w) => blockedHere(podGroupOf(w)) && !lockedDownOnPurpose(model, w));
      // The input shows no pod of the namespace (a repository of policies): the pods the policy is written for stand in.
      const unseen = inNamespace.length === 0 ? podsWrittenFor(policy) : undefined;
      const unseenCutOff = unseen !== undefined && blockedHere(unseen) && !unseenNeedNoDns(model, ctx.reach, policy, unseen);
      if (affected.length === 0 && !unseenCutOff) continue;
      const workloads = affected.length > 0 ? listWorkloads(affected) : describeUnseen(policy);
      const miss = nearMiss(model, affected.length > 0 ? affected.map(podGroupOf) : [unseen as PodGroup]);
      // Name the rule when it belongs to another policy than the one reported.
      const reason = miss && miss.policy && miss.rule && miss.policy !== policy
        ? `${miss.policy.displayName} egress rule ${miss.rule.index + 1} nearly does: ${miss.reason}`
        : miss?.reason;
      const common = {
        policy: policy.displayName,
        workloads,
        dnsPods: formatSelector(dns.labels),
        dnsNamespace: dns.namespace,
        udp: describeDnsPort(model, 'UDP'),
      };
      yield ctx.report({
        at: egressNode(policy),
        object: policy,
        ...(miss
          ? { messageId: 'nearMiss' as const, data: { ...common, reason: reason as string }, related: [{ at: miss.at, message: 'the rule that nearly allows DNS' }] }
          : { messageId: 'noDnsRule' as const, data: { ...common, dnsPeer: dnsPeer(model), tcp: describeDnsPort(model, 'TCP') } }),
      });
    }
    for (const tier of adminTiers) {
      for (const policy of model.adminPolicies(tier)) {
        for (const [rule, workloads] of blockingAdminRules(model, ctx.reach, policy)) {
          yield ctx.report({
            at: rule.node,
            object: policy,
            messageId: 'adminDeny',
            data: {
              policy: policy.displayName,
              rule: describeAdminRule(rule),
              workloads: listWorkloads(workloads),
              dnsPods: formatSelector(dns.labels),
              dnsNamespace: dns.namespace,
              udp: describeDnsPort(model, 'UDP'),
              tcp: describeDnsPort(model, 'TCP'),
              dnsPeer: dnsAdminPeer(model),
              allow: policy.kind === 'ClusterNetworkPolicy' ? 'Accept' : 'Allow',
              // A BaselineAdminNetworkPolicy is alone in its tier; the others share theirs by priority.
              elsewhere: policy.priority === undefined ? '' : `, or in ${tier === 'Admin' ? 'an admin' : 'a baseline'} policy of a lower priority number`,
            },
          });
        }
      }
    }
  },
});
