/** Everything that can appear as a ruleId: the rules plus the engine's own diagnostics. */
import type { NetlintConfig } from './engine/config.js';
import { engineDiagnostics } from './engine/diagnostics.js';
import type { RuleMeta } from './engine/rule.js';
import { compareText } from './engine/util.js';
import { rules } from './rules/index.js';

export const allRuleMeta: readonly RuleMeta[] = [...rules, ...engineDiagnostics].sort((a, b) => compareText(a.id, b.id));

/** The same, plus the rules of the config's plugins (`acme/…`). */
export function configuredRuleMeta(config: Pick<NetlintConfig, 'pluginRules'>): readonly RuleMeta[] {
  if (config.pluginRules.length === 0) return allRuleMeta;
  return [...allRuleMeta, ...config.pluginRules].sort((a, b) => compareText(a.id, b.id));
}
