/**
 * `npm run bench`: parse and lint cost on a generated repository of 2,000 files and 10,000
 * documents (Deployment, Service, NetworkPolicy, ConfigMap, ServiceAccount per file), with a few
 * defects so that findings are located too. Prints medians of several runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { lintSources } from '../src/engine/lint.js';
import { loadInputs } from '../src/engine/load.js';
import { parseFile } from '../src/engine/parse.js';
import { rules } from '../src/rules/index.js';

const files = Number(process.env.BENCH_FILES ?? 2000);
const runs = Number(process.env.BENCH_RUNS ?? 5);

/** Deterministic pseudo-random numbers (a linear congruential generator, seed 42). */
function random(seed = 42): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function manifest(i: number, next: () => number): string {
  const ns = `team-${i % 50}`;
  const app = `app-${i}`;
  const port = 8000 + Math.floor(next() * 1000);
  const typo = i % 97 === 0; // about 1% of Services select nothing
  return `# generated service ${i}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels: {app: ${app}, team: "${ns}"}
  annotations:
    deployment.kubernetes.io/revision: "${1 + (i % 7)}"
spec:
  replicas: ${1 + (i % 3)}
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels:
        app: ${app}
        tier: ${i % 2 ? 'backend' : 'frontend'}
    spec:
      containers:
      - name: main
        image: registry.example.com/${app}:1.${i % 10}.0
        args: ["--port=${port}", "--log-level=info"]
        ports:
        - name: http
          containerPort: ${port}
        env:
        - name: UPSTREAM_URL
          value: http://app-${(i + 1) % files}.team-${(i + 1) % 50}:80/api
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: {name: ${app}-db, key: password}
        readinessProbe:
          httpGet: {path: /healthz, port: http}
---
apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  selector:
    app: ${typo ? `${app}-typo` : app}
  ports:
  - name: http
    port: 80
    targetPort: http
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${app}-ingress
  namespace: ${ns}
spec:
  podSelector:
    matchLabels: {app: ${app}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector: {matchLabels: {tier: frontend}}
    ports:
    - {protocol: TCP, port: ${port}}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-config
  namespace: ${ns}
data:
  config.yaml: |
    server:
      port: ${port}
      upstream: app-${(i + 2) % files}.team-${(i + 2) % 50}.svc.cluster.local:80
    features: [a, b, c]
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${app}
  namespace: ${ns}
`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function time(work: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'netlint-bench-'));
try {
  const next = random();
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `team-${i % 50}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `app-${i}.yaml`), manifest(i, next));
  }
  const loaded = loadInputs([dir], { cwd: dir });
  const bytes = loaded.files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const mb = bytes / 1e6;
  const documents = loaded.files.reduce((n, f) => n + parseFile(f).documents.length, 0);

  const results: [string, number][] = [];
  results.push(['read files (floor)', time(() => loaded.files.forEach((f) => readFileSync(f.absolutePath as string, 'utf8')))]);
  results.push(['parse: netlint (js-yaml per document)', time(() => loaded.files.forEach((f) => parseFile(f)))]);
  results.push(['parse: yaml parseAllDocuments + toJS', time(() => loaded.files.forEach((f) => parseAllDocuments(f.text).forEach((d) => d.toJS())))]);
  let findings = 0;
  results.push([
    'lint: parse + model + rules + locate',
    time(() => {
      const fresh = loadInputs([dir], { cwd: dir }).files;
      findings = lintSources(fresh, { rules }).files.reduce((n, f) => n + f.messages.length, 0);
    }),
  ]);
  const cliSamples: number[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const start = performance.now();
    spawnSync(process.execPath, [join(root, 'dist/cli.js'), dir, '-f', 'json', '-o', join(dir, 'out.json')], { encoding: 'utf8' });
    cliSamples.push(performance.now() - start);
  }
  results.push(['CLI end to end (node dist/cli.js, wall)', median(cliSamples)]);

  console.log(`corpus: ${loaded.files.length} files, ${documents} documents, ${mb.toFixed(2)} MB; ${findings} findings; median of ${runs} runs`);
  console.log('| step | ms | MB/s |');
  console.log('| --- | ---: | ---: |');
  for (const [label, ms] of results) console.log(`| ${label} | ${ms.toFixed(0)} | ${(mb / (ms / 1000)).toFixed(1)} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
