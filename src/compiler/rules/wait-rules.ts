/**
 * wait/event-without-timeout and wait/no-timeout-path: an event wait must end even if the event never
 * comes (the platform's "PAUSED forever" pitfall), and what happens then should be written down.
 */
import { report } from './helpers.js';
import { eachStep } from './step-rules.js';
import type { Rule } from './types.js';

export const waitEventWithoutTimeout: Rule = {
  code: 'wait/event-without-timeout',
  severity: 'error',
  summary: 'An event wait has no timeout',
  description:
    'A run waiting for an event that never arrives (the reply that never comes) would stay PAUSED forever and hold its concurrency slot. Give every `wait: {event: ...}` a `timeout`.',
  check(ctx) {
    return eachStep(ctx, 'wait', (unit, step, path) => {
      if (step.wait.mode !== 'event' || step.wait.timeoutMs > 0) return undefined;
      return report(this, unit, [...path, 'wait'], {
        key: true,
        summary: `wait \`${step.id}\` for \`${step.wait.event}\` has no timeout`,
        detail: 'Without a timeout the run stays paused forever when the event never arrives.',
        fix: 'add `timeout: 3d` under `wait:` and an `onTimeout:` branch for the "no event" case',
      });
    });
  },
};

export const waitNoTimeoutPath: Rule = {
  code: 'wait/no-timeout-path',
  severity: 'warning',
  summary: 'An event wait has no onTimeout path',
  description:
    'When the timeout fires and there is no `onTimeout`, the run continues with the next step exactly as if the event had arrived. Add `onTimeout` (steps, a step id, `end` or `fail`) so "no reply" is handled on purpose.',
  check(ctx) {
    return eachStep(ctx, 'wait', (unit, step, path) => {
      if (step.wait.mode !== 'event' || step.wait.timeoutMs <= 0 || step.onTimeout || step.next)
        return undefined;
      return report(this, unit, [...path, 'wait'], {
        key: true,
        summary: `wait \`${step.id}\` has no onTimeout path`,
        detail: `If \`${step.wait.event}\` does not arrive in time, the run goes on to the next step as if it had.`,
        fix: 'add `onTimeout:` with the steps for the timeout case (or `onTimeout: end`)',
      });
    });
  },
};
