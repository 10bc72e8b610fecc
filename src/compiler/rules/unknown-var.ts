/** ref/unknown-var: an expression reads `vars.X`, but no `set` step and no loop (`as: X`) writes X. */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { checkSite } from './cel-context.js';
import { automations, reportExpr, stepsWithPaths, suggestion } from './helpers.js';
import type { Rule } from './types.js';

export const unknownVar: Rule = {
  code: 'ref/unknown-var',
  severity: 'error',
  summary: '`vars.<name>` is never set',
  description:
    'Run variables are written by `set` steps (`set: {name: <expr>}`) and by loops (the current item is `vars.<as>`). Reading a name nothing writes fails at run time with "no such key".',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of automations(ctx)) {
      const written = new Set<string>();
      for (const { step } of stepsWithPaths(unit)) {
        if (step.kind === 'set') for (const v of step.vars) written.add(v.name);
        if (step.kind === 'loop') written.add(step.as);
      }
      for (const site of unit.exprs) {
        for (const ref of checkSite(unit, site, ctx).refs) {
          const name = ref.path[0];
          if (ref.root !== 'vars' || name === undefined || written.has(name)) continue;
          out.push(
            reportExpr(this, unit, site, ref.offsets[0], name.length, {
              summary: `\`vars.${name}\` is never set`,
              detail: `No \`set\` step and no loop of automation \`${unit.resource.metadata.name}\` writes \`${name}\`.`,
              fix: suggestion(name, written) ?? `add a step \`set: {${name}: <expression>}\` before it`,
            }),
          );
        }
      }
    }
    return out;
  },
};
