/** The rule registry, sorted by id (a meta-test keeps it sorted and complete). */
import type { Rule } from '../engine/rule.js';
import adminPriorityConflict from './admin-priority-conflict.js';
import adminRuleShadowed from './admin-rule-shadowed.js';
import crossNamespaceShortName from './cross-namespace-short-name.js';
import denyAllWithoutDns from './deny-all-without-dns.js';
import dnsTcpMissing from './dns-tcp-missing.js';
import duplicateResource from './duplicate-resource.js';
import hardcodedIp from './hardcoded-ip.js';
import headlessServiceMissing from './headless-service-missing.js';
import ingressBackendMissing from './ingress-backend-missing.js';
import ingressClassAnnotation from './ingress-class-annotation.js';
import ingressUnreachable from './ingress-unreachable.js';
import ipBlockServiceAddress from './ip-block-service-address.js';
import kindNotServed from './kind-not-served.js';
import legacyIsolationAnnotation from './legacy-isolation-annotation.js';
import multipleWorkloadsSelected from './multiple-workloads-selected.js';
import namespaceLabelUnknown from './namespace-label-unknown.js';
import oneSidedAllow from './one-sided-allow.js';
import peerSelectsNothing from './peer-selects-nothing.js';
import policyOnHostNetwork from './policy-on-host-network.js';
import policyPortIsServicePort from './policy-port-is-service-port.js';
import policyPortUndeclared from './policy-port-undeclared.js';
import policySelectsNothing from './policy-selects-nothing.js';
import policyTypesMissing from './policy-types-missing.js';
import portMismatch from './port-mismatch.js';
import probePortUnknown from './probe-port-unknown.js';
import readinessProbeMissing from './readiness-probe-missing.js';
import referencePortMismatch from './reference-port-mismatch.js';
import routeBackendMissing from './route-backend-missing.js';
import schemaViolation from './schema-violation.js';
import selectorNoMatch from './selector-no-match.js';
import serviceUnreachable from './service-unreachable.js';
import unknownServiceReference from './unknown-service-reference.js';
import webhookServiceMissing from './webhook-service-missing.js';
import workloadSelectorMismatch from './workload-selector-mismatch.js';

export const rules: readonly Rule[] = [
  adminPriorityConflict,
  adminRuleShadowed,
  crossNamespaceShortName,
  denyAllWithoutDns,
  dnsTcpMissing,
  duplicateResource,
  hardcodedIp,
  headlessServiceMissing,
  ingressBackendMissing,
  ingressClassAnnotation,
  ingressUnreachable,
  ipBlockServiceAddress,
  kindNotServed,
  legacyIsolationAnnotation,
  multipleWorkloadsSelected,
  namespaceLabelUnknown,
  oneSidedAllow,
  peerSelectsNothing,
  policyOnHostNetwork,
  policyPortIsServicePort,
  policyPortUndeclared,
  policySelectsNothing,
  policyTypesMissing,
  portMismatch,
  probePortUnknown,
  readinessProbeMissing,
  referencePortMismatch,
  routeBackendMissing,
  schemaViolation,
  selectorNoMatch,
  serviceUnreachable,
  unknownServiceReference,
  webhookServiceMissing,
  workloadSelectorMismatch,
];
