import { backendProblem } from '../engine/model/backends.js';
import type { ClusterModel } from '../engine/model/cluster.js';
import { describePorts } from '../engine/model/ports.js';
import type { RouteBackendRef } from '../engine/model/types.js';
import { defineRule } from '../engine/rule.js';

/** What to do about a missing Service: the near name, the namespace one of that name is in, or create it. */
function missingServiceHint(ref: RouteBackendRef, { nearest, elsewhere }: { nearest: string | undefined; elsewhere: readonly string[] }): string {
  if (nearest) return `: did you mean ${nearest}?`;
  if (elsewhere.length > 0 && !ref.namespaceExplicit) {
    return ` (it is in ${elsewhere.join(', ')}): set the backendRef's namespace, with a ReferenceGrant there allowing the route`;
  }
  return ': create the Service or correct the name';
}

/** Refs into a namespace the input shows nothing of are not judged: the Service may well be there. */
function judged(model: ClusterModel, ref: RouteBackendRef): boolean {
  return !ref.namespaceExplicit || model.hasObjectsIn(ref.namespace);
}

export default defineRule({
  id: 'route-backend-missing',
  severity: 'error',
  category: 'correctness',
  kinds: ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute'],
  docs: {
    summary: 'A Gateway API route\'s backendRef names a Service, or a Service port, that does not exist',
    why: 'A route whose backendRef cannot be resolved gets the `ResolvedRefs: False` condition (`BackendNotFound`), and the gateway answers the requests for that backend with a 500 error (or drops the connection), while `kubectl apply` accepts the route without complaint.',
    details: [
      'The rule reads `spec.rules[].backendRefs[]` and `requestMirror` filters of HTTPRoute, GRPCRoute, TCPRoute, TLSRoute and UDPRoute (`gateway.networking.k8s.io`, any version). Only refs to core Services are checked (`group: ""` and `kind: Service`, the defaults). The Service must exist in the ref\'s `namespace` (the route\'s own by default) and expose `port` as one of its ports.',
      '',
      'A ref into another namespace is checked only when the input has objects in that namespace; otherwise the input does not show it and the ref is left alone. An ExternalName Service that declares no ports accepts any port.',
      '',
      'Fix: correct the name, namespace or port of the backendRef, or add the Service (or the port) it names.',
    ].join('\n'),
  },
  messages: {
    noService: '{{route}} sends traffic to Service {{service}}, which does not exist in namespace {{namespace}}{{hint}}',
    noPort: '{{route}} sends traffic to port {{port}} of {{service}}, which exposes {{ports}}: use one of those ports, or add {{port}} to the Service',
  },
  *check(ctx) {
    for (const route of ctx.model.routes()) {
      for (const ref of route.backendRefs) {
        if (!judged(ctx.model, ref)) continue;
        const problem = backendProblem(ctx.model, ref);
        if (!problem) continue;
        if (problem.kind === 'noService') {
          yield ctx.report({
            at: ref.serviceNode,
            messageId: 'noService',
            object: route,
            data: { route: route.displayName, service: ref.service, namespace: ref.namespace, hint: missingServiceHint(ref, problem) },
          });
        } else {
          yield ctx.report({
            at: ref.portNode,
            messageId: 'noPort',
            object: route,
            data: { route: route.displayName, service: problem.service.displayName, port: String(ref.port), ports: describePorts(problem.service.ports) },
            related: [{ at: problem.service.at('spec', 'ports'), message: `the ports of ${problem.service.displayName}` }],
          });
        }
      }
    }
  },
});
