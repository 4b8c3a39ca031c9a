/**
 * Reachability at scale: 5,000 workloads in 100 namespaces with 1,000 NetworkPolicies (default
 * deny, same-namespace tiers, cross-namespace clients, DNS, ipBlocks, named ports). Prints the
 * time to build the model and analysis, and to list every allowed flow.
 */
import { performance } from 'node:perf_hooks';
import { ClusterModel } from '../src/engine/model/cluster.js';
import { parseFile } from '../src/engine/parse.js';
import { Reachability } from '../src/engine/reach/analysis.js';
import { defaultSettings } from '../src/engine/settings.js';
import { createSourceFile } from '../src/engine/source.js';
import { connlist } from '../src/reporters/reach/flows.js';
import { lintSources } from '../src/engine/lint.js';
import { rules } from '../src/rules/index.js';

const namespaces = Number(process.env.BENCH_NAMESPACES ?? 100);
const perNamespace = Number(process.env.BENCH_WORKLOADS_PER_NAMESPACE ?? 50);

function cluster(): string {
  const docs: string[] = [];
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {team: t${n % 10}, tier: ${n % 2 ? 'prod' : 'dev'}}}`);
    for (let w = 0; w < perNamespace; w++) {
      const tier = ['web', 'api', 'db', 'cache', 'worker'][w % 5];
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${w}, namespace: ${ns}}
spec:
  template:
    metadata: {labels: {app: app-${w}, tier: ${tier}, version: v${w % 3}}}
    spec:
      containers:
      - name: main
        ports: [{name: http, containerPort: ${8000 + (w % 20)}}, {name: metrics, containerPort: 9090}]`);
    }
    // 10 policies per namespace: 1,000 in all.
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: ${ns}}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}`);
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: dns, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]`);
    const pairs: [string, string][] = [['web', 'api'], ['api', 'db'], ['api', 'cache'], ['worker', 'db']];
    for (const [client, server] of pairs) {
      docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${server}-from-${client}, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {tier: ${server}}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {tier: ${client}}}}]\n    ports: [{port: http}]`);
      docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${client}-to-${server}, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {tier: ${client}}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {matchLabels: {tier: ${server}}}}]\n    ports: [{port: http}]`);
    }
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-from-outside, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {tier: web}}\n  ingress:\n  - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.${n}.0.0/16]}}, {namespaceSelector: {matchLabels: {team: t${(n + 1) % 10}}}}]\n    ports: [{port: 8000, endPort: 8019}]`);
  }
  // BENCH_ADMIN=1: cluster-wide policies over every namespace, evaluated per pair of pod classes.
  if (process.env.BENCH_ADMIN) {
    docs.push(`apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: guard}\nspec:\n  priority: 10\n  subject: {namespaces: {}}\n  ingress:\n  - {action: Deny, from: [{namespaces: {matchLabels: {team: t0}}}], ports: [{portNumber: {port: 9090}}]}\n  - {action: Pass, from: [{namespaces: {}}]}\n  egress:\n  - {action: Allow, to: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {tier: db}}}}], ports: [{namedPort: metrics}]}`);
    docs.push(`apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {matchLabels: {tier: dev}}}\n  ingress:\n  - {action: Deny, from: [{namespaces: {matchLabels: {tier: prod}}}]}`);
  }
  return docs.join('\n---\n');
}

const text = cluster();
let start = performance.now();
const parsed = parseFile(createSourceFile('cluster.yaml', undefined, text));
const model = ClusterModel.fromDocuments(parsed.documents, defaultSettings);
const parseMs = performance.now() - start;
start = performance.now();
const reach = new Reachability(model);
const flows = reach.flows();
const flowsMs = performance.now() - start;
start = performance.now();
let bytes = 0;
for (const line of connlist(flows)) bytes += line.length;
const formatMs = performance.now() - start;
start = performance.now();
const linted = lintSources([createSourceFile('cluster.yaml', undefined, text)], { rules });
const lintMs = performance.now() - start;
console.log(
  `reach: ${model.workloads().length} workloads, ${model.policies().length} policies, ${reach.index.classes.length} pod classes; ` +
    `parse+model ${parseMs.toFixed(0)} ms, analysis + all ${flows.length} flows ${flowsMs.toFixed(0)} ms, connlist ${formatMs.toFixed(0)} ms (${(bytes / 1e6).toFixed(1)} MB); ` +
    `lint with all ${rules.length} rules ${lintMs.toFixed(0)} ms (${linted.files[0]?.messages.length ?? 0} findings)`,
);
