/**
 * .netlintrc.yaml as a user writes it: found upwards, validated with file:line messages, rule
 * levels, ignore globs, cluster facts, separate clusters, and the command-line overrides.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNetlint } from '../helpers/run.js';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'netlint-config-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function netlint(cwd: string, args: string[]) {
  return runNetlint(args, { cwd });
}

/** `severity ruleId` of each finding, from --format json. */
function findings(cwd: string, args: string[] = ['.']): string[] {
  const { stdout } = netlint(cwd, [...args, '-f', 'json']);
  const files = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; severity: number }[] }[];
  return files.flatMap((f) => f.messages.map((m) => `${m.severity === 2 ? 'error' : 'warning'} ${m.ruleId}`));
}

const api = (namespace: string, podLabel: string, targetPort = 'http') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${podLabel}}}
  template:
    metadata: {labels: {app: ${podLabel}}}
    spec: {containers: [{name: api, image: api, ports: [{name: http, containerPort: 8080}], readinessProbe: {tcpSocket: {port: http}}}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: ${namespace}}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: ${targetPort}}]
`;

describe('.netlintrc.yaml', () => {
  it('without a config, the defaults apply (the baseline)', () => {
    const dir = workspace({ 'app.yaml': api('shop', 'apx', 'htp') });
    expect(findings(dir)).toEqual(['error selector-no-match']);
  });

  it('sets rule levels, found from a folder above the working directory', () => {
    const dir = workspace({
      '.netlintrc.yaml': 'rules:\n  selector-no-match: warn\n',
      'k8s/app.yaml': api('shop', 'apx'),
    });
    expect(findings(join(dir, 'k8s'))).toEqual(['warning selector-no-match']);
    expect(netlint(join(dir, 'k8s'), ['.']).code).toBe(0);
  });

  it('turns rules off, also in the [level, {options}] form', () => {
    const dir = workspace({ '.netlintrc.yml': 'rules:\n  selector-no-match: [off]\n', 'app.yaml': api('shop', 'apx') });
    expect(findings(dir)).toEqual([]);
  });

  it('--rule id=level overrides the config; --no-config and --config choose the file', () => {
    const dir = workspace({
      '.netlintrc.yaml': 'rules:\n  selector-no-match: off\n',
      'strict.json': '{"rules": {"selector-no-match": "error"}}',
      'app.yaml': api('shop', 'apx'),
    });
    expect(findings(dir)).toEqual([]);
    expect(findings(dir, ['.', '--rule', 'selector-no-match=warn'])).toEqual(['warning selector-no-match']);
    expect(findings(dir, ['.', '--no-config'])).toEqual(['error selector-no-match']);
    expect(findings(dir, ['.', '--config', 'strict.json'])).toEqual(['error selector-no-match']);
  });

  it('ignore leaves files out, relative to the config file', () => {
    const dir = workspace({
      '.netlintrc.yaml': 'ignore: ["vendor/**"]\n',
      'vendor/chart.yaml': api('shop', 'apx'),
      'app.yaml': api('web', 'api'),
    });
    expect(findings(dir)).toEqual([]);
    expect(findings(dir, ['.', '--no-config'])).toEqual(['error selector-no-match']);
  });

  it('namespace places objects without one, and -n overrides it', () => {
    const text = api('shop', 'api').replace(/, namespace: shop/g, '') + '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n';
    const dir = workspace({ '.netlintrc.yaml': 'namespace: b\n', 'app.yaml': text });
    const json = (args: string[]) => JSON.parse(netlint(dir, [...args, '-f', 'json']).stdout) as unknown[];
    expect(json(['.', '--print-config']) ).toMatchObject({ namespace: 'b' });
    expect(netlint(dir, ['--print-config', '-n', 'a']).stdout).toContain('"namespace": "a"');
    expect(json(['.'])).toHaveLength(1);
  });

  it('cluster facts reach the rules: the DNS pods and known namespaces', () => {
    const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {team: dns}}, podSelector: {matchLabels: {app: coredns}}}]
    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
`;
    const dir = workspace({ 'app.yaml': `${api('shop', 'api')}---\n${policy}` });
    expect(findings(dir)).toContain('error deny-all-without-dns');
    writeFileSync(
      join(dir, '.netlintrc.yaml'),
      'cluster:\n  dns:\n    namespace: dns-system\n    podLabels: {app: coredns}\n  namespaces:\n    dns-system:\n      labels: {team: dns}\n',
    );
    expect(findings(dir)).not.toContain('error deny-all-without-dns');
    expect(findings(dir)).not.toContain('warning namespace-label-unknown');
  });

  it('clusters lint each environment alone: a dev object no longer hides a prod bug', () => {
    const files = { 'k8s/dev/app.yaml': api('shop', 'api'), 'k8s/prod/app.yaml': api('shop', 'api-v2') };
    const merged = workspace(files);
    // As one cluster, prod's definitions replace dev's, and netlint says so where they are written.
    expect(findings(merged)).toEqual(['error duplicate-resource', 'error duplicate-resource', 'error selector-no-match']);
    const note = netlint(merged, ['.']).stderr;
    expect(note).toContain('note: 2 objects are defined in more than one folder (Deployment shop/api in k8s/dev and k8s/prod');
    expect(note).toContain('  clusters:\n    dev: [k8s/dev/**]\n    prod: [k8s/prod/**]\n');
    const separate = workspace({ ...files, '.netlintrc.yaml': 'clusters:\n  dev: [k8s/dev/**]\n  prod: [k8s/prod/**]\n' });
    const { code, stdout, stderr } = netlint(separate, ['.']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/k8s\/prod\/app\.yaml\n\s+14:3\s+error\s+selector app=api matches no pods/);
    expect(stdout).not.toContain('k8s/dev/app.yaml');
    expect(stdout).not.toContain('duplicate-resource');
    expect(stderr).not.toContain('more than one folder');
  });

  it('a Kustomize patch in an overlay folder is not an object defined in more than one folder', () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  replicas: 3\n';
    const dir = workspace({
      'base/app.yaml': api('shop', 'api'),
      'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n- path: replicas.yaml\n',
      'overlays/prod/replicas.yaml': patch,
    });
    const { stdout, stderr } = netlint(dir, ['.']);
    expect(stdout).not.toContain('duplicate-resource');
    expect(stderr).not.toContain('more than one folder');
  });

  it('a file in two clusters is linted in each, and reported once', () => {
    const dir = workspace({
      '.netlintrc.yaml': 'clusters:\n  dev: [dev/**, shared/**]\n  prod: [prod/**, shared/**]\n',
      'dev/app.yaml': api('shop', 'api'),
      'prod/app.yaml': api('shop', 'api'),
      'shared/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: typo, namespace: shop}\nspec: {selector: {app: apx}, ports: [{port: 80}]}\n',
    });
    expect(findings(dir)).toEqual(['error selector-no-match']);
  });

  it('--print-config prints every rule and setting with its effective value', () => {
    const dir = workspace({ '.netlintrc.yaml': 'rules:\n  dns-tcp-missing: error\ncluster:\n  domain: corp.local\n' });
    const { code, stdout } = netlint(dir, ['--print-config']);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as { rules: Record<string, string>; cluster: { domain: string; podCIDRs: string[] } };
    expect(printed.rules['dns-tcp-missing']).toBe('error');
    expect(printed.rules['selector-no-match']).toBe('error');
    expect(printed.rules['policy-selects-nothing']).toBe('warn');
    expect(printed.cluster.domain).toBe('corp.local');
    expect(printed.cluster.podCIDRs).toContain('10.0.0.0/8');
  });

  it.each([
    ['rules:\n  selectr-no-match: warn\n', '.netlintrc.yaml:2:3: unknown rule "selectr-no-match"; did you mean selector-no-match?'],
    ['rules:\n  selector-no-match: warning\n', '.netlintrc.yaml:2:22: "rules.selector-no-match" must be off, warn or error (or [severity, {options}])'],
    ['rules:\n  yaml-syntax: off\n', '.netlintrc.yaml:2:16: "rules.yaml-syntax" must be error: a file that cannot be read is always an error'],
    ['ignores: [x]\n', '.netlintrc.yaml:1:1: unknown key "ignores"; did you mean "ignore"?'],
    ['cluster:\n  dns:\n    namespce: x\n', '.netlintrc.yaml:3:5: unknown key "cluster.dns.namespce"; did you mean "namespace"?'],
    ['cluster:\n  podCIDRs: [10.0.0.0]\n', '.netlintrc.yaml:2:14: "cluster.podCIDRs.0" must be a CIDR such as 10.0.0.0/8'],
    ['ignore: vendor\n', '.netlintrc.yaml:1:9: "ignore" must be a list'],
    ['cluster:\n  podCIDRs: [10.0.0.0/99]\n', '.netlintrc.yaml:2:14: "cluster.podCIDRs.0" is not a CIDR (10.0.0.0/99): write an address and a prefix length, such as 10.0.0.0/8'],
    ['cluster:\n  serviceCIDRs: [10.96.0.0/12, 999.1.1.1/8]\n', '.netlintrc.yaml:2:32: "cluster.serviceCIDRs.1" is not a CIDR (999.1.1.1/8)'],
    ['rules: [a\n', '.netlintrc.yaml:1:'],
  ])('a bad config is one line with its file:line and exit 2: %j', (text, message) => {
    const dir = workspace({ '.netlintrc.yaml': text, 'app.yaml': api('shop', 'api') });
    const { code, stdout, stderr } = netlint(dir, ['.']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.startsWith(`netlint: ${message}`)).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('bad --rule and --only values are usage errors that say what to write', () => {
    const dir = workspace({ 'app.yaml': api('shop', 'api') });
    expect(netlint(dir, ['.', '--rule', 'selector-no-match'])).toMatchObject({
      code: 2,
      stderr: 'netlint: --rule takes <rule-id>=<off|warn|error>, not "selector-no-match"; to run only this rule, use --only selector-no-match\n',
    });
    expect(netlint(dir, ['.', '--rule', 'selector-no-match=loud']).stderr).toBe('netlint: --rule selector-no-match: the level must be off, warn or error, not "loud"\n');
    expect(netlint(dir, ['.', '--only', 'port-mismatch,selectr-no-match']).stderr).toBe('netlint: --only: unknown rule "selectr-no-match"; did you mean selector-no-match?\n');
  });

  it('--only runs the named rules, and syntax errors are reported whatever is selected', () => {
    const dir = workspace({ 'app.yaml': api('shop', 'api', 'htp'), 'broken.yaml': 'a: [b\n', 'other.yaml': api('web', 'apx') });
    expect(findings(dir, ['.', '--only', 'port-mismatch'])).toEqual(['error port-mismatch', 'error yaml-syntax']);
  });

  it('reach reads the cluster facts from the config too', () => {
    const dir = workspace({ '.netlintrc.yaml': 'namespace: shop\n', 'app.yaml': api('shop', 'api').replace(/, namespace: shop/g, '') });
    const { code, stdout } = netlint(dir, ['reach', '.', '--to', 'api:8080', '-f', 'connlist']);
    expect(code).toBe(0);
    expect(stdout).toContain('=> shop/api[Deployment]');
  });

  it('setting a rule to its default level changes nothing: its own warnings stay warnings', () => {
    const partial = `${api('shop', 'api')}---
apiVersion: example.com/v1
kind: Elasticsearch
metadata: {name: logs, namespace: shop}
spec: {nodeSets: [{name: default, count: 3}]}
---
apiVersion: v1
kind: Service
metadata: {name: search, namespace: shop}
spec: {selector: {app: search}, ports: [{port: 9200}]}
`;
    const dir = workspace({ 'app.yaml': partial });
    expect(findings(dir)).toEqual(['warning selector-no-match']);
    writeFileSync(join(dir, '.netlintrc.yaml'), 'rules:\n  selector-no-match: error\n');
    expect(findings(dir)).toEqual(['warning selector-no-match']);
    writeFileSync(join(dir, '.netlintrc.yaml'), 'rules:\n  selector-no-match: warn\n');
    expect(findings(dir)).toEqual(['warning selector-no-match']);
  });

  it('a syntax error is always an error: no level, no suppression silences it', () => {
    const broken = '# netlint-disable-file\napiVersion: v1\nkind: Service\nmetadata: {name: x\n';
    const dir = workspace({ 'broken.yaml': broken });
    expect(netlint(dir, ['.'])).toMatchObject({ code: 1 });
    expect(findings(dir)).toEqual(['error yaml-syntax']);
    expect(netlint(dir, ['.', '--rule', 'yaml-syntax=warn'])).toMatchObject({ code: 2, stderr: 'netlint: --rule yaml-syntax must be error: a file that cannot be read is always an error\n' });
  });

  it('--only takes every rule id netlint rules lists, and runs a rule the config turned off', () => {
    const dir = workspace({ '.netlintrc.yaml': 'rules:\n  selector-no-match: off\n', 'app.yaml': api('shop', 'apx'), 'broken.yaml': 'a: [b\n' });
    expect(findings(dir, ['.', '--only', 'yaml-syntax'])).toEqual(['error yaml-syntax']);
    expect(findings(dir, ['.', '--only', 'selector-no-match'])).toEqual(['error selector-no-match', 'error yaml-syntax']);
  });

  it('suppression-unused set in the config runs it; "all" is unused only when every rule ran', () => {
    const input = `# netlint-disable-file\n${api('shop', 'api')}`;
    const dir = workspace({ 'app.yaml': input });
    expect(findings(dir)).toEqual([]);
    writeFileSync(join(dir, '.netlintrc.yaml'), 'rules:\n  suppression-unused: warn\n');
    expect(findings(dir)).toEqual(['warning suppression-unused']);
    expect(findings(dir, ['.', '--only', 'port-mismatch'])).toEqual([]);
    expect(findings(dir, ['.', '--rule', 'port-mismatch=off'])).toEqual([]);
  });

  it('the clusters suggestion is relative to the config file; clusters that match no input are said', () => {
    const files = { '.netlintrc.yaml': 'rules: {}\n', 'k8s/dev/app.yaml': api('shop', 'api'), 'k8s/prod/app.yaml': api('shop', 'api-v2') };
    const dir = workspace(files);
    const { stderr } = netlint(join(dir, 'k8s'), ['.']);
    expect(stderr).toContain('Deployment shop/api in dev and prod');
    expect(stderr).toContain('this in ../.netlintrc.yaml:\n  clusters:\n    dev: [k8s/dev/**]\n    prod: [k8s/prod/**]\n');
    writeFileSync(join(dir, '.netlintrc.yaml'), 'clusters:\n  dev: [dev/**]\n  prod: [k8s/prod/**]\n');
    expect(netlint(join(dir, 'k8s'), ['.']).stderr).toContain(`note: cluster dev of ${join(dir, '.netlintrc.yaml')} matches none of the input files`);
  });

  it('each cluster keeps its inferred namespace in JSON', () => {
    const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n---\n`;
    const dir = workspace({
      '.netlintrc.yaml': 'clusters:\n  dev: [dev/**]\n  prod: [prod/**]\n',
      'dev/app.yaml': ns('shop-dev') + api('x', 'api').replace(/, namespace: x/g, ''),
      'prod/app.yaml': ns('shop-prod') + api('x', 'api').replace(/, namespace: x/g, ''),
    });
    const files = JSON.parse(netlint(dir, ['.', '-f', 'json']).stdout) as { filePath: string; inferredNamespace?: { name: string } }[];
    expect(files.map((f) => f.inferredNamespace?.name)).toEqual(['shop-dev', 'shop-prod']);
  });

  it('a file named on the command line but ignored by the config is said, not silently passed', () => {
    const dir = workspace({ '.netlintrc.yaml': 'ignore: [vendor/**]\n', 'vendor/app.yaml': api('shop', 'apx') });
    expect(netlint(dir, ['vendor/app.yaml']).stderr).toContain('note: vendor/app.yaml is ignored by');
  });
});
