/** dag/unreachable-step: a step no path reaches (it follows an unconditional jump and nothing jumps to it). */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { blockEdges, blocksOf, reachable } from './blocks.js';
import { automations, report } from './helpers.js';
import type { Rule } from './types.js';

export const unreachableStep: Rule = {
  code: 'dag/unreachable-step',
  severity: 'warning',
  summary: 'A step can never run',
  description:
    'The step follows a step that always jumps away (`next:`, or an if/switch whose every branch is a jump) and no jump targets it. Delete it, or make a branch jump to it.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of automations(ctx)) {
      for (const block of blocksOf(unit)) {
        const seen = reachable(blockEdges(block), 0);
        block.steps.forEach((step, i) => {
          if (seen.has(i)) return;
          out.push(
            report(this, unit, [...block.paths[i], 'id'], {
              summary: `step \`${step.id}\` is unreachable`,
              detail: `No path reaches \`${step.id}\`: the step above always jumps elsewhere and no jump names \`${step.id}\`.`,
              fix: `delete \`${step.id}\` or jump to it from a branch`,
            }),
          );
        });
      }
    }
    return out;
  },
};
