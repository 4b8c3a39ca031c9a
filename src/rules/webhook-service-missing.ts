import { defineRule } from '../engine/rule.js';
import { backendProblem, backendService } from '../engine/model/backends.js';
import { describePorts } from '../engine/model/ports.js';
import type { ApiServerCall } from '../engine/model/types.js';
import type { ClusterModel } from '../engine/model/cluster.js';

/** What breaks when the API server cannot reach the Service, by what it calls it for. */
const effects: Readonly<Record<ApiServerCall['purpose'], string>> = {
  admissionWebhook:
    'the API server cannot reach the webhook, so the requests it intercepts are rejected (failurePolicy Fail, the default in admissionregistration.k8s.io/v1) or let through unchecked (Ignore)',
  apiService: 'the API server cannot reach the aggregated API, so its group is unavailable and API discovery reports it as failed',
  conversionWebhook: 'the API server cannot convert the custom resources between versions, so reading them in another version than stored fails',
};

/** Namespaces other than the one called that have a Service of the name called, when the one called has none. */
function otherNamespacesOf(model: ClusterModel, call: ApiServerCall): string[] {
  if (backendService(model, call) || model.mayBeOperatorService(call.service, call.namespace)) return [];
  return model.namespacesWithService(call.service).filter((ns) => ns !== call.namespace);
}

function caller(call: ApiServerCall): string {
  return call.webhook ? `webhook ${call.webhook} of ${call.caller.displayName}` : call.caller.displayName;
}

export default defineRule({
  id: 'webhook-service-missing',
  severity: 'error',
  category: 'correctness',
  kinds: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'CustomResourceDefinition'],
  docs: {
    summary: 'A webhook or aggregated API calls a Service, or a Service port, that does not exist',
    why: 'The API server itself calls these Services: an admission webhook on every request it intercepts, an APIService for its whole API group, a conversion webhook whenever a custom resource is read in another version than stored. A Service name, namespace or port that does not match is not checked at apply time; the calls fail later, and with failurePolicy Fail (the default) every request the webhook intercepts is rejected, often cluster-wide.',
    details: [
      'The rule reads `webhooks[].clientConfig.service` of ValidatingWebhookConfiguration and MutatingWebhookConfiguration (`admissionregistration.k8s.io`), `spec.service` of APIService (`apiregistration.k8s.io`), and `spec.conversion.webhook.clientConfig.service` of CustomResourceDefinition (`apiextensions.k8s.io`). Each names a Service by namespace and name, and a Service `port` (443 when absent).',
      '',
      'The Service must exist in that namespace (`noService`) and expose the port as one of its ports (`noPort`). A namespace of which the input shows no object is not judged (its Services are deployed apart from the input), unless the input has a Service of that name in another namespace: a namespace written by hand that does not match where the Service is installed (`otherNamespace`). Webhooks configured by `url` name no Service and are not checked, nor are Services an operator creates (as in `ingress-backend-missing`). An ExternalName Service that declares no ports accepts any port.',
      '',
      'Whether the Service selects running pods is `selector-no-match`\'s business.',
    ].join('\n'),
  },
  messages: {
    otherNamespace:
      '{{caller}} calls Service {{service}} in namespace {{namespace}}, but the input has Service {{service}} in {{elsewhere}}: {{effect}}; set the namespace to {{elsewhere}}',
    noService: '{{caller}} calls Service {{service}} in namespace {{namespace}}, which the input does not have there ({{known}}): {{effect}}; correct the name or namespace, or add the Service',
    noPort: '{{caller}} calls port {{port}} of {{service}}, which exposes {{ports}}: {{effect}}; use one of those ports (an absent port means 443), or add port {{port}} to the Service',
  },
  *check(ctx) {
    const { model } = ctx;
    for (const call of model.apiServerCalls()) {
      if (call.port === undefined) continue;
      // The Service in another namespace of the input: a namespace written by hand, most often.
      const elsewhere = otherNamespacesOf(model, call);
      if (elsewhere.length > 0) {
        const data = { caller: caller(call), effect: effects[call.purpose], service: call.service, namespace: call.namespace, elsewhere: elsewhere.join(' or ') };
        yield ctx.report({ at: call.node, messageId: 'otherNamespace', object: call.caller, data });
        continue;
      }
      // A namespace the input shows nothing of holds Services deployed apart from it.
      if (!model.hasObjectsIn(call.namespace)) continue;
      const problem = backendProblem(model, call);
      if (!problem) continue;
      const common = { caller: caller(call), effect: effects[call.purpose] };
      if (problem.kind === 'noService') {
        const names = model.servicesIn(call.namespace).map((s) => s.name);
        const known = problem.nearest ? `did you mean ${problem.nearest}?` : names.length > 0 ? `it has ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}` : 'it has no Service there';
        yield ctx.report({ at: call.serviceNode, messageId: 'noService', object: call.caller, data: { ...common, service: call.service, namespace: call.namespace, known } });
      } else {
        yield ctx.report({
          at: call.portNode,
          messageId: 'noPort',
          object: call.caller,
          data: { ...common, service: problem.service.displayName, port: String(call.port), ports: describePorts(problem.service.ports) },
          related: [{ at: problem.service.at('spec', 'ports'), message: `the ports of ${problem.service.displayName}` }],
        });
      }
    }
  },
});
