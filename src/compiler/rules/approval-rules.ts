/** approval/missing-timeout and approval/escalation-after-timeout. */
import { formatDuration } from '../duration.js';
import { report } from './helpers.js';
import { eachStep } from './step-rules.js';
import type { Rule } from './types.js';

export const approvalMissingTimeout: Rule = {
  code: 'approval/missing-timeout',
  severity: 'error',
  summary: 'An approval has no timeout',
  description:
    'An approval pauses the run until a person decides. Without a timeout a forgotten request keeps the run PAUSED forever. Set `timeout` and say what happens then with `onTimeout`.',
  check(ctx) {
    return eachStep(ctx, 'approval', (unit, step, path) => {
      if (step.timeoutMs > 0) return undefined;
      return report(this, unit, [...path, 'approval'], {
        key: true,
        summary: `approval \`${step.id}\` has no timeout`,
        detail: 'Nobody may ever answer; the run would stay paused forever.',
        fix: 'add `timeout: 48h` under `approval:` and an `onTimeout:` branch',
      });
    });
  },
};

export const approvalEscalationAfterTimeout: Rule = {
  code: 'approval/escalation-after-timeout',
  severity: 'warning',
  summary: 'An approval escalates only after it has already timed out',
  description: '`escalate.after` must be shorter than `timeout`, otherwise the escalation never happens.',
  check(ctx) {
    return eachStep(ctx, 'approval', (unit, step, path) => {
      if (!step.escalate || step.timeoutMs <= 0 || step.escalate.afterMs < step.timeoutMs) return undefined;
      return report(this, unit, [...path, 'approval', 'escalate', 'after'], {
        summary: `escalation after ${formatDuration(step.escalate.afterMs)} never happens`,
        detail: `The approval times out after ${formatDuration(step.timeoutMs)}, before the escalation is due.`,
        fix: `escalate earlier than ${formatDuration(step.timeoutMs)}, e.g. after half of it`,
      });
    });
  },
};
