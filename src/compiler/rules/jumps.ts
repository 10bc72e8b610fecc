/**
 * dag/jump-out-of-block, dag/backward-jump and dag/cycle: jumps go forward within their own block;
 * anything else either cannot be executed or loops outside `loop`.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { blockEdges, blocksOf, jumpsOf, reachable, TERMINALS } from './blocks.js';
import { type AutomationUnit, automations, report, stepsWithPaths } from './helpers.js';
import type { Rule, RuleContext } from './types.js';

type JumpVisitor = (
  unit: AutomationUnit,
  from: number,
  to: number,
  edges: number[][],
  jump: ReturnType<typeof jumpsOf>[number],
  stepId: string,
) => Diagnostic | undefined;

function eachInBlockJump(ctx: RuleContext, visit: JumpVisitor): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const unit of automations(ctx)) {
    for (const block of blocksOf(unit)) {
      const index = new Map(block.steps.map((s, i) => [s.id, i]));
      const edges = blockEdges(block);
      block.steps.forEach((step, i) => {
        for (const jump of jumpsOf(step, block.paths[i])) {
          const to = index.get(jump.to);
          if (to === undefined) continue;
          const d = visit(unit, i, to, edges, jump, step.id);
          if (d) out.push(d);
        }
      });
    }
  }
  return out;
}

export const cycle: Rule = {
  code: 'dag/cycle',
  severity: 'error',
  summary: 'A jump goes back to an earlier step and forms a cycle',
  description:
    'Steps run top to bottom; `next` and branch jumps may only go forward. A jump back to the same or an earlier step would repeat steps forever. Use `loop` (with maxIterations) to repeat work.',
  check(ctx) {
    return eachInBlockJump(ctx, (unit, from, to, edges, jump, stepId) => {
      if (to > from || !reachable(edges, to).has(from)) return undefined;
      return report(this, unit, jump.path, {
        summary:
          to === from ? `step \`${stepId}\` jumps to itself` : `\`${jump.label}: ${jump.to}\` forms a cycle`,
        detail: `Step \`${stepId}\` jumps back to \`${jump.to}\`, from which control reaches \`${stepId}\` again: the run would never end.`,
        fix: 'use a `loop` step with `maxIterations` to repeat steps, or jump to a later step',
      });
    });
  },
};

export const backwardJump: Rule = {
  code: 'dag/backward-jump',
  severity: 'error',
  summary: 'A jump goes back to an earlier step',
  description:
    'Jumps may only go forward within their block, so that every run is a path through a DAG that `aexy graph` can draw and plan can diff. Move the target below the jumping step or use a nested block.',
  check(ctx) {
    return eachInBlockJump(ctx, (unit, from, to, edges, jump, stepId) => {
      if (to > from || reachable(edges, to).has(from)) return undefined;
      return report(this, unit, jump.path, {
        summary: `\`${jump.label}: ${jump.to}\` jumps backwards`,
        detail: `\`${jump.to}\` comes before step \`${stepId}\` in the same block; jumps may only go forward.`,
        fix: `move \`${jump.to}\` below \`${stepId}\`, or write the branch as a nested list of steps`,
      });
    });
  },
};

export const jumpOutOfBlock: Rule = {
  code: 'dag/jump-out-of-block',
  severity: 'error',
  summary: 'A jump targets a step in another block',
  description:
    'A jump (`next: id`, `then: id`...) may only target a step of the same list of steps. To leave a nested block early use `end` or `fail`, or restructure the branches so they rejoin after the branching step.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of automations(ctx)) {
      const allIds = new Set(stepsWithPaths(unit).map(({ step }) => step.id));
      for (const block of blocksOf(unit)) {
        const local = new Set(block.steps.map((s) => s.id));
        block.steps.forEach((step, i) => {
          for (const jump of jumpsOf(step, block.paths[i])) {
            if (TERMINALS.has(jump.to) || local.has(jump.to) || !allIds.has(jump.to)) continue;
            out.push(
              report(this, unit, jump.path, {
                summary: `\`${jump.label}: ${jump.to}\` leaves its block`,
                detail: `Step \`${step.id}\` jumps to \`${jump.to}\`, which is in a different list of steps. Jumps stay within one block.`,
                fix: 'jump to a later step of the same list, or use `end` / `fail`',
              }),
            );
          }
        });
      }
    }
    return out;
  },
};
