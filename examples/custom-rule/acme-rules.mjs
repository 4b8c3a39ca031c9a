// A netlint plugin: the rules one team adds to netlint's own. `.netlintrc.yaml` beside this file
// lists it under `plugins`; its rules then run as `acme/<rule-id>`.
import { defineRule, definePlugin } from 'netlint';

// Protocols a mesh (Istio, Linkerd) recognises from the start of a Service port's name.
const protocols = ['http', 'http2', 'https', 'grpc', 'grpc-web', 'h2c', 'tcp', 'tls', 'udp', 'mongo', 'mysql', 'redis'];

/** True when `name` is a protocol, or a protocol followed by `-suffix` (`http-metrics`). */
function namesProtocol(name) {
  return protocols.some((protocol) => name === protocol || name.startsWith(`${protocol}-`));
}

export const servicePortProtocolName = defineRule({
  id: 'service-port-protocol-name',
  severity: 'warning',
  category: 'correctness',
  kinds: ['Service'],
  docs: {
    summary: 'A Service port whose name does not start with its protocol',
    why: 'The mesh picks a protocol from the port name; an unnamed or oddly named port is treated as opaque TCP, so HTTP retries, metrics and routing do not apply to it.',
    url: 'https://github.com/netlint/netlint/tree/main/examples/custom-rule',
  },
  messages: {
    unnamed: 'port {{port}} of {{service}} has no name; name it after its protocol, such as http-{{port}}',
    unknownProtocol: 'port name "{{name}}" of {{service}} does not start with a protocol ({{protocols}})',
  },
  *check(ctx) {
    for (const service of ctx.model.services()) {
      for (const [index, port] of service.ports.entries()) {
        // The model gives each field's node; a finding points at the name, or at the port without one.
        if (port.name === undefined) {
          yield ctx.report({ at: port.node, messageId: 'unnamed', data: { port: port.port ?? '?', service: service.displayName } });
        } else if (!namesProtocol(port.name)) {
          yield ctx.report({
            at: service.at('spec', 'ports', index, 'name'),
            messageId: 'unknownProtocol',
            data: { name: port.name, service: service.displayName, protocols: protocols.join(', ') },
          });
        }
      }
    }
  },
});

export default definePlugin({ name: 'acme', rules: [servicePortProtocolName] });
