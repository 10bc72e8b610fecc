/** step/duplicate-id: two steps of one automation share an id (ids address outputs and jumps). */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { DocPath } from '../../loader/types.js';
import { automations, report, stepsWithPaths } from './helpers.js';
import type { Rule } from './types.js';

export const duplicateStepId: Rule = {
  code: 'step/duplicate-id',
  severity: 'error',
  summary: 'Two steps in one automation have the same id',
  description:
    'Step ids are unique across the whole automation, nested blocks included: `steps.<id>` and jumps must name exactly one step. Rename one of them.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of automations(ctx)) {
      const seen = new Map<string, DocPath>();
      for (const { step, path } of stepsWithPaths(unit)) {
        const earlier = seen.get(step.id);
        if (!earlier) {
          seen.set(step.id, path);
          continue;
        }
        out.push(
          report(this, unit, [...path, 'id'], {
            summary: `duplicate step id \`${step.id}\``,
            detail: `Another step of automation \`${unit.resource.metadata.name}\` already has id \`${step.id}\`; references to steps.${step.id} and jumps to it would be ambiguous.`,
            fix: `rename this step, e.g. \`${step.id}_2\``,
            related: [{ message: 'first used here', ref: unit.doc.locate([...earlier, 'id']) }],
          }),
        );
      }
    }
    return out;
  },
};
