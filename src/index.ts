/** netlint's programmatic API: `lint` and `reach` (see README, "Programmatic API"), and the engine beneath them. */
export {
  lint,
  reach,
  NetlintError,
  type NetlintInput,
  type InMemoryFile,
  type InputOptions,
  type LintApiOptions,
  type LintReport,
  type ReachApiOptions,
  type ReachReport,
  type FlowJson,
  type FlowExplanation,
} from './api.js';
export { lintSources, type LintResult, type FileResult, type LintOptions } from './engine/lint.js';
export { loadInputs, type LoadResult, type LoadProblem } from './engine/load.js';
export { createSourceFile, type SourceFile, type Range } from './engine/source.js';
export { defaultSettings, type Settings } from './engine/settings.js';
export { ClusterModel } from './engine/model/cluster.js';
export type { LintMessage, Severity, SuppressedMessage } from './engine/finding.js';
export type { Origin } from './engine/origin.js';
export { rules } from './rules/index.js';

// Writing rules of your own (a plugin, listed under `plugins` in .netlintrc.yaml); `netlint/testing` tests them.
export { defineRule, type Rule, type RuleContext, type ReportDescriptor, type RuleMeta, type RuleDocs, type Category, type PluginOrigin } from './engine/rule.js';
export { definePlugin, type Plugin } from './engine/plugins.js';
export type { Finding, NodeRef, NodePath, ObjectIdentity, RelatedLocation } from './engine/finding.js';
export type {
  KubeObject,
  Workload,
  Container,
  Probe,
  Service,
  ServicePort,
  NetworkPolicy,
  PolicyRule,
  PolicyPeer,
  PolicyPort,
  IpBlock,
  Namespace,
  ConfigMap,
  ConfigString,
  Ingress,
  Route,
  ServiceBackend,
  Autoscaler,
} from './engine/model/types.js';
export type { ContainerPort, PortReference, Protocol } from './engine/model/ports.js';
export type { Labels, LabelSelector } from './engine/model/selectors.js';
export { allRuleMeta } from './registry.js';
export { reporters } from './reporters/index.js';
