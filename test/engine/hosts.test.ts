/**
 * The reference scanner on strings as real manifests write them: each must yield exactly these
 * hosts and ports (and where the host is written), no more.
 */
import { expandVariables } from '../../src/engine/model/decode.js';
import { describe, expect, it } from 'vitest';
import { isShortHostName, scanAddresses, scanHosts, type HostReference } from '../../src/engine/model/hosts.js';
import type { ConfigString } from '../../src/engine/model/types.js';

/** Short names, as cross-namespace-short-name reads them from the model's host references. */
const hostReferences = (source: ConfigString): HostReference[] => scanHosts(source).filter((r) => isShortHostName(r.host));

const scan = (value: string, key?: string) =>
  scanHosts({ value, key, node: undefined as never }).map((r) => {
    expect(value.slice(r.index, r.index + r.length)).toBe(r.host);
    return r.port === undefined ? r.host : `${r.host}:${r.port}`;
  });

describe('scanHosts', () => {
  it.each<[string, string | undefined, string[]]>([
    // URLs
    ['http://backend/api', undefined, ['backend']],
    ['http://backend:8080/api/v1?x=1', undefined, ['backend:8080']],
    ['https://api.shop.svc.cluster.local:8443/health', undefined, ['api.shop.svc.cluster.local:8443']],
    ['postgres://user:s3cret@db:5432/app?sslmode=disable', undefined, ['db:5432']],
    ['redis://:password@cache.shop:6379/0', undefined, ['cache.shop:6379']],
    ['amqp://guest:guest@rabbitmq.messaging.svc:5672/', undefined, ['rabbitmq.messaging.svc:5672']],
    ['jdbc:postgresql://orders-db:5432/orders', undefined, ['orders-db:5432']],
    ['jdbc:mysql://mysql.data.svc.cluster.local:3306/shop?useSSL=false', undefined, ['mysql.data.svc.cluster.local:3306']],
    ['mongodb://mongo-0.mongo:27017,mongo-1.mongo:27017/app?replicaSet=rs0', undefined, ['mongo-0.mongo:27017', 'mongo-1.mongo:27017']],
    ['nats://nats:4222', undefined, ['nats:4222']],
    ['grpc://payments.payments:50051', undefined, ['payments.payments:50051']],
    ['http://[::1]:8080/', undefined, []],
    ['http://[fd00::10]:80', undefined, []],
    ['http://localhost:9090', undefined, []],
    ['http://10.96.0.10:53', undefined, []],
    ['https://example.com/path', undefined, ['example.com']],
    // DNS SRV names of a Service's named port (Thanos, Prometheus, Loki): the Service is the host
    ['dnssrv+_grpc._tcp.thanos-store.monitoring.svc.cluster.local', undefined, ['thanos-store.monitoring.svc.cluster.local']],
    ['--store=dnssrvnoa+_grpc._tcp.thanos-sidecar', undefined, ['thanos-sidecar']],
    ['_grpc._tcp.store.monitoring.svc.cluster.local.', undefined, ['store.monitoring.svc.cluster.local']],
    // Not a Service's: another domain's SRV name, an mDNS service type, a name that goes on.
    ['_sip._udp.voice.telecom', undefined, []],
    ['_googlecast._tcp.local', undefined, []],
    ['dnssrv+_ldap._tcp.dc._msdcs.corp.example.com', undefined, []],
    ['my_var._tcp.thing', undefined, []],
    // host:port and lists
    ['backend:5678', undefined, ['backend:5678']],
    ['kafka-0.kafka-headless:9092,kafka-1.kafka-headless:9092', undefined, ['kafka-0.kafka-headless:9092', 'kafka-1.kafka-headless:9092']],
    ['a:1,b:2', undefined, ['a:1', 'b:2']],
    ['zk-0.zk:2181 zk-1.zk:2181', undefined, ['zk-0.zk:2181', 'zk-1.zk:2181']],
    ['--upstream=api:8080', undefined, ['api:8080']],
    ['-Dspring.redis.host=cache -Dserver.port=8080', undefined, []],
    ['otel-collector.observability:4317', undefined, ['otel-collector.observability:4317']],
    // host-like settings
    ['cache', 'REDIS_HOST', ['cache']],
    ['postgres.data.svc', 'DB_HOSTNAME', ['postgres.data.svc']],
    ['--backend-url=backend', undefined, ['backend']],
    ['8080', 'API_PORT', []],
    ['api', 'API_PORT', []],
    // not hosts
    ['nginx:1.27', undefined, []],
    ['registry.example.com/team/app:7', undefined, []],
    ['docker.io/library/redis:7.2', undefined, []],
    ['12:30', undefined, []],
    ['-listen=:5678', undefined, []],
    ['0.0.0.0:8080', undefined, []],
    ['/etc/config/app.yaml', undefined, []],
    ['/var/run/secrets/kubernetes.io/serviceaccount/token', undefined, []],
    ['java.util.concurrent.ThreadPoolExecutor', 'LOGGER_HOST', []],
    ['com.example.Main', undefined, []],
    ['user@example.com', undefined, []],
    ['C:\\data\\file.txt', undefined, []],
    ['s3://my-bucket/path/to/object', undefined, ['my-bucket']],
    ['2024-01-01T12:30:00Z', undefined, []],
    // more real-world shapes
    ['https://admin:p%40ss@grafana.monitoring:3000/api/datasources', undefined, ['grafana.monitoring:3000']],
    ['jdbc:sqlserver://mssql:1433;databaseName=orders;encrypt=false', undefined, ['mssql:1433']],
    ['jdbc:oracle:thin:@//oracle-db:1521/ORCL', undefined, ['oracle-db:1521']],
    ['dns:///otel-collector.observability:4317', 'OTEL_EXPORTER_OTLP_ENDPOINT', ['otel-collector.observability:4317']],
    ['redis-sentinel-0.redis-sentinel:26379,redis-sentinel-1.redis-sentinel:26379', undefined, ['redis-sentinel-0.redis-sentinel:26379', 'redis-sentinel-1.redis-sentinel:26379']],
    ['proxy_pass http://checkout:8080;', undefined, ['checkout:8080']],
    ["targets: ['node-exporter:9100', 'kube-state-metrics.monitoring:8080']", undefined, ['node-exporter:9100', 'kube-state-metrics.monitoring:8080']],
    ['image: redis:7', undefined, []],
    ['redis:7', 'SIDECAR_IMAGE', []],
    ['ghcr.io/org/app:1.4.2', undefined, []],
    ['--grpc-endpoint=[fd00::1]:9000', undefined, []],
    ['os.Getenv("HOST")', undefined, []],
    ['org.springframework.boot:spring-boot-starter-web:3.2.0', undefined, []],
    ['./scripts/run.sh --config=/etc/app/config.yaml', undefined, []],
  ])('%j (key %j) yields %j', (value, key, expected) => {
    expect(scan(value, key)).toEqual(expected);
  });

  it('records how each host was found, and the scheme of URLs', () => {
    const found = scanHosts({ value: 'jdbc:postgresql://db:5432/x and cache:6379', key: undefined, node: undefined as never });
    expect(found.map((r) => [r.host, r.via, r.scheme])).toEqual([['db', 'url', 'jdbc:postgresql'], ['cache', 'hostPort', undefined]]);
    expect(scanHosts({ value: 'cache', key: 'REDIS_HOST', node: undefined as never }).map((r) => r.via)).toEqual(['setting']);
  });

  it('short names alone are what the resolver completes (hostReferences)', () => {
    const refs = (value: string) => hostReferences({ value, key: undefined, node: undefined as never }).map((r) => r.host);
    expect(refs('http://backend.api:80 and cache:6379 and http://localhost:1')).toEqual(['cache']);
  });
});

describe('scanAddresses', () => {
  it.each<[string, string | undefined, string[]]>([
    ['http://10.96.0.10:53', undefined, ['10.96.0.10']],
    ['10.244.1.17:8080,10.244.2.3:8080', undefined, ['10.244.1.17', '10.244.2.3']],
    ['postgres://app@10.100.4.2/db', undefined, ['10.100.4.2']],
    ['http://[fd00:10:96::a]:8080/', undefined, ['fd00:10:96::a']],
    ['2001:db8::1', 'UPSTREAM', ['2001:db8::1']],
    ['10.244.0.0/16', 'POD_CIDR', []],
    ['0.0.0.0:8080', undefined, []],
    ['127.0.0.1', 'DB_HOST', []],
    ['http://[::1]:9090', undefined, []],
    ['--bind-address=10.244.0.5', undefined, []],
    ['server {\n  listen 10.96.3.4:80;\n  proxy_pass http://10.96.3.5;\n}', undefined, ['10.96.3.5']],
    ['10.96.0.1,.svc,.cluster.local', 'NO_PROXY', []],
    ['version 1.2.3.4.5', undefined, []],
    ['12:30:00', undefined, []],
    ['999.1.1.1', undefined, []],
  ])('%j (key %j) yields %j', (value, key, expected) => {
    const found = scanAddresses({ value, key, node: undefined as never });
    for (const r of found) expect(value.slice(r.index, r.index + r.length)).toBe(r.address);
    expect(found.map((r) => r.address)).toEqual(expected);
  });
});

describe('SRV names', () => {
  it('name the Service port they ask for, by name and protocol', () => {
    const [reference] = scanHosts({ value: 'dnssrv+_GRPC._TCP.store.monitoring.svc', key: undefined, node: undefined as never });
    expect(reference?.via).toBe('srv');
    expect(reference?.srv).toEqual({ port: 'grpc', protocol: 'TCP' });
  });
});

describe('expandVariables', () => {
  const variables = new Map([
    ['COLLECTOR', 'otel-collector'],
    ['PORT', '4317'],
  ]);
  it.each([
    ['http://$(COLLECTOR):$(PORT)', 'http://otel-collector:4317'],
    // $$ is a literal $, so $$(VAR) is written as is; an unknown variable stays as written.
    ['$$(COLLECTOR) and $(UNKNOWN)', '$(COLLECTOR) and $(UNKNOWN)'],
    ['pa$$word', 'pa$word'],
    ['no variables', 'no variables'],
    ['$(COLLECTOR', '$(COLLECTOR'],
  ])('%s → %s', (text, expanded) => {
    expect(expandVariables(text, variables)).toBe(expanded);
  });
});
