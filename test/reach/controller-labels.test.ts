/**
 * Reachability sees the labels controllers and operators give pods: policies that select them
 * isolate the right workloads, and peers that name them admit the right sources.
 */
import { describe, expect, it } from 'vitest';
import { explainFlow } from '../../src/engine/reach/explain.js';
import { conn, crossCheck, deployment, peer, reachOf } from './helpers/reach.js';

const job = `---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: shop}
spec: {template: {metadata: {labels: {app: tools}}, spec: {containers: [{name: m, image: m}]}}}
`;
const rollout = `---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: checkout, namespace: shop}
spec: {template: {metadata: {labels: {app: checkout}}, spec: {containers: [{name: c, image: c, ports: [{name: http, containerPort: 8080}]}]}}}
`;
const policy = (name: string, spec: object) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec: ${JSON.stringify(spec)}
`;

const cronJob = `---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: shop}
spec: {schedule: "0 3 * * *", jobTemplate: {spec: {template: {metadata: {labels: {app: report}}, spec: {containers: [{name: r, image: r}]}}}}}
`;

describe('pods created by controllers and operators', () => {
  it("a CronJob's runs are named <cronjob>-<number>: job-name selects them only in that form", () => {
    const isolate = (jobName: string) =>
      reachOf(job + cronJob + deployment('shop', 'db', { app: 'db' }) + policy('lock', { podSelector: { matchLabels: { 'job-name': jobName } }, policyTypes: ['Egress'] }));
    const migrate = isolate('migrate');
    expect(crossCheck(migrate)).toBeGreaterThan(0);
    expect(conn(migrate, 'shop/migrate[Job]', 'shop/db[Deployment]')).toBe('No Connections');
    expect(conn(migrate, 'shop/nightly[CronJob]', 'shop/db[Deployment]')).toBe('All Connections');
    const run = isolate('nightly-29433600');
    expect(conn(run, 'shop/nightly[CronJob]', 'shop/db[Deployment]')).toBe('No Connections');
    expect(conn(run, 'shop/migrate[Job]', 'shop/db[Deployment]')).toBe('All Connections');
    // The CronJob's own name is not a run's name.
    expect(conn(isolate('nightly'), 'shop/nightly[CronJob]', 'shop/db[Deployment]')).toBe('All Connections');
  });

  it('a policy selecting job-name isolates the Job, and a peer naming it admits the Job only', () => {
    const reach = reachOf(
      job + deployment('shop', 'tools', { app: 'tools' }) + deployment('shop', 'db', { app: 'db' }) +
        policy('db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { 'job-name': 'migrate' } } }] }] }) +
        policy('job', { podSelector: { matchLabels: { 'batch.kubernetes.io/job-name': 'migrate' } }, policyTypes: ['Egress'] }),
    );
    expect(crossCheck(reach)).toBeGreaterThan(0);
    expect(conn(reach, 'shop/tools[Deployment]', 'shop/db[Deployment]')).toBe('No Connections');
    expect(conn(reach, 'shop/migrate[Job]', 'shop/tools[Deployment]')).toBe('No Connections');
    expect(conn(reach, 'shop/tools[Deployment]', 'shop/migrate[Job]')).toBe('All Connections');
  });

  it('pods of a custom resource with a pod template are a peer whose ports are not known', () => {
    const reach = reachOf(
      rollout + deployment('shop', 'web', { app: 'web' }) +
        policy('checkout', { podSelector: { matchLabels: { app: 'checkout' } }, ingress: [{ ports: [{ port: 'http' }] }, { ports: [{ port: 9090 }] }] }),
    );
    const checkout = peer(reach, 'shop/checkout[Rollout]');
    expect(checkout.workloads[0]?.portsKnown).toBe(false);
    // The named port cannot resolve on pods whose ports the input does not show; the number can.
    expect(conn(reach, 'shop/web[Deployment]', 'shop/checkout[Rollout]')).toBe('TCP 9090');
  });

  it('explaining a denied named port on operator pods says their ports are not in the input, not that no container declares it', () => {
    const reach = reachOf(
      rollout + deployment('shop', 'web', { app: 'web' }) +
        policy('checkout', { podSelector: { matchLabels: { app: 'checkout' } }, ingress: [{ ports: [{ port: 'http' }] }] }),
    );
    const web = peer(reach, 'shop/web[Deployment]').podClass;
    const checkout = peer(reach, 'shop/checkout[Rollout]').podClass;
    expect(checkout.portsUnknownFrom).toBe('the Rollout controller');
    const explanation = explainFlow(reach.model, { type: 'pods', pods: web }, { type: 'pods', pods: checkout }, { protocol: 'TCP', port: 8080 });
    expect(explanation.allowed).toBe(false);
    expect(explanation.ingress?.closest?.miss).toMatch(/input does not show the destination's ports \(its pods are created by the Rollout controller\)/);
    // Pods whose ports are known keep the plain message.
    const plain = reachOf(deployment('shop', 'web', { app: 'web' }) + deployment('shop', 'api', { app: 'checkout' }) +
      policy('checkout', { podSelector: { matchLabels: { app: 'checkout' } }, ingress: [{ ports: [{ port: 'http' }] }] }));
    const denied = explainFlow(plain.model, { type: 'pods', pods: peer(plain, 'shop/web[Deployment]').podClass }, { type: 'pods', pods: peer(plain, 'shop/api[Deployment]').podClass }, { protocol: 'TCP', port: 8080 });
    expect(denied.ingress?.closest?.miss).toMatch(/a named port no container declares/);
  });

  it('explaining a flow to a StatefulSet says when an isolating policy selects only some of its pods', () => {
    const kafka = `---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: kafka, namespace: shop}
spec: {replicas: 3, selector: {matchLabels: {app: kafka}}, template: {metadata: {labels: {app: kafka}}, spec: {containers: [{name: k, image: k}]}}}
`;
    const reach = reachOf(
      kafka + deployment('shop', 'web', { app: 'web' }) +
        policy('kafka-0', { podSelector: { matchLabels: { 'statefulset.kubernetes.io/pod-name': 'kafka-0' } }, policyTypes: ['Ingress'] }) +
        policy('all-kafka', { podSelector: { matchLabels: { app: 'kafka' } }, policyTypes: ['Ingress'] }),
    );
    const explanation = explainFlow(reach.model, { type: 'pods', pods: peer(reach, 'shop/web[Deployment]').podClass }, { type: 'pods', pods: peer(reach, 'shop/kafka[StatefulSet]').podClass }, undefined);
    expect(explanation.ingress?.isolatedBy.map((p) => p.name)).toEqual(['kafka-0', 'all-kafka']);
    expect(explanation.ingress?.selectingSomePods.map((s) => [s.policy.name, s.pods, s.of])).toEqual([['kafka-0', ['kafka-0'], 3]]);
  });
});
