/**
 * A generated repository for benchmarks: namespaces with labels, and per application a Deployment,
 * a Service, a NetworkPolicy (pod and namespace selectors, ipBlocks with exceptions), a ConfigMap
 * with URLs and a ServiceAccount, one file each. Deterministic; a few applications carry the
 * defects rules report (a Service selecting nothing, a wrong targetPort, a URL to a port the
 * Service does not have), so that finding and locating are measured too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Deterministic pseudo-random numbers (a linear congruential generator). */
function random(seed = 42): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function namespaceDoc(n: number): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: team-${n}
  labels:
    team: team-${n}
    tier: ${n % 3 === 0 ? 'edge' : 'internal'}
`;
}

/**
 * One application: Deployment, Service, NetworkPolicy (pod and namespace selectors, an ipBlock),
 * ConfigMap with URLs, ServiceAccount. About one in fifty carries a defect a rule reports.
 */
function application(i: number, apps: number, namespaces: number, next: () => number): string {
  const n = i % namespaces;
  const ns = `team-${n}`;
  const app = `app-${i}`;
  const port = 8000 + Math.floor(next() * 1000);
  const peer = (i + 1) % apps;
  const bug = i % 50;
  const selectorApp = bug === 7 ? `${app}-typo` : app;
  const targetPort = bug === 13 ? 'metrics' : 'http';
  const urlPort = bug === 21 ? 81 : 80;
  return `# generated application ${i}
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
        tier: ${Math.floor(i / namespaces) % 2 ? 'backend' : 'frontend'}
    spec:
      serviceAccountName: ${app}
      containers:
      - name: main
        image: registry.example.com/${app}:1.${i % 10}.0
        args: ["--port=${port}", "--log-level=info"]
        ports:
        - name: http
          containerPort: ${port}
        env:
        - name: UPSTREAM_URL
          value: http://app-${peer}.team-${peer % namespaces}:${urlPort}/api
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: {name: ${app}-db, key: password}
        readinessProbe:
          httpGet: {path: /healthz, port: http}
          periodSeconds: 10
        livenessProbe:
          httpGet:
            path: /livez
            port: http
          initialDelaySeconds: 15
        resources:
          requests: {cpu: ${50 + (i % 4) * 50}m, memory: ${128 * (1 + (i % 3))}Mi}
          limits:
            cpu: "1"
            memory: 1Gi
        securityContext:
          runAsNonRoot: true
          readOnlyRootFilesystem: true
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL]}
        volumeMounts:
        - name: config
          mountPath: /etc/${app}
          readOnly: true
        - {name: tmp, mountPath: /tmp}
      volumes:
      - name: config
        configMap: {name: ${app}-config}
      - name: tmp
        emptyDir: {}
      nodeSelector:
        kubernetes.io/os: linux
      tolerations:
      - {key: dedicated, operator: Equal, value: "${ns}", effect: NoSchedule}
---
apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  selector:
    app: ${selectorApp}
  ports:
  - name: http
    port: 80
    targetPort: ${targetPort}
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
    - podSelector: {matchLabels: {tier: ${bug === 33 ? 'frontent' : 'frontend'}}}
    - namespaceSelector:
        matchLabels: {team: team-${peerOf(i, apps) % namespaces}}
      podSelector:
        matchExpressions:
        - {key: app, operator: In, values: [gateway, "app-${peerOf(i, apps)}"]}
    - ipBlock:
        cidr: 10.${n % 250}.0.0/16
        except: [10.${n % 250}.${i % 250}.0/24]
    ports:
    - {protocol: TCP, port: ${port}}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-config
  namespace: ${ns}
data:
  BACKEND_URL: "http://app-${(i + 2) % apps}.team-${((i + 2) % apps) % namespaces}.svc.cluster.local:80/v1"
  config.yaml: |
    server:
      port: ${port}
      upstream: app-${(i + 3) % apps}.team-${((i + 3) % apps) % namespaces}.svc.cluster.local:80
    features: [a, b, c]
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${app}
  namespace: ${ns}
`;
}

/** The application whose Deployment calls application i (it points UPSTREAM_URL at i). */
function peerOf(i: number, apps: number): number {
  return (i - 1 + apps) % apps;
}

/** Writes a repository of about `documents` documents: one file per application, namespaces apart. */
export function generateRepository(dir: string, documents: number): number {
  const namespaces = Math.max(5, Math.round(documents / 500));
  const apps = Math.max(1, Math.floor((documents - namespaces) / 5));
  const next = random();
  for (let n = 0; n < namespaces; n++) {
    mkdirSync(join(dir, `team-${n}`), { recursive: true });
    writeFileSync(join(dir, `team-${n}`, 'namespace.yaml'), namespaceDoc(n));
  }
  for (let i = 0; i < apps; i++) writeFileSync(join(dir, `team-${i % namespaces}`, `app-${i}.yaml`), application(i, apps, namespaces, next));
  return namespaces + apps * 5;
}
