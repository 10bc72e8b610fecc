/** schedule/invalid-cron and schedule/invalid-timezone: schedule triggers fire at valid times in real zones. */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { cronProblem } from './cron.js';
import { automations, report, suggestion } from './helpers.js';
import type { Rule } from './types.js';

let zones: string[] | undefined;

/** True for an IANA zone name this runtime knows (Intl, so it is pure and needs no tz database file). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function knownZones(): string[] {
  zones ??= [
    ...(Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone'),
    'UTC',
  ];
  return zones;
}

export const invalidCron: Rule = {
  code: 'schedule/invalid-cron',
  severity: 'error',
  summary: 'A cron expression is invalid',
  description:
    '`schedule.cron` takes 5 fields: minute (0-59) hour (0-23) day-of-month (1-31) month (1-12 or jan-dec) day-of-week (0-7 or sun-sat), with `*`, lists, ranges and steps, e.g. `0 9 * * 1-5`.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of automations(ctx)) {
      const cron = unit.resource.trigger.config.cron;
      if (typeof cron !== 'string') continue;
      const problem = cronProblem(cron);
      if (!problem) continue;
      out.push(
        report(this, unit, ['spec', 'trigger', 'cron'], {
          summary: `invalid cron expression \`${cron}\``,
          detail: `${problem[0].toUpperCase()}${problem.slice(1)}.`,
          fix: 'e.g. `0 9 * * 1-5` (09:00 on weekdays) or `0 8 * * mon` (08:00 on Mondays)',
        }),
      );
    }
    return out;
  },
};

export const invalidTimeZone: Rule = {
  code: 'schedule/invalid-timezone',
  severity: 'error',
  summary: 'A time zone is not an IANA zone name',
  description:
    'Time zones are IANA names such as `Europe/Berlin`, `America/New_York` or `UTC`; abbreviations like `CET` or `PST` are ambiguous and not accepted.',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const unit of automations(ctx)) {
      const zone = unit.resource.trigger.config.timezone;
      if (typeof zone !== 'string' || (isTimeZone(zone) && zone.includes('/')) || zone === 'UTC') continue;
      out.push(
        report(this, unit, ['spec', 'trigger', 'timezone'], {
          summary: `unknown time zone \`${zone}\``,
          detail: `\`${zone}\` is not an IANA time zone name (Area/City).`,
          fix: suggestion(zone, knownZones()) ?? 'e.g. `Europe/Berlin` or `UTC`',
        }),
      );
    }
    return out;
  },
};
