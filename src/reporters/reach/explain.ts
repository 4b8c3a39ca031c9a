/**
 * `netlint reach --from A --to B[:PORT]`: the verdict and its reasons, as text or JSON. Positions
 * come located (see locateExplanation); this only formats.
 */
import type { Explained, Explanation, ExplanationPositions, ExposureExplanation, NearlySelecting, RuleVerdict, SelectingSomePods, SideExplanation } from '../../engine/reach/explain.js';
import type { ExposingBackend } from '../../engine/reach/exposure.js';
import type { NetworkPolicy } from '../../engine/model/types.js';
import type { PortReference, Protocol } from '../../engine/model/ports.js';
import { formatAddress, formatInterval, type IpInterval } from '../../engine/net/ip.js';
import type { ControllerPeer, WorkloadPeer } from '../../engine/reach/peers.js';
import { formatLabels } from '../../engine/model/selectors.js';
import { printable } from '../printable.js';
import { describeAdminRule, type AdminDecision } from '../../engine/model/admin-policy.js';

/** Where an explained item is written; every item of an explanation is located beforehand. */
function at(positions: ExplanationPositions, item: Explained): string {
  const position = positions.get(item);
  if (position === undefined) throw new Error('explanation item was not located (call locateExplanation)');
  return position;
}

function policyName(policy: NetworkPolicy, positions: ExplanationPositions): string {
  return `${policy.displayName} (${at(positions, policy)})`;
}

function ruleName(v: RuleVerdict, positions: ExplanationPositions): string {
  const key = v.rule.direction === 'Ingress' ? 'ingress' : 'egress';
  return `${v.policy.displayName} ${key} rule ${v.rule.index + 1} (${at(positions, v.rule)})`;
}

/** `NetworkPolicy shop/cart-access (file:line:col) selects name=cart; the pods have name=carts`. */
function nearlySelectingLine(near: NearlySelecting, positions: ExplanationPositions): string {
  const have = near.podsHave === undefined ? `no label ${near.key}` : near.podsHave;
  return `  near miss: ${near.policy.displayName} (${at(positions, near)}) selects ${near.selects}; the pods have ${have}, so it applies to no workload: if it was meant for these pods, fix its podSelector`;
}

/** `NetworkPolicy data/kafka-0-only (file:line:col) selects only kafka-0 of its 3 pods; …`. */
function selectingSomePodsLine(some: SelectingSomePods, positions: ExplanationPositions): string {
  return `  note: ${some.policy.displayName} (${at(positions, some)}) selects only ${some.pods.join(', ')} of its ${some.of} pods; netlint treats a StatefulSet's pods as one peer, so this holds for all of them here, while in the cluster the other pods are not isolated by it`;
}

const hostNetworkNote =
  '  note: these pods use hostNetwork: most network plugins (Calico and Cilium by default) apply no NetworkPolicy to them, so in the cluster this side is likely not isolated by these policies';

/** What a cluster-wide rule did with its part of the flow. */
function adminVerb(decision: AdminDecision): string {
  if (decision.rule.action === 'Deny') return 'denied';
  if (decision.rule.action === 'Allow') return 'allowed';
  // Pass: the admin tier hands the decision to the NetworkPolicies; the baseline tier to the default.
  return decision.policy.tier === 'Admin' ? 'passed to the NetworkPolicies' : 'left to the default (allowed)';
}

/** `  denied by AdminNetworkPolicy deny-ops ingress rule "no-ops" (Deny) (file:line:col): All Connections`. */
function adminRuleLine(decision: AdminDecision, positions: ExplanationPositions): string {
  const tier = decision.policy.kind === 'ClusterNetworkPolicy' ? ` (${decision.policy.tier} tier)` : '';
  return `  ${adminVerb(decision)} by ${decision.policy.displayName}${tier} ${describeAdminRule(decision.rule)} (${at(positions, decision)}): ${decision.connections.toString()}`;
}

function side(label: string, explanation: SideExplanation | undefined, verdictDenied: boolean, positions: ExplanationPositions): string[] {
  if (!explanation) return [`${label}: outside the cluster, no policy applies`];
  const isolated = explanation.isolatedBy.length > 0;
  if (!isolated && explanation.adminRules.length === 0) return [`${label}: not isolated, every connection allowed`];
  const lines = [
    isolated ? `${label}: isolated by ${explanation.isolatedBy.map((p) => policyName(p, positions)).join(', ')}` : `${label}: not isolated by a NetworkPolicy`,
  ];
  for (const decision of explanation.adminRules) lines.push(adminRuleLine(decision, positions));
  if (explanation.networkPoliciesDecide) {
    for (const v of explanation.admitting) lines.push(`  allowed by ${ruleName(v, positions)}: ${v.ports.toString()}`);
    if (explanation.closest) {
      lines.push(`  ${verdictDenied && explanation.admitting.length === 0 ? 'denied' : 'not allowed'}: no rule admits it`);
      lines.push(`  closest: ${ruleName(explanation.closest, positions)}: ${explanation.closest.miss ?? 'admits it'}`);
    } else if (explanation.admitting.length === 0) {
      lines.push('  denied: the isolating policies have no rules for this direction');
    }
  }
  for (const near of explanation.nearlySelecting) lines.push(nearlySelectingLine(near, positions));
  for (const some of explanation.selectingSomePods) lines.push(selectingSomePodsLine(some, positions));
  if (explanation.hostNetwork) lines.push(hostNetworkNote);
  return lines;
}

/** `Ingress shop/web (file:line:col) → Service web port http → TCP 8080`. */
function backendLine(backend: ExposingBackend, positions: ExplanationPositions): string {
  const { object, service, servicePort } = backend;
  const port = servicePort.name ?? servicePort.port ?? '?';
  return `  ${object.kind} ${object.namespace}/${object.name} (${at(positions, backend)}) → Service ${service.name} port ${port} → TCP ${backend.port}`;
}

/** What Ingresses and Routes expose, for a flow from the ingress controller. */
function exposureLines(exposure: ExposureExplanation, toLabel: string, port: Explanation['port'], positions: ExplanationPositions): string[] {
  const { namespace, labels } = exposure.controller;
  const pods = Object.keys(labels).length > 0 ? `pods ${formatLabels(labels)}` : 'pods without known labels';
  const where = `the ingress controller is taken to be ${pods} in namespace ${namespace} (set cluster.ingressController in .netlintrc.yaml)`;
  if (exposure.backends.length === 0) return [`exposure: no Ingress or OpenShift Route sends the ingress controller to ${toLabel}`, `  ${where}`];
  const lines = [`exposed on ${exposure.ports.toString()} by:`, ...exposure.backends.map((b) => backendLine(b, positions))];
  if (port && !exposure.ports.has(port.protocol, port.port)) lines.push(`  not exposed on ${port.protocol} ${port.port}`);
  lines.push(`  ${where}`);
  return lines;
}

export function formatExplanation(fromLabel: string, toLabel: string, explanation: Explanation, positions: ExplanationPositions): string {
  const what = explanation.port ? ` on ${explanation.port.protocol} ${explanation.port.port}` : '';
  const verdict = explanation.allowed ? 'ALLOWED' : 'DENIED';
  const lines = [`${fromLabel} => ${toLabel}${what}: ${verdict}`];
  if (!explanation.port) lines.push(`allowed connections: ${explanation.connections.isEmpty() ? 'none' : explanation.connections.toString()}`);
  const egressDenied = explanation.egress?.closest !== undefined;
  const ingressDenied = explanation.ingress?.closest !== undefined;
  if (explanation.exposure) lines.push('', ...exposureLines(explanation.exposure, toLabel, explanation.port, positions));
  lines.push('', ...side(`egress of ${fromLabel}`, explanation.egress, egressDenied, positions));
  lines.push(...side(`ingress of ${toLabel}`, explanation.ingress, ingressDenied, positions));
  // Each line quotes names and labels from the manifests: escape them, not the line breaks between lines.
  return `${lines.map(printable).join('\n')}\n`;
}

/** One side of a flow as the command resolved it: a workload, or an address. */
export interface ExplainedPeer {
  readonly peer: WorkloadPeer | ControllerPeer | undefined;
  readonly address: IpInterval | undefined;
}

function peerJson(side: ExplainedPeer) {
  if (side.peer?.type === 'ingress-controller') return { ingressController: true as const };
  if (side.peer) return { namespace: side.peer.namespace, name: side.peer.name, kind: side.peer.kind };
  const address = side.address as IpInterval;
  return { address: address.start === address.end ? formatAddress(address.family, address.start) : formatInterval(address) };
}

function ruleJson(v: RuleVerdict, positions: ExplanationPositions) {
  return {
    policy: { namespace: v.policy.namespace, name: v.policy.name },
    rule: v.rule.index + 1,
    location: at(positions, v.rule),
    connections: v.ports.toJSON(),
  };
}

function sideJson(side: SideExplanation | undefined, positions: ExplanationPositions) {
  if (!side) return null;
  return {
    isolatedBy: side.isolatedBy.map((p) => ({ namespace: p.namespace, name: p.name, location: at(positions, p) })),
    allowed: side.allowed.toJSON(),
    adminRules: side.adminRules.map((d) => ({
      kind: d.policy.kind,
      name: d.policy.name,
      tier: d.policy.tier,
      rule: d.rule.index + 1,
      ruleName: d.rule.name ?? null,
      action: d.rule.writtenAction,
      location: at(positions, d),
      connections: d.connections.toJSON(),
    })),
    admittedBy: side.admitting.map((v) => ruleJson(v, positions)),
    closest: side.closest ? { ...ruleJson(side.closest, positions), miss: side.closest.miss ?? null } : null,
    nearlySelecting: side.nearlySelecting.map((near) => ({
      policy: { namespace: near.policy.namespace, name: near.policy.name },
      location: at(positions, near),
      selects: near.selects,
      podsHave: near.podsHave ?? null,
    })),
    selectingSomePods: side.selectingSomePods.map((some) => ({
      policy: { namespace: some.policy.namespace, name: some.policy.name },
      location: at(positions, some),
      pods: some.pods,
      of: some.of,
    })),
    hostNetwork: side.hostNetwork,
  };
}

/** How a Service led to a side of the flow (`--to svc/ns/name:port`, or a bare Service name). */
export interface ExplainedRoute {
  readonly service: { readonly namespace: string; readonly name: string };
  readonly servicePort: { readonly name: string | undefined; readonly port: number | undefined; readonly protocol: Protocol | undefined; readonly targetPort: PortReference | undefined } | undefined;
}

function routeJson(route: ExplainedRoute) {
  const { service, servicePort } = route;
  return {
    namespace: service.namespace,
    name: service.name,
    port: servicePort
      ? { name: servicePort.name ?? null, port: servicePort.port ?? null, protocol: servicePort.protocol ?? 'TCP', targetPort: servicePort.targetPort ?? servicePort.port ?? null }
      : null,
  };
}

/**
 * The explanation as a JSON value; see schemas/netlint-reach-explain.schema.json. A side reached
 * through a Service says which Service (and port) it was translated from.
 */
export function explanationObject(
  from: ExplainedPeer,
  to: ExplainedPeer,
  explanation: Explanation,
  positions: ExplanationPositions,
  routes: { readonly from?: ExplainedRoute | undefined; readonly to?: ExplainedRoute | undefined } = {},
) {
  return {
    from: peerJson(from),
    to: peerJson(to),
    ...(routes.from ? { fromService: routeJson(routes.from) } : {}),
    ...(routes.to ? { toService: routeJson(routes.to) } : {}),
    port: explanation.port ?? null,
    allowed: explanation.allowed,
    connections: explanation.connections.isEmpty() ? 'none' : explanation.connections.toJSON(),
    egress: sideJson(explanation.egress, positions),
    ingress: sideJson(explanation.ingress, positions),
    ...(explanation.exposure ? { exposure: exposureJson(explanation.exposure, positions) } : {}),
  };
}

function exposureJson(exposure: ExposureExplanation, positions: ExplanationPositions) {
  return {
    connections: exposure.ports.isEmpty() ? 'none' : exposure.ports.toJSON(),
    backends: exposure.backends.map((b) => ({
      kind: b.object.kind,
      namespace: b.object.namespace,
      name: b.object.name,
      location: at(positions, b),
      service: b.service.name,
      servicePort: b.servicePort.name ?? b.servicePort.port ?? null,
      port: b.port,
    })),
  };
}
