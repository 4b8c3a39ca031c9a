/** The rule registry, sorted by id (a meta-test keeps it sorted and complete). */
import type { Rule } from '../engine/rule.js';
import crossNamespaceShortName from './cross-namespace-short-name.js';
import denyAllWithoutDns from './deny-all-without-dns.js';
import portMismatch from './port-mismatch.js';
import selectorNoMatch from './selector-no-match.js';

export const rules: readonly Rule[] = [crossNamespaceShortName, denyAllWithoutDns, portMismatch, selectorNoMatch];
