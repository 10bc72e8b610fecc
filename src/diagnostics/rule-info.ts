/**
 * What `aexy validate --list-rules` and SARIF's rule table say about a diagnostic code. Every stage
 * that reports diagnostics (loader, schema, compiler rules) exports a list of these for its codes.
 */
import type { Severity } from './diagnostic.js';

export interface RuleInfo {
  /** The stable `area/rule` code diagnostics carry. */
  code: string;
  /** The severity the rule reports with. */
  severity: Severity;
  /** One line: what the rule finds. */
  summary: string;
  /** Why it matters and how to fix it. */
  description: string;
}
