/** Everything that can appear as a ruleId: the rules plus the engine's own diagnostics. */
import { engineDiagnostics } from './engine/diagnostics.js';
import type { RuleMeta } from './engine/rule.js';
import { compareText } from './engine/util.js';
import { rules } from './rules/index.js';

export const allRuleMeta: readonly RuleMeta[] = [...rules, ...engineDiagnostics].sort((a, b) => compareText(a.id, b.id));
