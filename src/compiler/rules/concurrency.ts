/** limits/concurrency-max: `maxConcurrent` needs a run mode it applies to (queued or parallel). */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { asMap } from '../raw.js';
import { automations, report } from './helpers.js';
import type { Rule } from './types.js';

export const concurrencyMax: Rule = {
  code: 'limits/concurrency-max',
  severity: 'warning',
  summary: '`limits.maxConcurrent` without a run mode it applies to',
  description:
    'Run modes (`limits.concurrency`): `single` (one run at a time, new events are skipped), `queued` (runs wait their turn) and `parallel` (side by side, the default). `maxConcurrent` caps queued and parallel runs; with `single` it has no effect (an error), and without a mode it silently means `parallel` (a warning: say which you mean).',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of automations(ctx)) {
      const limits = asMap(unit.spec.limits);
      if (limits.maxConcurrent === undefined) continue;
      const path = ['spec', 'limits', 'maxConcurrent'];
      if (limits.concurrency === undefined) {
        out.push(
          report(this, unit, path, {
            key: true,
            summary: '`maxConcurrent` without `concurrency`',
            detail: `Extra runs beyond ${String(limits.maxConcurrent)} are queued under the default mode \`parallel\`; say whether runs should queue or run side by side.`,
            fix: 'add `concurrency: parallel` (or `queued`) next to `maxConcurrent`',
          }),
        );
      } else if (limits.concurrency === 'single') {
        out.push(
          report(this, unit, path, {
            key: true,
            severity: 'error',
            summary: '`maxConcurrent` has no effect with `concurrency: single`',
            detail: '`single` always allows exactly one run; events arriving meanwhile are skipped.',
            fix: 'remove `maxConcurrent`, or use `concurrency: queued` / `parallel`',
          }),
        );
      }
    }
    return out;
  },
};
