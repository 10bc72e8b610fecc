/** ref/trigger-not-in-module: the trigger exists but not for the automation's module. */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ModuleId } from '../../registry/types.js';
import { automations, report } from './helpers.js';
import type { Rule } from './types.js';

export const triggerNotInModule: Rule = {
  code: 'ref/trigger-not-in-module',
  severity: 'error',
  summary: "The trigger is not available in the automation's module",
  description:
    "Each trigger belongs to some modules (`ticket.created` to tickets, `record.created` to crm). Change `spec.module` or pick one of the module's triggers (`aexy registry triggers --module M`).",
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of automations(ctx)) {
      const { trigger, module } = unit.resource;
      const def = ctx.registry.triggers.get(trigger.type);
      if (
        !def ||
        !ctx.registry.modules.includes(module as ModuleId) ||
        def.modules.includes(module as ModuleId)
      )
        continue;
      out.push(
        report(this, unit, ['spec', 'trigger', 'type'], {
          summary: `trigger \`${trigger.type}\` is not available in module \`${module}\``,
          detail: `\`${trigger.type}\` fires for module${def.modules.length > 1 ? 's' : ''} ${def.modules.join(', ')}; this automation is in \`${module}\`.`,
          fix: `set \`module: ${def.modules[0]}\`, or choose a trigger listed by \`aexy registry triggers --module ${module}\``,
        }),
      );
    }
    return out;
  },
};
