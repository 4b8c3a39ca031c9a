/** `netlint reach --from A --to B[:PORT]`: the verdict and its reasons, as text. */
import { locate } from '../../engine/locate.js';
import type { NodeRef } from '../../engine/finding.js';
import type { Explanation, RuleVerdict, SideExplanation } from '../../engine/reach/explain.js';
import type { NetworkPolicy } from '../../engine/model/types.js';
import type { PortReference, Protocol } from '../../engine/model/ports.js';
import { formatAddress, formatInterval, type IpInterval } from '../../engine/reach/ip.js';
import type { WorkloadPeer } from '../../engine/reach/peers.js';

function where(node: NodeRef): string {
  const { range } = locate(node);
  return `${node.doc.file.path}:${range.line}:${range.column}`;
}

function policyName(policy: NetworkPolicy): string {
  return `${policy.displayName} (${where(policy.at('metadata', 'name'))})`;
}

function ruleName(v: RuleVerdict): string {
  const key = v.rule.direction === 'Ingress' ? 'ingress' : 'egress';
  return `${v.policy.displayName} ${key} rule ${v.rule.index + 1} (${where(v.rule.node)})`;
}

function side(label: string, explanation: SideExplanation | undefined, verdictDenied: boolean): string[] {
  if (!explanation) return [`${label}: outside the cluster, no policy applies`];
  if (explanation.isolatedBy.length === 0) return [`${label}: not isolated, every connection allowed`];
  const lines = [`${label}: isolated by ${explanation.isolatedBy.map(policyName).join(', ')}`];
  for (const v of explanation.admitting) lines.push(`  allowed by ${ruleName(v)}: ${v.ports.toString()}`);
  if (explanation.closest) {
    lines.push(`  ${verdictDenied && explanation.admitting.length === 0 ? 'denied' : 'not allowed'}: no rule admits it`);
    lines.push(`  closest: ${ruleName(explanation.closest)}: ${explanation.closest.miss ?? 'admits it'}`);
  } else if (explanation.admitting.length === 0) {
    lines.push('  denied: the isolating policies have no rules for this direction');
  }
  return lines;
}

export function formatExplanation(fromLabel: string, toLabel: string, explanation: Explanation): string {
  const what = explanation.port ? ` on ${explanation.port.protocol} ${explanation.port.port}` : '';
  const verdict = explanation.allowed ? 'ALLOWED' : 'DENIED';
  const lines = [`${fromLabel} => ${toLabel}${what}: ${verdict}`];
  if (!explanation.port) lines.push(`allowed connections: ${explanation.connections.isEmpty() ? 'none' : explanation.connections.toString()}`);
  const egressDenied = explanation.egress?.closest !== undefined;
  const ingressDenied = explanation.ingress?.closest !== undefined;
  lines.push('', ...side(`egress of ${fromLabel}`, explanation.egress, egressDenied));
  lines.push(...side(`ingress of ${toLabel}`, explanation.ingress, ingressDenied));
  return `${lines.join('\n')}\n`;
}

/** One side of a flow as the command resolved it: a workload, or an address. */
export interface ExplainedPeer {
  readonly peer: WorkloadPeer | undefined;
  readonly address: IpInterval | undefined;
}

function peerJson(side: ExplainedPeer) {
  if (side.peer) return { namespace: side.peer.namespace, name: side.peer.name, kind: side.peer.kind };
  const address = side.address as IpInterval;
  return { address: address.start === address.end ? formatAddress(address.family, address.start) : formatInterval(address) };
}

function ruleJson(v: RuleVerdict) {
  return {
    policy: { namespace: v.policy.namespace, name: v.policy.name },
    rule: v.rule.index + 1,
    location: where(v.rule.node),
    connections: v.ports.toJSON(),
  };
}

function sideJson(side: SideExplanation | undefined) {
  if (!side) return null;
  return {
    isolatedBy: side.isolatedBy.map((p) => ({ namespace: p.namespace, name: p.name, location: where(p.at('metadata', 'name')) })),
    allowed: side.allowed.toJSON(),
    admittedBy: side.admitting.map(ruleJson),
    closest: side.closest ? { ...ruleJson(side.closest), miss: side.closest.miss ?? null } : null,
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
    egress: sideJson(explanation.egress),
    ingress: sideJson(explanation.ingress),
  };
}
