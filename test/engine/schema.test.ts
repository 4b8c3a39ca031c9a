/**
 * The Kubernetes schemas and their compiled validators stay in step with kubernetes-types and the
 * overlay, the runtime understands every keyword they use, and broken shapes crash no rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/docs.js';
import { buildKubernetesSchema, renderSchemaFiles, schemaPaths } from '../../scripts/kube-schemas/build.js';
import { ianaServiceName } from '../../scripts/kube-schemas/overlay.js';
import { lintSources } from '../../src/engine/lint.js';
import { loadInputs } from '../../src/engine/load.js';
import { nearestField, reportedKeywords } from '../../src/engine/model/schema.js';
import { checkedKinds, checkedKindOf } from '../../src/engine/model/schema-kinds.js';
import { rules } from '../../src/rules/index.js';

/** Keywords that describe structure and cannot fail by themselves. */
const structuralKeywords = new Set(['$schema', '$id', '$comment', '$ref', 'title', 'definitions', 'properties', 'items']);

function keywordsOf(schema: unknown, found = new Set<string>()): Set<string> {
  if (typeof schema !== 'object' || schema === null) return found;
  for (const [key, value] of Object.entries(schema)) {
    found.add(key);
    if (key === 'properties' || key === 'definitions') for (const child of Object.values(value as object)) keywordsOf(child, found);
    else if (key === 'items' || key === 'additionalProperties') keywordsOf(value, found);
  }
  return found;
}

describe('generated Kubernetes schemas', () => {
  const files = renderSchemaFiles();

  it('schemas/kubernetes.schema.json is what npm run gen writes now', () => {
    expect(readFileSync(join(projectRoot, schemaPaths.schema), 'utf8')).toBe(files.schema);
  });

  it('the compiled validators are what npm run gen writes now', () => {
    expect(readFileSync(join(projectRoot, schemaPaths.validators), 'utf8')).toBe(files.validators);
  });

  it('the definitions schema-shape.ts reads are what npm run gen writes now', () => {
    expect(readFileSync(join(projectRoot, schemaPaths.definitions), 'utf8')).toBe(files.definitions);
  });

  it('defines every checked kind', () => {
    const definitions = Object.keys(buildKubernetesSchema().definitions as object);
    for (const { definition } of checkedKinds) expect(definitions).toContain(definition);
  });

  it('uses only keywords whose errors become findings', () => {
    const used = [...keywordsOf(buildKubernetesSchema())].filter((k) => !structuralKeywords.has(k));
    expect(used.filter((k) => !reportedKeywords.has(k))).toEqual([]);
    expect(used).toContain('additionalProperties');
  });

  it('accepts IANA service names and rejects the rest', () => {
    const iana = new RegExp(ianaServiceName);
    for (const name of ['http', 'metrics', 'h2c', 'grpc-web', 'a1', 'https-alt-8443a']) expect(iana.test(name), name).toBe(true);
    for (const name of ['', '8080', 'HTTP', '-http', 'http-', 'grpc--web', 'https-alt-8443ab', 'http_web']) expect(iana.test(name), name).toBe(false);
  });
});

describe('checked kinds', () => {
  it('match by apiVersion: exact for core groups, any version for Gateway API routes', () => {
    expect(checkedKindOf('Ingress', 'networking.k8s.io/v1')?.definition).toBe('networking.v1.Ingress');
    expect(checkedKindOf('Ingress', 'extensions/v1beta1')).toBeUndefined();
    expect(checkedKindOf('TCPRoute', 'gateway.networking.k8s.io/v1alpha2')?.definition).toBe('gateway.TCPRoute');
    expect(checkedKindOf('Rollout', 'argoproj.io/v1alpha1')).toBeUndefined();
  });
});

describe('nearestField', () => {
  it('prefers the same letters in another case, then the closest spelling', () => {
    const known = ['name', 'port', 'targetPort', 'nodePort', 'protocol', 'appProtocol'];
    expect(nearestField('targetport', known)).toBe('targetPort');
    expect(nearestField('prot', known)).toBe('port');
    expect(nearestField('protocl', known)).toBe('protocol');
    expect(nearestField('sidecar', known)).toBeUndefined();
  });
});

describe('broken shapes', () => {
  it('are findings, and no rule crashes on them', () => {
    const dir = join(projectRoot, 'test/fixtures/schema-violation/invalid');
    const { files, problems } = loadInputs([dir], { cwd: projectRoot });
    expect(problems).toEqual([]);
    const result = lintSources(files, { rules });
    expect(result.internalErrors).toEqual([]);
    const shapes = result.files.find((f) => f.filePath.endsWith('broken-shapes.yaml'));
    expect(shapes?.messages.filter((m) => m.ruleId === 'schema-violation').length).toBeGreaterThanOrEqual(10);
  });
});
