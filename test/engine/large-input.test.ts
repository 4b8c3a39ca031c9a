/** Inputs large enough to break naive code (spreads into push/Math.max overflow the stack). */
import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/engine/lint.js';
import { createSourceFile } from '../../src/engine/source.js';
import { rules } from '../../src/rules/index.js';
import { reporters } from '../../src/reporters/index.js';
import { allRuleMeta } from '../../src/registry.js';

describe('a file with 160,000 findings', () => {
  it('lints and reports without crashing', () => {
    const pair = (i: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web-${i}, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-${i}, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: htpp}]}`;
    const text = Array.from({ length: 400 }, (_, i) => pair(i)).join('\n---\n');
    const result = lintSources([createSourceFile('big.yaml', '/big.yaml', text)], { rules, only: new Set(['port-mismatch']) });
    expect(result.internalErrors).toEqual([]);
    expect(result.files[0]?.errorCount).toBe(160_000);
    const report = reporters.stylish!(result, { rules: allRuleMeta, color: false, cwd: '/', version: '0', sourceRoot: '/', exitCode: 1 });
    expect(report).toContain('✖ 160000 problems (160000 errors, 0 warnings)');
  });
});
