/**
 * Reachability sees the labels controllers and operators give pods: policies that select them
 * isolate the right workloads, and peers that name them admit the right sources.
 */
import { describe, expect, it } from 'vitest';
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

describe('pods created by controllers and operators', () => {
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
});
