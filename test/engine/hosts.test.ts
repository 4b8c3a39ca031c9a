/**
 * The reference scanner on strings as real manifests write them: each must yield exactly these
 * hosts and ports (and where the host is written), no more.
 */
import { describe, expect, it } from 'vitest';
import { hostReferences, scanHosts } from '../../src/engine/model/hosts.js';

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
  ])('%j (key %j) yields %j', (value, key, expected) => {
    expect(scan(value, key)).toEqual(expected);
  });

  it('short names alone are what the resolver completes (hostReferences)', () => {
    const refs = (value: string) => hostReferences({ value, key: undefined, node: undefined as never }).map((r) => r.host);
    expect(refs('http://backend.api:80 and cache:6379 and http://localhost:1')).toEqual(['cache']);
  });
});
