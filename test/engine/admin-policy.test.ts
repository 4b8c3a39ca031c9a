/** Decoding the cluster-wide policies into the model, and the model's queries about them. */
import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../src/engine/model/cluster.js';
import { adminPolicySelects, adminRulePorts, describeAdminPeer, describeAdminRule } from '../../src/engine/model/admin-policy.js';
import { parseFile } from '../../src/engine/parse.js';
import { defaultSettings } from '../../src/engine/settings.js';
import { createSourceFile } from '../../src/engine/source.js';

function modelOf(text: string): ClusterModel {
  const parsed = parseFile(createSourceFile('m.yaml', undefined, text));
  expect(parsed.findings).toEqual([]);
  return ClusterModel.fromDocuments(parsed.documents, defaultSettings);
}

const pods = (namespace: string, labels: Record<string, string> = {}) => ({ namespace, labels, ports: [{ name: 'dns', port: 53, protocol: 'UDP' as const, container: 'c' }] });

const anps = `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { team: shop } }
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: later, namespace: ignored }
spec:
  priority: 20
  subject: { pods: { podSelector: { matchLabels: { app: web } } } }
  ingress:
    - name: ports
      action: Allow
      from: [{ namespaces: {} }]
      ports:
        - portNumber: { port: 80 }
        - portRange: { protocol: UDP, start: 1000, end: 1999 }
        - portRange: { protocol: UDP, start: 5, end: 1 }
        - namedPort: dns
    - action: Reject
      from: [{ namespaces: {} }]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: first }
spec:
  priority: 5
  subject: { namespaces: { matchLabels: { team: shop } }, pods: { podSelector: {} } }
  egress:
    - action: Deny
      to: [{ networks: [10.0.0.0/8, 192.168.0.0/16] }, { nodes: {} }]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: { name: default }
spec:
  subject: { namespaces: {} }
  egress:
    - { action: Deny, to: [{ namespaces: {} }] }
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: { name: cnp-baseline }
spec:
  tier: Baseline
  priority: 3
  subject: { namespaces: {} }
  egress:
    - action: Accept
      to: [{ domainNames: [example.com] }]
      protocols:
        - tcp: { destinationPort: { range: { start: 80, end: 90 } } }
        - sctp: {}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: { name: no-tier }
spec:
  priority: 1
  subject: { namespaces: {} }
`;

describe('cluster-wide policies in the model', () => {
  const model = modelOf(anps);

  it('are cluster-scoped, split by tier and ordered by priority; a ClusterNetworkPolicy without a valid tier is left out', () => {
    expect(model.adminPolicies('Admin').map((p) => [p.name, p.namespace, p.priority])).toEqual([['first', undefined, 5], ['later', undefined, 20]]);
    expect(model.adminPolicies('Baseline').map((p) => [p.kind, p.name, p.priority])).toEqual([['BaselineAdminNetworkPolicy', 'default', undefined], ['ClusterNetworkPolicy', 'cnp-baseline', 3]]);
  });

  it('read ports as numbers (TCP by default), ranges and names; an empty range and a rule with an unknown action are left out', () => {
    const later = model.adminPolicies('Admin')[1]!;
    expect(later.ingress.map((r) => describeAdminRule(r))).toEqual(['ingress rule "ports" (Allow)']);
    expect(adminRulePorts(later.ingress[0]!, pods('shop')).toString()).toBe('TCP 80,UDP 53,1000-1999');
    expect(adminRulePorts(later.ingress[0]!, undefined).toString()).toBe('TCP 80,UDP 1000-1999');
  });

  it('read v1alpha2 protocols, Accept as Allow, and keep the written action', () => {
    const cnp = model.adminPolicies('Baseline')[1]!;
    expect(cnp.egress[0]!.action).toBe('Allow');
    expect(describeAdminRule(cnp.egress[0]!)).toBe('egress rule 1 (Accept)');
    expect(adminRulePorts(cnp.egress[0]!, undefined).toString()).toBe('SCTP 1-65535,TCP 80-90');
  });

  it('describe every peer form', () => {
    const first = model.adminPolicies('Admin')[0]!;
    const cnp = model.adminPolicies('Baseline')[1]!;
    expect([...first.egress[0]!.peers, ...cnp.egress[0]!.peers].map(describeAdminPeer)).toEqual(['networks 10.0.0.0/8, 192.168.0.0/16', 'nodes', 'domainNames']);
  });

  it('select by subject: a subject with both forms selects nothing; pods without namespaceSelector means every namespace', () => {
    const [first, later] = model.adminPolicies('Admin');
    expect(first!.subject).toBeUndefined();
    expect(adminPolicySelects(model, first!, pods('shop'))).toBe(false);
    expect(adminPolicySelects(model, later!, pods('anywhere', { app: 'web' }))).toBe(true);
    expect(adminPolicySelects(model, later!, pods('anywhere', { app: 'db' }))).toBe(false);
  });

  it('take part in a direction only with rules for it', () => {
    const later = model.adminPolicies('Admin')[1]!;
    const web = pods('shop', { app: 'web' });
    expect(adminPolicySelects(model, later, web, 'Ingress')).toBe(true);
    expect(adminPolicySelects(model, later, web, 'Egress')).toBe(false);
    expect(model.adminPoliciesSelecting(web, 'Admin', 'Ingress').map((p) => p.name)).toEqual(['later']);
    expect(model.adminPoliciesSelecting(web, 'Admin', 'Egress')).toEqual([]);
  });
});
