/** agent/output-without-wait: a later step reads the output of an agent step that does not wait for it. */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { checkSite } from './cel-context.js';
import { automations, reportExpr, stepsWithPaths } from './helpers.js';
import type { Rule } from './types.js';

export const agentOutputWithoutWait: Rule = {
  code: 'agent/output-without-wait',
  severity: 'error',
  summary: 'An expression reads the output of an agent step that does not wait for it',
  description:
    "With `waitForCompletion: false` the run continues immediately and the agent's result is only recorded when it arrives, so `steps.<id>.output` has no value for later steps. Set `waitForCompletion: true` to use the output.",
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of automations(ctx)) {
      const detached = new Set(
        stepsWithPaths(unit)
          .map(({ step }) => step)
          .filter((s) => s.kind === 'agent' && !s.waitForCompletion)
          .map((s) => s.id),
      );
      if (detached.size === 0) continue;
      for (const site of unit.exprs) {
        for (const ref of checkSite(unit, site, ctx).refs) {
          if (ref.root !== 'steps' || !detached.has(ref.path[0]) || ref.path[1] !== 'output') continue;
          out.push(
            reportExpr(this, unit, site, ref.start, ref.end - ref.start, {
              summary: `agent step \`${ref.path[0]}\` does not wait for its output`,
              detail: `\`${ref.path[0]}\` has \`waitForCompletion: false\`, so its output is not available to later steps.`,
              fix: `set \`waitForCompletion: true\` on step \`${ref.path[0]}\``,
            }),
          );
        }
      }
    }
    return out;
  },
};
