/**
 * ref/unknown-step: a jump or `steps.X` names no step. ref/step-not-before: `steps.X` names a step
 * that cannot have run when the expression is evaluated (later, a sibling branch, or itself).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { blocksOf, jumpsOf, TERMINALS } from './blocks.js';
import { checkSite } from './cel-context.js';
import { automations, report, reportExpr, stepsWithPaths, suggestion } from './helpers.js';
import type { Rule } from './types.js';

export const unknownStep: Rule = {
  code: 'ref/unknown-step',
  severity: 'error',
  summary: 'A jump or `steps.<id>` names a step that does not exist',
  description:
    'Jumps (`next`, `then`, `else`, `onTimeout`...) take a step id of the same block, `end` or `fail`; expressions read `steps.<id>` of an existing step.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of automations(ctx)) {
      const ids = new Set(stepsWithPaths(unit).map(({ step }) => step.id));
      for (const block of blocksOf(unit)) {
        const local = block.steps.map((s) => s.id);
        block.steps.forEach((step, i) => {
          for (const jump of jumpsOf(step, block.paths[i])) {
            if (TERMINALS.has(jump.to) || ids.has(jump.to)) continue;
            out.push(
              report(this, unit, jump.path, {
                summary: `\`${jump.label}\` names unknown step \`${jump.to}\``,
                detail: `Step \`${step.id}\` jumps to \`${jump.to}\`; valid targets are later step ids of the same block, \`end\` and \`fail\`.`,
                fix: suggestion(jump.to, [...local, 'end', 'fail']),
              }),
            );
          }
        });
      }
      for (const site of unit.exprs) {
        for (const ref of checkSite(unit, site, ctx).refs) {
          if (ref.root !== 'steps' || ref.path.length === 0 || ids.has(ref.path[0])) continue;
          out.push(
            reportExpr(this, unit, site, ref.start, ref.end - ref.start, {
              summary: `\`steps.${ref.path[0]}\` names an unknown step`,
              detail: `Automation \`${unit.resource.metadata.name}\` has no step \`${ref.path[0]}\`.`,
              fix: suggestion(ref.path[0], ids),
            }),
          );
        }
      }
    }
    return out;
  },
};

export const stepNotBefore: Rule = {
  code: 'ref/step-not-before',
  severity: 'error',
  summary: '`steps.<id>` refers to a step that cannot have run yet',
  description:
    'An expression may read the steps that can have run before it: earlier steps of its block, steps nested in them, and the steps enclosing it (not their outputs). A later step, a step of a sibling branch or parallel branch, or the step itself has no result yet.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of automations(ctx)) {
      const ids = new Set(stepsWithPaths(unit).map(({ step }) => step.id));
      for (const site of unit.exprs) {
        for (const ref of checkSite(unit, site, ctx).refs) {
          const id = ref.path[0];
          if (ref.root !== 'steps' || !id || !ids.has(id) || site.before.has(id)) continue;
          const self = id === site.stepId;
          out.push(
            reportExpr(this, unit, site, ref.start, ref.end - ref.start, {
              summary: self
                ? `step \`${id}\` reads its own result`
                : `step \`${id}\` cannot have run before this`,
              detail: self
                ? `\`steps.${id}\` is only available after step \`${id}\` finished.`
                : `\`${id}\` runs later, in another branch, or concurrently, so \`steps.${id}\` has no value when this expression is evaluated.`,
              fix: self
                ? undefined
                : `move the step that reads \`steps.${id}\` below \`${id}\`, or read it after the branches rejoin`,
            }),
          );
        }
      }
    }
    return out;
  },
};
