import { defineRule } from '../engine/rule.js';
import type { ClusterModel } from '../engine/model/cluster.js';
import { clusterIPLookup } from '../engine/model/references.js';
import type { Service } from '../engine/model/types.js';
import { contains, parseCidrs, type IpInterval, type NamedRange } from '../engine/net/ip.js';
import { clusterAddressRanges } from '../engine/settings.js';

/** The cluster's pod and Service ranges and the input's clusterIPs, parsed once per run. */
interface ClusterAddresses {
  readonly podRanges: readonly NamedRange[];
  readonly serviceRanges: readonly NamedRange[];
  readonly serviceAt: (address: IpInterval) => Service | undefined;
}

function clusterAddresses(model: ClusterModel): ClusterAddresses {
  const { pods, services } = clusterAddressRanges(model.settings);
  return { podRanges: parseCidrs(pods), serviceRanges: parseCidrs(services), serviceAt: clusterIPLookup(model.services()) };
}

/** The range an address lies in, unless it is the range's own network address (a CIDR written apart from its mask). */
function rangeOf(candidates: readonly NamedRange[], address: IpInterval): NamedRange | undefined {
  return candidates.find(({ interval }) => contains([interval], address) && interval.start !== address.start);
}

/** How the consumer should name the Service: short in its own namespace, `name.namespace` elsewhere. */
function serviceNameFor(service: Service, namespace: string): string {
  return service.namespace === namespace ? service.name : `${service.name}.${service.namespace}`;
}

export default defineRule({
  id: 'hardcoded-ip',
  severity: 'warning',
  category: 'correctness',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod', 'ConfigMap'],
  docs: {
    summary: 'An app is configured with a pod or Service IP address instead of a Service name',
    why: 'Pod addresses change every time a pod is rescheduled or restarted, and a Service\'s clusterIP changes when the Service is deleted and recreated (or the app moves to another cluster). An address copied from `kubectl get pods -o wide` or `kubectl get svc` works on the day it is written and breaks silently later; the Service\'s DNS name keeps working.',
    details: [
      'The rule reads the same strings as `cross-namespace-short-name` (container env values, args and commands, ConfigMap data) and finds IPv4 and IPv6 addresses in them (`10.244.1.17`, `http://10.96.12.4:8080`, `[fd00:10:96::a]:80`). It reports an address that:',
      '',
      '- is the `spec.clusterIP` of a Service in the input (`clusterIP`; the message names the Service);',
      '- lies in the cluster\'s pod range (`podRange`) or Service range (`serviceRange`).',
      '',
      'The ranges are `cluster.podCIDRs` and `cluster.serviceCIDRs` of the config when it sets them, and otherwise kubeadm\'s defaults, `10.244.0.0/16` for pods and `10.96.0.0/12` for Services. (Without a `podCIDRs` setting, NetworkPolicy semantics take every private range as possible pod addresses; that is far too wide to call an address a pod\'s, so this rule uses kubeadm\'s pod range instead.)',
      '',
      'Not reported: CIDRs (`10.244.0.0/16` is a range, not an address), a range\'s own network address, `0.0.0.0`, `::` and loopback, addresses to listen on (`--bind-address=`, `listen 10.244.0.5:80;`, settings named `*LISTEN*` or `*BIND*`), and `NO_PROXY` lists.',
      '',
      'Fix: use the Service\'s DNS name (`backend`, `backend.<namespace>` from another namespace).',
    ].join('\n'),
  },
  messages: {
    clusterIP: '{{address}} is the clusterIP of {{service}}, which changes when the Service is recreated: use its name, {{name}}',
    podRange: '{{address}} is a pod address (in the pod range {{range}}), which changes whenever the pod is rescheduled: use the name of a Service that selects the pod',
    serviceRange: '{{address}} is a Service address (in the Service range {{range}}), which changes when the Service is recreated: use the Service\'s name',
  },
  *check(ctx) {
    const { model } = ctx;
    const known = clusterAddresses(model);
    for (const { consumer, reference: found, at } of model.addressesInStrings()) {
      const { interval, address } = found;
      const owner = known.serviceAt(interval);
      if (owner) {
        yield ctx.report({
          at,
          messageId: 'clusterIP',
          object: consumer.object,
          data: { address, service: owner.displayName, name: serviceNameFor(owner, consumer.namespace) },
          related: [{ at: owner.at('spec', 'clusterIP'), message: `the clusterIP of ${owner.displayName}` }],
        });
        continue;
      }
      const serviceRange = rangeOf(known.serviceRanges, interval);
      const podRange = serviceRange ? undefined : rangeOf(known.podRanges, interval);
      if (serviceRange) yield ctx.report({ at, messageId: 'serviceRange', object: consumer.object, data: { address, range: serviceRange.text } });
      else if (podRange) yield ctx.report({ at, messageId: 'podRange', object: consumer.object, data: { address, range: podRange.text } });
    }
  },
});
