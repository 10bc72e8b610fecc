/** parallel/join-count: a join cannot wait for more branches than exist. */
import { report } from './helpers.js';
import { eachStep } from './step-rules.js';
import type { Rule } from './types.js';

export const parallelJoinCount: Rule = {
  code: 'parallel/join-count',
  severity: 'error',
  summary: 'A join waits for more branches than exist',
  description:
    '`join: {count: n}` continues once n branches succeeded; n must be between 1 and the number of branches.',
  check(ctx) {
    return eachStep(ctx, 'parallel', (unit, step, path) => {
      const join = step.join;
      if (join.mode !== 'count' || (join.count >= 1 && join.count <= step.branches.length)) return undefined;
      return report(this, unit, [...path, 'parallel', 'join', 'count'], {
        summary: `join count ${join.count} with ${step.branches.length} branch${step.branches.length === 1 ? '' : 'es'}`,
        detail:
          join.count < 1
            ? 'A join count must be at least 1.'
            : 'The join could never be satisfied, so the step would always fail.',
        fix:
          join.count < 1
            ? 'use `join: any` to continue after the first branch'
            : `use \`join: all\` or a count up to ${step.branches.length}`,
      });
    });
  },
};
