import { defineRule } from '../engine/rule.js';
import { allEffectiveRules, peerMayMatchUnseenPods } from '../engine/model/policy.js';
import { isEmptySelector } from '../engine/model/selectors.js';
import { admitsDeclaredPort, describePorts, portsNamed, type ContainerPort, type Protocol } from '../engine/model/ports.js';
import { closestName, someNames } from '../engine/util.js';
import type { ClusterModel } from '../engine/model/cluster.js';
import type { NetworkPolicy, PolicyPort, PolicyRule, Workload } from '../engine/model/types.js';

type Problem = 'namedUndeclared' | 'namedOtherProtocol' | 'numberUndeclared';

/** A policy port entry with its port and protocol given (the protocol defaults to TCP when decoded). */
type TypedPort = PolicyPort & { readonly port: number | string; readonly protocol: Protocol };

/** A Service port in front of the workload with this number: policy-port-is-service-port's case, not this rule's. */
function isServicePort(model: ClusterModel, workload: Workload, port: number, protocol: Protocol): boolean {
  return model.servicesSelecting(workload).some((s) => s.ports.some((sp) => sp.port === port && (sp.protocol ?? 'TCP') === protocol));
}

/**
 * What the entry fails to admit on every destination workload, or undefined when one of them
 * declares the port. A number is judged only against workloads that declare ports (containerPort
 * is informational, so a workload without declarations may listen anywhere); a name admits
 * nothing on a pod that does not declare it, declarations or not.
 */
function problemWith(model: ClusterModel, entry: TypedPort, workloads: readonly Workload[]): Problem | undefined {
  if (workloads.length === 0 || workloads.some((w) => admitsDeclaredPort(w.ports, entry))) return undefined;
  if (typeof entry.port === 'string') {
    return workloads.some((w) => portsNamed(w.ports, entry.port as string).length > 0) ? 'namedOtherProtocol' : 'namedUndeclared';
  }
  if (typeof entry.port !== 'number' || isMeshProxyPort(entry.port) || workloads.some((w) => w.ports.length === 0)) return undefined;
  if (entry.endPort === undefined && workloads.some((w) => isServicePort(model, w, entry.port as number, entry.protocol))) return undefined;
  return 'numberUndeclared';
}

/** What to write instead of a name no destination pod declares: the declared name it most likely misspells. */
function namedFix(name: string, ports: readonly ContainerPort[]): string {
  const meant = closestName(name, ports.flatMap((p) => (p.name ? [p.name] : [])));
  if (meant) return `use ${meant}, the name they declare, or declare the port with name: ${name}`;
  return `use a port they declare, or declare the port the app serves with name: ${name}`;
}

/**
 * Ports of the proxies a service mesh injects (Istio's 15000-15099, Linkerd's 4143 and 4191):
 * served by a container the manifests do not show.
 */
function isMeshProxyPort(port: number): boolean {
  return (port >= 15000 && port <= 15099) || port === 4143 || port === 4191;
}

/**
 * Whether the rule's ports are meant for particular pods whose every workload the input shows:
 * the policy's own pods, by a podSelector naming them (ingress), or peers that each name pods by
 * labels in namespaces the input shows whole (egress). A rule for every pod of a namespace, for
 * pods anywhere (`namespaceSelector: {}`) or for addresses opens ports for what the input does not
 * show.
 */
function targetsKnownPods(model: ClusterModel, policy: NetworkPolicy, rule: PolicyRule): boolean {
  if (rule.direction === 'Ingress') return !isEmptySelector(policy.podSelector) && !model.mayHoldUnseenPods(policy.namespace);
  return rule.peers !== undefined && rule.peers.every((peer) =>
    peer.ipBlock === undefined && peer.podSelector !== undefined && !isEmptySelector(peer.podSelector) && !peerMayMatchUnseenPods(model, policy, peer),
  );
}

/** The declared ports of the workloads, each once. */
function declaredPorts(workloads: readonly Workload[], protocol?: Protocol): ContainerPort[] {
  const ports = workloads.flatMap((w) => w.ports.filter((p) => protocol === undefined || p.protocol === protocol));
  return [...new Map(ports.map((p) => [`${p.name}/${p.port}/${p.protocol}`, p])).values()];
}

function messageData(problem: Problem, entry: TypedPort, workloads: readonly Workload[]): Record<string, string> {
  const names = someNames([...new Set(workloads.map((w) => w.displayName))]);
  const port = entry.endPort === undefined ? String(entry.port) : `${entry.port}-${entry.endPort}`;
  const declared = declaredPorts(workloads, entry.protocol);
  if (problem === 'namedOtherProtocol') {
    const protocols = [...new Set(workloads.flatMap((w) => portsNamed(w.ports, entry.port as string).map((p) => p.protocol)))];
    return { port, workloads: names, protocol: entry.protocol, declaredProtocol: protocols.join(' or ') };
  }
  if (problem === 'namedUndeclared') return { port, workloads: names, declared: describePorts(declared), fix: namedFix(String(entry.port), declared) };
  const only = declared.length === 1 ? (declared[0] as ContainerPort) : undefined;
  return {
    port,
    workloads: names,
    declared: describePorts(declared),
    single: only ? ` (they declare ${only.port})` : '',
    declare: entry.endPort === undefined ? `containerPort ${port}` : `a containerPort in ${port}`,
  };
}

export default defineRule({
  id: 'policy-port-undeclared',
  severity: 'error',
  category: 'reachability',
  kinds: ['NetworkPolicy'],
  docs: {
    summary: 'A NetworkPolicy rule admits a port that none of the pods it opens declares',
    why: "A policy port is matched against the destination pod's port: a named port against the pod's declared container port of that name, a number against the port the packet goes to. A name no destination pod declares admits nothing on them, and a number none of them declares is most often a port that drifted from the app's (the rule opens 5555 while the app serves 9080), so the connections the rule was written for are still refused.",
    details: [
      'For each port of a rule, netlint takes the destination pods: the pods the policy selects, for ingress; the pods the rule\'s peers select in the input, for egress. When none of those workloads declares the port:',
      '',
      '- a **named** port admits nothing on them, as a name resolves only on a pod that declares a container port of that name and protocol (`namedUndeclared`, an error);',
      '- a **number** (or an `endPort` range) is reported when every one of them declares its ports and none of them this one (`numberUndeclared`, a warning: containerPort is informational, so the app may still listen there). A number that is a Service port in front of them is left to `policy-port-is-service-port`, and the ports of injected mesh proxies (Istio\'s 15000-15099, Linkerd\'s 4143 and 4191) are served by containers the manifests do not show.',
      '',
      'Only rules meant for particular pods that the input shows whole are judged: an ingress rule of a policy whose podSelector names pods, an egress rule whose peers each name pods by a podSelector in namespaces the input shows. A rule for every pod of a namespace (`podSelector: {}`), for pods anywhere (`namespaceSelector: {}`), for addresses (an ipBlock) or for pods the input does not show (the DNS pods, a namespace without workloads in the input, pods an operator creates) opens ports for what the input cannot tell.',
    ].join('\n'),
  },
  messages: {
    namedUndeclared:
      'port {{port}} is not a port name declared by {{workloads}} (declared: {{declared}}): a named port matches only pods that declare a container port of that name, so this entry admits nothing to them; {{fix}}',
    namedOtherProtocol:
      'port {{port}} is declared by {{workloads}} over {{declaredProtocol}} only, and this entry admits {{protocol}}: a named port matches a declared port of the same name and protocol, so it admits nothing to them; set protocol: {{declaredProtocol}} on the entry',
    numberUndeclared:
      'port {{port}} is not declared by {{workloads}} (declared: {{declared}}), so the rule most likely admits a port the app does not serve, and the connections it was written for are refused: use the port the app serves{{single}}, or declare {{declare}} if it listens there',
  },
  *check(ctx) {
    const { model, reach } = ctx;
    for (const policy of model.policies()) {
      for (const rule of allEffectiveRules(policy)) {
        if (!rule.ports || !targetsKnownPods(model, policy, rule)) continue;
        const all = reach.destinationWorkloads(policy, rule);
        // Pods an operator creates serve ports the input does not show: nothing to compare.
        if (all.some((w) => !w.portsKnown)) continue;
        const workloads = all.filter((w) => !model.controllerInInput(w));
        for (const entry of rule.ports) {
          if (entry.port === undefined || !entry.protocol) continue;
          const typed: TypedPort = { ...entry, port: entry.port, protocol: entry.protocol };
          const problem = problemWith(model, typed, workloads);
          if (!problem) continue;
          yield ctx.report({
            at: entry.node,
            messageId: problem,
            object: policy,
            severity: problem === 'numberUndeclared' ? 'warning' : 'error',
            data: messageData(problem, typed, workloads),
          });
        }
      }
    }
  },
});
