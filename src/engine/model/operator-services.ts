/**
 * Services that operators create from custom resources, which the input cannot show. Only kinds
 * known to create Services count, with the names they give them: a suffix after the resource's
 * name, so `my-cluster-kafka-bootstrp` is still a typo. Most custom kinds create no Service at all
 * (an Argo Rollout edits the user's Services, a KafkaTopic or a Certificate has none), and their
 * names must not hide a missing one.
 */
import { apiGroup } from './decode.js';

interface OperatorServices {
  /** API group of the custom resources. */
  readonly group: string;
  /** Kinds that create Services (any kind of the group when absent). */
  readonly kinds?: readonly string[];
  /** What follows `<resource name>` in their Services' names (an empty match is the resource's own name). */
  readonly suffix: RegExp;
}

const operators: readonly OperatorServices[] = [
  // ECK: `<name>-es-http` for an Elasticsearch, `<name>-kb-http` for a Kibana, and so on.
  { group: 'elasticsearch.k8s.elastic.co', suffix: /^-es-(?:http|transport|internal-http)$/ },
  { group: 'kibana.k8s.elastic.co', suffix: /^-kb-http$/ },
  { group: 'apm.k8s.elastic.co', suffix: /^-apm-http$/ },
  { group: 'enterprisesearch.k8s.elastic.co', suffix: /^-ent-http$/ },
  { group: 'agent.k8s.elastic.co', suffix: /^-agent-http$/ },
  { group: 'maps.k8s.elastic.co', suffix: /^-ems-http$/ },
  { group: 'logstash.k8s.elastic.co', suffix: /^-ls-[a-z0-9-]+$/ },
  // Strimzi: `<cluster>-kafka-bootstrap` (`-kafka-<listener>-bootstrap` for other listeners) for a
  // Kafka, and the Services of its bridges, Connect clusters and mirrors.
  { group: 'kafka.strimzi.io', kinds: ['Kafka'], suffix: /^-(?:kafka-(?:[a-z0-9-]+-)?bootstrap|kafka-brokers|zookeeper-(?:client|nodes)|cruise-control)$/ },
  { group: 'kafka.strimzi.io', kinds: ['KafkaConnect'], suffix: /^-connect-api$/ },
  { group: 'kafka.strimzi.io', kinds: ['KafkaBridge'], suffix: /^-bridge-service$/ },
  { group: 'kafka.strimzi.io', kinds: ['KafkaMirrorMaker2'], suffix: /^-mirrormaker2-api$/ },
  // CloudNativePG: read-write, read-only and any-instance Services; a PgBouncer Pooler by its own name.
  { group: 'postgresql.cnpg.io', kinds: ['Cluster'], suffix: /^-(?:rw|ro|r)$/ },
  { group: 'postgresql.cnpg.io', kinds: ['Pooler'], suffix: /^$/ },
  // Zalando's postgres-operator: the primary by the cluster's name, replicas, the connection pooler.
  { group: 'acid.zalan.do', kinds: ['postgresql'], suffix: /^(?:|-repl|-config|-pooler|-pooler-repl)$/ },
  // RabbitMQ's cluster operator: the client Service by the cluster's name, the headless one for nodes.
  { group: 'rabbitmq.com', kinds: ['RabbitmqCluster'], suffix: /^(?:|-nodes)$/ },
  // MongoDB's Community operator.
  { group: 'mongodbcommunity.mongodb.com', kinds: ['MongoDBCommunity'], suffix: /^-svc$/ },
  // Knative Serving: a Service of the same name, and Services per revision (`-00001`, `-00001-private`).
  { group: 'serving.knative.dev', kinds: ['Service'], suffix: /^(?:|-\d{5}(?:-private)?)$/ },
];

/** The governing Services prometheus-operator creates for the pods of a Prometheus, Alertmanager or ThanosRuler. */
const fixedNames: ReadonlySet<string> = new Set(['prometheus-operated', 'alertmanager-operated', 'thanos-ruler-operated']);

/** A custom resource of the input, as far as naming its Services goes. */
export interface NamedResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

const prometheusKinds: ReadonlySet<string> = new Set(['Prometheus', 'Alertmanager', 'ThanosRuler']);
const isMonitoringResource = (resource: NamedResource) => apiGroup(resource.apiVersion) === 'monitoring.coreos.com' && prometheusKinds.has(resource.kind);

/**
 * Whether an operator creates a Service of this name from one of `inNamespace`, the custom
 * resources of its namespace. prometheus-operator's fixed names come with a Prometheus,
 * Alertmanager or ThanosRuler of that namespace, or from one the input does not show: when it
 * shows them only in other namespaces (`all`), the name is called in the wrong one.
 */
export function operatorCreatesService(name: string, inNamespace: readonly NamedResource[], all: readonly NamedResource[]): boolean {
  if (fixedNames.has(name)) return inNamespace.some(isMonitoringResource) || !all.some(isMonitoringResource);
  return inNamespace.some((resource) => {
    const group = apiGroup(resource.apiVersion);
    return operators.some(
      (operator) =>
        operator.group === group &&
        (operator.kinds === undefined || operator.kinds.includes(resource.kind)) &&
        name.startsWith(resource.name) &&
        operator.suffix.test(name.slice(resource.name.length)),
    );
  });
}
