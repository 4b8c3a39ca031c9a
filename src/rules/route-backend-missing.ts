import { backendProblem } from '../engine/model/backends.js';
import { portsUnknown, type ClusterModel } from '../engine/model/cluster.js';
import { describePort, describePorts } from '../engine/model/ports.js';
import type { RouteBackendRef, Service } from '../engine/model/types.js';
import { defineRule, type RuleContext } from '../engine/rule.js';

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

/** What to do about a Route's missing Service: the near name, or why one of that name elsewhere does not count. */
function openShiftServiceHint({ nearest, elsewhere }: { nearest: string | undefined; elsewhere: readonly string[] }): string {
  if (nearest) return `: did you mean ${nearest}?`;
  if (elsewhere.length > 0) return ` (it is in ${elsewhere.join(', ')}, but a Route reaches only Services of its own namespace): move the Route or the Service to the same namespace`;
  return ': create the Service or correct the name';
}

/** The ports of a Service and where each forwards, for messages: `http (80 → 8080)`. */
function forwarding(service: Service): string {
  return service.ports.map((p) => `${describePort(p)} → ${p.targetPort ?? p.port ?? '?'}`).join(', ');
}

/**
 * OpenShift Routes whose Service is missing, or whose targetPort reaches none of the selected
 * pods' ports: the backends that reach's exposure (the one resolution of Route ports) finds no
 * port for, among Services that select workloads whose ports the input shows.
 */
function* openShiftRouteProblems(ctx: RuleContext<'noService' | 'noPort' | 'noTargetPort'>) {
  const { model } = ctx;
  if (model.openShiftRoutes().length === 0) return;
  const reaching = new Set(ctx.reach.exposures().flatMap((e) => e.via.map((v) => v.backend)));
  for (const route of model.openShiftRoutes()) {
    for (const backend of route.backends) {
      const problem = backendProblem(model, backend);
      if (problem?.kind === 'noService') {
        yield ctx.report({
          at: backend.serviceNode,
          messageId: 'noService',
          object: route,
          data: { route: route.displayName, service: backend.service, namespace: backend.namespace, hint: openShiftServiceHint(problem) },
        });
        continue;
      }
      if (backend.port === undefined || reaching.has(backend)) continue;
      const service = model.servicesIn(backend.namespace).find((s) => s.name === backend.service) as Service;
      const selected = model.workloadsSelectedBy(service);
      if (selected.length === 0 || selected.some((w) => portsUnknown([w]).portsUnknownFrom !== undefined)) continue;
      yield ctx.report({
        at: backend.portNode,
        messageId: 'noTargetPort',
        object: route,
        data: { route: route.displayName, service: service.displayName, port: String(backend.port), ports: forwarding(service) },
        related: [{ at: service.at('spec', 'ports'), message: `the ports of ${service.displayName}` }],
      });
    }
  }
}

export default defineRule({
  id: 'route-backend-missing',
  severity: 'error',
  category: 'correctness',
  kinds: ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'Route'],
  docs: {
    summary: 'A Gateway API route\'s backendRef, or an OpenShift Route, names a Service, or a port, that does not exist',
    why: 'A route whose backendRef cannot be resolved gets the `ResolvedRefs: False` condition (`BackendNotFound`), and the gateway answers the requests for that backend with a 500 error (or drops the connection), while `kubectl apply` accepts the route without complaint.',
    details: [
      'The rule reads `spec.rules[].backendRefs[]` and `requestMirror` filters of HTTPRoute, GRPCRoute, TCPRoute, TLSRoute and UDPRoute (`gateway.networking.k8s.io`, any version). Only refs to core Services are checked (`group: ""` and `kind: Service`, the defaults). The Service must exist in the ref\'s `namespace` (the route\'s own by default) and expose `port` as one of its ports.',
      '',
      'A ref into another namespace is checked only when the input has objects in that namespace; otherwise the input does not show it and the ref is left alone. An ExternalName Service that declares no ports accepts any port. A Service an operator creates from a custom resource of the input is not reported missing, for the operators netlint knows and by the names they give their Services: ECK (`quickstart-es-http` for an Elasticsearch `quickstart`, `-kb-http` for a Kibana), Strimzi (`events-kafka-bootstrap` for a Kafka `events`), CloudNativePG (`pg-rw`, `pg-ro`, `pg-r`), Zalando\'s postgres-operator, RabbitMQ\'s cluster operator, MongoDB Community and Knative Serving, plus the fixed names prometheus-operator gives its Services (`prometheus-operated`, `alertmanager-operated`, `thanos-ruler-operated`). Other custom resources create no Service their name could stand for (an Argo Rollout edits the Services the user writes), so a reference that merely starts with their name is still checked.',
      '',
      'An OpenShift Route (`route.openshift.io/v1`) sends traffic to the Service `spec.to` and `spec.alternateBackends` name (kind Service), in its own namespace; `spec.port.targetPort` is the pods\' port by number, or the Service port\'s name. The rule reports a Route whose Service does not exist, and one whose targetPort leads to no port of the pods the Service selects (`noTargetPort`), as `netlint reach` resolves it for the `{ingress-controller}` peer; the router then answers 503. A Service without a selector, or selecting pods whose ports the input does not show, is left alone.',
      '',
      'Fix: correct the name, namespace or port of the backendRef, or add the Service (or the port) it names.',
    ].join('\n'),
  },
  messages: {
    noService: '{{route}} sends traffic to Service {{service}}, which does not exist in namespace {{namespace}}{{hint}}',
    noPort: '{{route}} sends traffic to port {{port}} of {{service}}, which exposes {{ports}}: use one of those ports, or add {{port}} to the Service',
    noTargetPort:
      '{{route}} sends traffic to port {{port}} of the pods behind {{service}}, but no port of the Service leads there ({{ports}}): set targetPort to one of the Service ports\' names, or to the number the pods listen on',
  },
  *check(ctx) {
    yield* openShiftRouteProblems(ctx);
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
