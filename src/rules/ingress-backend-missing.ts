import { backendProblem } from '../engine/model/backends.js';
import { describePorts } from '../engine/model/ports.js';
import { defineRule } from '../engine/rule.js';

/** What to do about a missing Service: the near name, or why one of that name elsewhere does not count. */
function missingServiceHint({ nearest, elsewhere }: { nearest: string | undefined; elsewhere: readonly string[] }): string {
  if (nearest) return `: did you mean ${nearest}?`;
  if (elsewhere.length > 0) return ` (it is in ${elsewhere.join(', ')}, but an Ingress reaches only Services of its own namespace): move the Ingress or the Service to the same namespace`;
  return ': create the Service or correct the name';
}

/** `alb.ingress.kubernetes.io/actions.<name>`: an action a backend names in place of a Service (with port `use-annotation`). */
const albActionPrefix = 'alb.ingress.kubernetes.io/actions.';

export default defineRule({
  id: 'ingress-backend-missing',
  severity: 'error',
  category: 'correctness',
  kinds: ['Ingress'],
  docs: {
    summary: 'An Ingress backend names a Service, or a Service port, that does not exist in its namespace',
    why: 'An Ingress sends traffic only to Services of its own namespace. When the Service is missing, or does not expose the port the backend names, the ingress controller has no endpoints for the path and answers 503 (or 404), and nothing in `kubectl apply` warns about it.',
    details: [
      'The rule reads `spec.rules[].http.paths[].backend.service` and `spec.defaultBackend.service` of `networking.k8s.io/v1` Ingresses. A `port.number` must be the `port` of one of the Service\'s ports, and a `port.name` the `name` of one. Resource backends (`backend.resource`) are not Services and are not checked.',
      '',
      'A backend that names an AWS Load Balancer Controller action (`alb.ingress.kubernetes.io/actions.<name>`, with port `use-annotation`: a redirect, a fixed response, weighted target groups) is no Service and is not checked.',
      '',
      'A file that a kustomization builds together with remote resources (a URL among its `resources`, such as an upstream install manifest) is not reported for a missing Service: the remote manifest may hold it.',
      '',
      'The Service may be in any file of the input. An ExternalName Service that declares no ports accepts any port. A Service an operator creates from a custom resource of the input is not reported missing, for the operators netlint knows and by the names they give their Services: ECK (`quickstart-es-http` for an Elasticsearch `quickstart`, `-kb-http` for a Kibana), Strimzi (`events-kafka-bootstrap` for a Kafka `events`), CloudNativePG (`pg-rw`, `pg-ro`, `pg-r`), Zalando\'s postgres-operator, RabbitMQ\'s cluster operator, MongoDB Community and Knative Serving, plus the fixed names prometheus-operator gives its Services (`prometheus-operated`, `alertmanager-operated`, `thanos-ruler-operated`). Other custom resources create no Service their name could stand for (an Argo Rollout edits the Services the user writes), so a reference that merely starts with their name is still checked.',
      '',
      'Fix: correct the Service name or port in the backend, or add the Service (or the port) it names.',
    ].join('\n'),
  },
  messages: {
    noService: '{{ingress}} routes to Service {{service}}, which does not exist in namespace {{namespace}}{{hint}}',
    noPort: '{{ingress}} routes to port {{port}} of {{service}}, which exposes {{ports}}: use one of those ports, or add {{port}} to the Service',
  },
  *check(ctx) {
    for (const ingress of ctx.model.ingresses()) {
      for (const backend of ingress.backends) {
        // The AWS Load Balancer Controller's actions: the "Service" names an annotation, not a Service.
        if (Object.hasOwn(ingress.annotations, `${albActionPrefix}${backend.service}`)) continue;
        const problem = backendProblem(ctx.model, backend);
        if (!problem) continue;
        if (problem.kind === 'noService') {
          yield ctx.report({
            at: backend.serviceNode,
            messageId: 'noService',
            object: ingress,
            data: {
              ingress: ingress.displayName,
              service: backend.service,
              namespace: backend.namespace,
              hint: missingServiceHint(problem),
            },
          });
        } else {
          yield ctx.report({
            at: backend.portNode,
            messageId: 'noPort',
            object: ingress,
            data: { ingress: ingress.displayName, service: problem.service.displayName, port: String(backend.port), ports: describePorts(problem.service.ports) },
            related: [{ at: problem.service.at('spec', 'ports'), message: `the ports of ${problem.service.displayName}` }],
          });
        }
      }
    }
  },
});
