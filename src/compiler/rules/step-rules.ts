/**
 * Helper for rules that look at one step kind at a time: calls `visit` for every step of every
 * automation, collecting the diagnostics it returns.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Step } from '../../ir/types.js';
import type { DocPath } from '../../loader/types.js';
import { type AutomationUnit, automations, stepsWithPaths } from './helpers.js';
import type { RuleContext } from './types.js';

export function eachStep<K extends Step['kind']>(
  ctx: RuleContext,
  kind: K,
  visit: (
    unit: AutomationUnit,
    step: Extract<Step, { kind: K }>,
    path: DocPath,
  ) => Diagnostic | Diagnostic[] | undefined,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const unit of automations(ctx)) {
    for (const { step, path } of stepsWithPaths(unit)) {
      if (step.kind !== kind) continue;
      const found = visit(unit, step as Extract<Step, { kind: K }>, path);
      if (found) out.push(...(Array.isArray(found) ? found : [found]));
    }
  }
  return out;
}
