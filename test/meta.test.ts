/** Keeps rule sources, registry, fixtures and generated docs naming the same rules. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/rules/index.js';
import { allRuleMeta } from '../src/registry.js';
import { engineDiagnostics } from '../src/engine/diagnostics.js';
import { projectRoot, renderConfigSchema, renderRuleDoc, renderRuleIndex, withReadmeRules } from '../scripts/docs.js';

const ruleIds = rules.map((r) => r.id);
const allIds = allRuleMeta.map((r) => r.id);
const list = (dir: string, suffix = '') =>
  readdirSync(join(projectRoot, dir))
    .filter((f) => f.endsWith(suffix) && f !== 'index.ts' && f !== 'README.md')
    .map((f) => f.slice(0, f.length - suffix.length))
    .sort();

/** The relative imports (`from '…'`, type-only and re-exports included) of each .ts file in a folder. */
function importsOf(dir: string): { file: string; path: string }[] {
  return readdirSync(join(projectRoot, dir))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((file) => {
      const source = readFileSync(join(projectRoot, dir, file), 'utf8');
      return [...source.matchAll(/from '([^']+)'/g)].map((m) => ({ file, path: m[1] as string }));
    });
}

describe('the rule contract', () => {
  it('rules never read .raw: what they need is a typed field of the model with its node', () => {
    const readers = readdirSync(join(projectRoot, 'src/rules')).filter((file) => /\.raw\b/.test(readFileSync(join(projectRoot, 'src/rules', file), 'utf8')));
    expect(readers).toEqual([]);
  });

  it('rules reach the engine only through the model, the contract and shared utilities, never reach/ internals', () => {
    const imports = importsOf('src/rules').filter((i) => i.file !== 'index.ts');
    expect(imports.length).toBeGreaterThan(0);
    const allowed = /^(\.\.\/engine\/(rule|finding|settings|util)\.js|\.\.\/engine\/(model|net)\/[\w-]+\.js)$/;
    expect(imports.filter((i) => !allowed.test(i.path))).toEqual([]);
  });
});

describe('engine layering', () => {
  it('the model never imports the reachability engine (shared code lives in src/engine/net)', () => {
    const imports = importsOf('src/engine/model');
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => i.path.startsWith('../reach/'))).toEqual([]);
  });

  it('src/engine/net imports neither the model nor the reachability engine', () => {
    const imports = importsOf('src/engine/net');
    expect(imports.filter((i) => i.path.startsWith('../'))).toEqual([]);
  });
});

describe('rule inventory', () => {
  it('the registry is sorted by id with no duplicates', () => {
    expect(ruleIds).toEqual([...new Set(ruleIds)].sort());
  });

  it('every rule file is registered and every registered rule has a file named by its id', () => {
    expect(list('src/rules', '.ts')).toEqual([...ruleIds].sort());
  });

  it('fixtures exist for every rule and engine diagnostic, and for nothing else', () => {
    // `_`-folders are inputs shared by several tests (the clean app), and bad-input is the corpus
    // of hostile input run through the CLI (test/bad-input.test.ts): not one rule's fixtures.
    expect(list('test/fixtures').filter((dir) => !dir.startsWith('_') && dir !== 'bad-input')).toEqual([...allIds].sort());
  });

  it('docs exist for every rule and engine diagnostic, and for nothing else', () => {
    expect(list('docs/rules', '.md')).toEqual([...allIds].sort());
  });

  it('rules are pure: they import only the engine, never Node APIs or other rules', () => {
    for (const id of ruleIds) {
      const source = readFileSync(join(projectRoot, 'src/rules', `${id}.ts`), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((path) => !path?.startsWith('../engine/')), id).toEqual([]);
    }
  });

  it('reading input does not depend on the rule contract: parse, load and diagnostics never import rule.ts', () => {
    for (const file of ['parse.ts', 'load.ts', 'diagnostics.ts', 'message.ts']) {
      const source = readFileSync(join(projectRoot, 'src/engine', file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((path) => path === './rule.js'), file).toEqual([]);
    }
  });

  it('rule and diagnostic ids do not collide', () => {
    const diagnosticIds = engineDiagnostics.map((d) => d.id);
    expect(ruleIds.filter((id) => diagnosticIds.includes(id))).toEqual([]);
  });
});

describe.each(allRuleMeta)('$id metadata', (rule) => {
  it('has a kebab-case id, a one-sentence summary without a trailing period, and a reason', () => {
    expect(rule.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(rule.docs.summary).not.toMatch(/\.$/);
    expect(rule.docs.summary.length).toBeLessThan(120);
    expect(rule.docs.why.length).toBeGreaterThan(40);
  });

  it('has camelCase message ids and lowercase-first message templates without a trailing period', () => {
    for (const [id, template] of Object.entries(rule.messages as Record<string, string>)) {
      expect(id).toMatch(/^[a-z][a-zA-Z]*$/);
      expect(template).not.toMatch(/\.$/);
    }
  });

  it('generated doc is current (run `npm run gen`)', () => {
    expect(readFileSync(join(projectRoot, 'docs/rules', `${rule.id}.md`), 'utf8')).toBe(renderRuleDoc(rule));
  });
});

describe('docs index', () => {
  it('is current (run `npm run gen`)', () => {
    expect(readFileSync(join(projectRoot, 'docs/rules/README.md'), 'utf8')).toBe(renderRuleIndex(allRuleMeta));
  });
});

describe('README rule table', () => {
  it('is current (run `npm run gen`)', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    expect(readme).toBe(withReadmeRules(readme, allRuleMeta));
  });
});

describe('config schema', () => {
  it('is current (run `npm run gen`)', () => {
    expect(readFileSync(join(projectRoot, 'schemas/netlintrc.schema.json'), 'utf8')).toBe(renderConfigSchema(allRuleMeta));
  });

  it('names every rule, and only those', () => {
    const schema = JSON.parse(renderConfigSchema(allRuleMeta)) as { properties: { rules: { properties: Record<string, unknown> } } };
    expect(Object.keys(schema.properties.rules.properties).sort()).toEqual(allRuleMeta.map((r) => r.id).sort());
  });
});
