/**
 * ref/action-not-in-module: an action step names a registry action of another module. (Unknown ids
 * are the schema's finding, `schema/unknown-action`.)
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ModuleId } from '../../registry/types.js';
import { automations, report, stepsWithPaths } from './helpers.js';
import type { Rule } from './types.js';

export const actionNotInModule: Rule = {
  code: 'ref/action-not-in-module',
  severity: 'error',
  summary: "The action belongs to another module than the automation's",
  description:
    "Automations may use the common actions and their own module's actions. Move the automation to the action's module or use an action of this module.",
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of automations(ctx)) {
      const module = unit.resource.module as ModuleId;
      if (!ctx.registry.modules.includes(module)) continue;
      for (const { step, path } of stepsWithPaths(unit)) {
        const def = step.kind === 'action' ? ctx.registry.actions.get(step.action) : undefined;
        if (!def || def.module === 'common' || def.module === module) continue;
        out.push(
          report(this, unit, [...path, 'action'], {
            summary: `action \`${def.id}\` belongs to module \`${def.module}\`, not \`${module}\``,
            detail: `\`${def.id}\` can only run in \`${def.module}\` automations; this automation is in \`${module}\`.`,
            fix: `use a common or \`${module}\` action (\`aexy registry actions --module ${module}\`)`,
          }),
        );
      }
    }
    return out;
  },
};
