/**
 * A semantic rule: a small named check over the compiled documents. Every rule has a stable
 * `area/rule` code, is listed by `aexy validate --list-rules`, and has its own fixture and test.
 */
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.js';
import type { Registry } from '../../registry/types.js';
import type { CompileUnit } from '../unit.js';

/** What every rule gets: all compiled documents of the project (rules may look across them) and the registry. */
export interface RuleContext {
  registry: Registry;
  units: readonly CompileUnit[];
  /**
   * Names of every document by kind, including documents not compiled because of schema errors, so
   * a broken Agent does not also make every reference to it an "unknown agent".
   */
  declared?: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface Rule {
  /** Stable `area/rule` code. */
  code: string;
  severity: Severity;
  /** One line for --list-rules. */
  summary: string;
  /** Why the rule exists and how to fix what it reports. */
  description: string;
  check(ctx: RuleContext): Diagnostic[];
}
