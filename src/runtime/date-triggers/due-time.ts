/**
 * When a date trigger is due for one record value (pure). `date.approaching` fires `before` ahead of
 * the date, `date.passed` `after` it (default on the date). A date-only value (`2026-03-29`) fires at
 * the trigger's `at` time of day (default 09:00) in its zone (the trigger's `timezone`, else the
 * project's), with whole days counted on the calendar so a daylight-saving change in between does
 * not move the hour; a date-time value fires at that instant plus or minus the offset.
 */
import { parseDuration } from '../../compiler/duration.js';
import type { AutomationIR } from '../../ir/types.js';
import { zonedTime } from '../schedules/cron.js';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date trigger's settings, resolved. */
export interface DateTriggerDef {
  automation: string;
  type: 'date.approaching' | 'date.passed';
  object: string;
  field: string;
  /** Signed: negative before the date, positive after it. */
  offsetMs: number;
  at: { hour: number; minute: number };
  timeZone: string;
}

/** The date trigger of an automation, or undefined when it has none. */
export function dateTriggerOf(automation: AutomationIR, defaultTimeZone: string): DateTriggerDef | undefined {
  const { type, config } = automation.trigger;
  if (type !== 'date.approaching' && type !== 'date.passed') return undefined;
  if (typeof config.object !== 'string' || typeof config.field !== 'string') return undefined;
  const offset =
    type === 'date.approaching' ? -(parseDuration(config.before) ?? 0) : (parseDuration(config.after) ?? 0);
  const [hour = 9, minute = 0] = typeof config.at === 'string' ? config.at.split(':').map(Number) : [];
  return {
    automation: automation.metadata.name,
    type,
    object: config.object,
    field: config.field,
    offsetMs: offset,
    at: { hour, minute },
    timeZone: typeof config.timezone === 'string' ? config.timezone : defaultTimeZone,
  };
}

/** When the trigger is due for a field value (epoch ms), or undefined when the value is not a date. */
export function dueTime(def: DateTriggerDef, value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const dateOnly = DATE_ONLY.exec(value.trim());
  if (!dateOnly) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms + def.offsetMs;
  }
  const days = Math.trunc(def.offsetMs / DAY_MS);
  const rest = def.offsetMs - days * DAY_MS;
  const day = new Date(Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]) + days));
  const wall = zonedTime(
    day.getUTCFullYear(),
    day.getUTCMonth() + 1,
    day.getUTCDate(),
    def.at.hour,
    def.at.minute,
    def.timeZone,
  );
  return wall + rest;
}
