/** Policy semantics shared by rules, reach and explanations: peer matching and ipBlocks. */
import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../src/engine/model/cluster.js';
import { describePeer, ipBlockCoversPods, ipBlockPodCoverage, matchPeer, peerNamespaces, policySelects, workloadsSelectedByPolicy } from '../../src/engine/model/policy.js';
import { parseAddress } from '../../src/engine/net/ip.js';
import { parseFile } from '../../src/engine/parse.js';
import { defaultSettings } from '../../src/engine/settings.js';
import { createSourceFile } from '../../src/engine/source.js';
import type { NetworkPolicy } from '../../src/engine/model/types.js';

describe('ipBlockCoversPods', () => {
  const covers = (cidr: string, ...except: string[]) => ipBlockCoversPods({ cidr, except }, defaultSettings.podCidrs);

  it('takes the whole address space, without exceptions, to include pod IPs', () => {
    expect(covers('0.0.0.0/0')).toBe(true);
    expect(covers('::/0')).toBe(true);
  });

  it('does not take part of the address space to include pod IPs, even a private range', () => {
    expect(covers('0.0.0.0/1')).toBe(false);
    expect(covers('10.0.0.0/8')).toBe(false);
    expect(covers('not-a-cidr')).toBe(false);
  });

  it('treats an exception that overlaps a private range as excluding pods, however it is written', () => {
    expect(covers('0.0.0.0/0', '10.0.0.0/8')).toBe(false);
    // 8.0.0.0/5 is 8.0.0.0-15.255.255.255: it removes all of 10.0.0.0/8 without naming it.
    expect(covers('0.0.0.0/0', '8.0.0.0/5')).toBe(false);
    expect(covers('0.0.0.0/0', '10.1.0.0/16')).toBe(false);
    expect(covers('0.0.0.0/0', '172.0.0.0/8')).toBe(false);
    expect(covers('0.0.0.0/0', '100.64.0.0/10')).toBe(false);
    expect(covers('0.0.0.0/0', '0.0.0.0/0')).toBe(false);
    expect(covers('::/0', 'fd00::/8')).toBe(false);
  });

  it('keeps pods included when the exceptions avoid every private range', () => {
    expect(covers('0.0.0.0/0', '169.254.169.254/32')).toBe(true);
    // 172.32.0.0/11 starts right after 172.16.0.0/12 ends; 11.0.0.0/8 right after 10.0.0.0/8.
    expect(covers('0.0.0.0/0', '172.32.0.0/11', '11.0.0.0/8', '192.169.0.0/16')).toBe(true);
    expect(covers('::/0', '2001:db8::/32')).toBe(true);
  });

  it('counts an exception it cannot read as possibly excluding pods', () => {
    expect(covers('0.0.0.0/0', '10.0.0.0')).toBe(false);
  });
});

describe('ipBlockPodCoverage', () => {
  it('says which exception removes which private range, wholly or in part', () => {
    expect(ipBlockPodCoverage({ cidr: '0.0.0.0/0', except: ['8.0.0.0/5', '169.254.169.254/32', '172.20.0.0/16'] }, defaultSettings.podCidrs)).toEqual({
      covers: false,
      reason: 'except',
      cuts: [
        { except: '8.0.0.0/5', podRange: '10.0.0.0/8', whole: true },
        { except: '172.20.0.0/16', podRange: '172.16.0.0/12', whole: false },
      ],
    });
    // 0.0.0.0/0 as an exception removes every IPv4 private range.
    const all = ipBlockPodCoverage({ cidr: '0.0.0.0/0', except: ['0.0.0.0/0'] }, defaultSettings.podCidrs);
    expect(all.covers === false && all.reason === 'except' && all.cuts.map((c) => c.podRange)).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10']);
    expect(ipBlockPodCoverage({ cidr: '0.0.0.0/0', except: ['10.0.0.0'] }, defaultSettings.podCidrs)).toEqual({ covers: false, reason: 'except', cuts: [{ except: '10.0.0.0', podRange: undefined, whole: false }] });
  });

  it('judges exceptions against the configured pod ranges (cluster.podCIDRs)', () => {
    const block = { cidr: '0.0.0.0/0', except: ['172.20.0.0/16'] };
    expect(ipBlockCoversPods(block, defaultSettings.podCidrs)).toBe(false);
    expect(ipBlockCoversPods(block, ['10.0.0.0/8'])).toBe(true);
    expect(ipBlockCoversPods({ cidr: '0.0.0.0/0', except: ['10.244.0.0/16'] }, ['10.244.0.0/16'])).toBe(false);
  });

  it('tells a partial cidr from exceptions, and an exception of the other family from one that matters', () => {
    expect(ipBlockPodCoverage({ cidr: '10.96.0.10/32', except: [] }, defaultSettings.podCidrs)).toEqual({ covers: false, reason: 'partial-cidr' });
    expect(ipBlockPodCoverage({ cidr: '0.0.0.0/0', except: ['fd00::/8'] }, defaultSettings.podCidrs)).toEqual({ covers: true });
  });
});

describe('describePeer', () => {
  const selector = (labels: Record<string, string>) => ({ matchLabels: labels, matchExpressions: [] });
  it('names a peer as the messages of every rule do', () => {
    expect(describePeer({ podSelector: selector({ app: 'api' }), namespaceSelector: undefined, ipBlock: undefined })).toBe('podSelector app=api');
    expect(describePeer({ podSelector: selector({ app: 'api' }), namespaceSelector: selector({ team: 'a' }), ipBlock: undefined })).toBe(
      'namespaceSelector team=a and podSelector app=api',
    );
    expect(describePeer({ podSelector: undefined, namespaceSelector: undefined, ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12'] } })).toBe(
      'ipBlock 0.0.0.0/0 except 10.0.0.0/8, 172.16.0.0/12',
    );
  });
});

const manifests = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: other}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - from:
        - podSelector: {matchLabels: {app: web}}
        - namespaceSelector: {matchLabels: {team: shop}}
          podSelector: {matchLabels: {app: cart}}
        - namespaceSelector: {matchLabels: {team: nobody}}
        - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
`;

function load(): { model: ClusterModel; policy: NetworkPolicy } {
  const parsed = parseFile(createSourceFile('m.yaml', undefined, manifests));
  const model = ClusterModel.fromDocuments(parsed.documents, defaultSettings);
  return { model, policy: model.policies()[0] as NetworkPolicy };
}

describe('matchPeer', () => {
  const { model, policy } = load();
  const [sameNamespace, bothSelectors, unknownNamespace, ipBlock] = policy.ingress[0]?.peers ?? [];
  const pods = (namespace: string, labels: Record<string, string>) => ({ type: 'pods' as const, pods: { namespace, labels, ports: [] } });
  const address = (text: string) => ({ type: 'ip' as const, interval: parseAddress(text)! });

  it('matches pods by selectors in the namespaces the peer looks in', () => {
    expect(matchPeer(model, policy, sameNamespace!, pods('shop', { app: 'web' }))).toEqual({ matched: true });
    expect(matchPeer(model, policy, bothSelectors!, pods('shop', { app: 'cart', x: 'y' }))).toEqual({ matched: true });
  });

  it('says which part missed and why', () => {
    expect(matchPeer(model, policy, sameNamespace!, pods('other', { app: 'web' }))).toEqual({
      matched: false,
      miss: { part: 'other-namespace', policyNamespace: 'shop', namespace: 'other' },
    });
    expect(matchPeer(model, policy, sameNamespace!, pods('shop', { app: 'api' }))).toMatchObject({
      matched: false,
      miss: { part: 'podSelector', labels: { app: 'api' } },
    });
    expect(matchPeer(model, policy, bothSelectors!, pods('other', { app: 'cart' }))).toMatchObject({
      matched: false,
      miss: { part: 'namespaceSelector', namespace: 'other', namespaceLabels: { 'kubernetes.io/metadata.name': 'other' } },
    });
    expect(matchPeer(model, policy, ipBlock!, pods('shop', { app: 'web' }))).toMatchObject({ matched: false, miss: { part: 'ipBlock-vs-pods' } });
    expect(matchPeer(model, policy, sameNamespace!, address('10.0.0.1'))).toEqual({ matched: false, miss: { part: 'selectors-vs-address' } });
    expect(matchPeer(model, policy, ipBlock!, address('10.1.2.3'))).toMatchObject({ matched: false, miss: { part: 'address-outside-ipBlock' } });
  });

  it('matches addresses by ipBlock, exceptions removed', () => {
    expect(matchPeer(model, policy, ipBlock!, address('10.2.0.1'))).toEqual({ matched: true });
  });

  it('matches pods by ipBlock when their addresses are known', () => {
    const known = { type: 'pods' as const, pods: { namespace: 'shop', labels: {}, ports: [], ips: ['10.2.0.1'] } };
    expect(matchPeer(model, policy, ipBlock!, known)).toEqual({ matched: true });
  });

  it('lists the namespaces a selector peer looks in, and none for an ipBlock', () => {
    expect(peerNamespaces(model, policy, sameNamespace!)).toEqual(['shop']);
    expect(peerNamespaces(model, policy, bothSelectors!)).toEqual(['shop']);
    expect(peerNamespaces(model, policy, unknownNamespace!)).toEqual([]);
    expect(peerNamespaces(model, policy, ipBlock!)).toBeUndefined();
  });
});

describe('policySelects', () => {
  const { model, policy } = load();

  it('selects pods of its own namespace by podSelector only', () => {
    expect(policySelects(policy, { namespace: 'shop', labels: { app: 'web' } })).toBe(true);
    expect(policySelects(policy, { namespace: 'other', labels: { app: 'web' } })).toBe(false);
    expect(workloadsSelectedByPolicy(model, policy).map((w) => w.displayName)).toEqual(['Deployment shop/web']);
  });
});

describe('workloadsSelectedByPolicy', () => {
  // Answered from an index on the workloads' labels: it must select exactly what policySelects decides
  // for each workload, for every operator and for labels that only some workloads have.
  it('selects exactly the workloads policySelects decides, for every selector form', () => {
    const labels = [{ app: 'web' }, { app: 'api', tier: 'back' }, { app: 'db', tier: 'back' }, { tier: 'front' }, {}, { app: 'web', canary: 'yes' }];
    const selectors = [
      '{}',
      '{matchLabels: {app: web}}',
      '{matchLabels: {app: web, canary: "yes"}}',
      '{matchLabels: {app: nothing}}',
      '{matchExpressions: [{key: app, operator: In, values: [web, db]}]}',
      '{matchExpressions: [{key: app, operator: NotIn, values: [web]}]}',
      '{matchExpressions: [{key: tier, operator: Exists}]}',
      '{matchExpressions: [{key: tier, operator: DoesNotExist}]}',
      '{matchLabels: {tier: back}, matchExpressions: [{key: app, operator: In, values: [api]}]}',
    ];
    const workloads = labels.map(
      (l, i) => `---\napiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ns, labels: ${JSON.stringify(l)}}\nspec: {containers: [{name: c, image: x}]}\n`,
    );
    const policies = selectors.map((s, i) => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n${i}, namespace: ns}\nspec: {podSelector: ${s}}\n`);
    const parsed = parseFile(createSourceFile('m.yaml', undefined, [...workloads, ...policies].join('')));
    const model = ClusterModel.fromDocuments(parsed.documents, defaultSettings);
    expect(model.policies()).toHaveLength(selectors.length);
    for (const policy of model.policies()) {
      const brute = model.workloadsIn('ns').filter((w) => policySelects(policy, { namespace: w.namespace, labels: w.podLabels }));
      expect(workloadsSelectedByPolicy(model, policy).map((w) => w.name), policy.name).toEqual(brute.map((w) => w.name));
    }
    expect(workloadsSelectedByPolicy(model, model.policies()[1] as NetworkPolicy).map((w) => w.name)).toEqual(['p0', 'p5']);
  });
});
