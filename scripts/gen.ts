/**
 * Writes docs/rules/*.md, schemas/netlintrc.schema.json and the README's rule table from the rule
 * registry, and the Kubernetes schemas and their compiled validators from kubernetes-types.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRuleMeta } from '../src/registry.js';
import { projectRoot, renderConfigSchema, renderRuleDoc, renderRuleIndex, withReadmeRules } from './docs.js';
import { schemaPaths, renderSchemaFiles } from './kube-schemas/build.js';

const directory = join(projectRoot, 'docs/rules');
mkdirSync(directory, { recursive: true });
for (const rule of allRuleMeta) writeFileSync(join(directory, `${rule.id}.md`), renderRuleDoc(rule));
writeFileSync(join(directory, 'README.md'), renderRuleIndex(allRuleMeta));
writeFileSync(join(projectRoot, 'schemas/netlintrc.schema.json'), renderConfigSchema(allRuleMeta));
const readme = join(projectRoot, 'README.md');
writeFileSync(readme, withReadmeRules(readFileSync(readme, 'utf8'), allRuleMeta));
const kube = renderSchemaFiles();
writeFileSync(join(projectRoot, schemaPaths.schema), kube.schema);
writeFileSync(join(projectRoot, schemaPaths.validators), kube.validators);
writeFileSync(join(projectRoot, schemaPaths.definitions), kube.definitions);
console.log(
  `wrote ${allRuleMeta.length + 1} files to docs/rules and schemas/netlintrc.schema.json, the README's rule table, ${schemaPaths.schema}, ${schemaPaths.validators} and ${schemaPaths.definitions}`,
);
