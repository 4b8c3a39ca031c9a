/** Writes docs/rules/*.md and schemas/netlintrc.schema.json from the rule registry. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRuleMeta } from '../src/registry.js';
import { projectRoot, renderConfigSchema, renderRuleDoc, renderRuleIndex } from './docs.js';

const directory = join(projectRoot, 'docs/rules');
mkdirSync(directory, { recursive: true });
for (const rule of allRuleMeta) writeFileSync(join(directory, `${rule.id}.md`), renderRuleDoc(rule));
writeFileSync(join(directory, 'README.md'), renderRuleIndex(allRuleMeta));
writeFileSync(join(projectRoot, 'schemas/netlintrc.schema.json'), renderConfigSchema(allRuleMeta));
console.log(`wrote ${allRuleMeta.length + 1} files to docs/rules and schemas/netlintrc.schema.json`);
