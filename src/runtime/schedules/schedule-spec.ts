/**
 * What Temporal Schedule an automation with a `schedule.*` trigger needs (pure): its cron expression
 * and time zone (`schedule.daily` / `schedule.weekly` are sugar for a cron), its id (derived from the
 * workspace and automation names), and the overlap policy that follows the automation's concurrency
 * mode: `single` skips a fire while the previous run is still going, `queued` buffers fires and runs
 * them one after another, `parallel` lets runs overlap.
 */
import type { AutomationIR, ConcurrencyMode } from '../../ir/types.js';

/** A schedule trigger as a cron in a zone. */
export interface ScheduleDef {
  automation: string;
  cron: string;
  timeZone: string;
  overlap: 'SKIP' | 'BUFFER_ALL' | 'ALLOW_ALL';
  paused: boolean;
}

const DAY_NUMBERS: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

/** Whether a trigger type is one of the schedule family. */
export function isScheduleTrigger(type: string): boolean {
  return type === 'schedule.cron' || type === 'schedule.daily' || type === 'schedule.weekly';
}

/** The schedule of an automation, or undefined when its trigger is not a schedule. */
export function scheduleOf(automation: AutomationIR, defaultTimeZone: string): ScheduleDef | undefined {
  const { type, config } = automation.trigger;
  if (!isScheduleTrigger(type)) return undefined;
  const timeZone = typeof config.timezone === 'string' ? config.timezone : defaultTimeZone;
  return {
    automation: automation.metadata.name,
    cron: cronOf(type, config),
    timeZone,
    overlap: overlapFor(automation.limits.concurrency.mode),
    paused: !automation.enabled,
  };
}

/** The cron expression of a schedule trigger's config. */
export function cronOf(type: string, config: Record<string, unknown>): string {
  if (type === 'schedule.cron') return String(config.cron ?? '');
  const [hour = '0', minute = '0'] = String(config.at ?? '00:00').split(':');
  const time = `${Number(minute)} ${Number(hour)}`;
  if (type === 'schedule.weekly') return `${time} * * ${DAY_NUMBERS[String(config.day)] ?? 1}`;
  const days = Array.isArray(config.days) ? config.days.map((d) => DAY_NUMBERS[String(d)]) : [];
  const weekdays = days.filter((d): d is number => d !== undefined).sort((a, b) => a - b);
  return `${time} * * ${weekdays.length > 0 ? weekdays.join(',') : '*'}`;
}

/** Temporal's overlap policy for a concurrency mode. */
export function overlapFor(mode: ConcurrencyMode): ScheduleDef['overlap'] {
  return mode === 'single' ? 'SKIP' : mode === 'queued' ? 'BUFFER_ALL' : 'ALLOW_ALL';
}

/** Prefix of every schedule id of a workspace (reconciliation owns exactly these). */
export function schedulePrefix(workspace: string): string {
  return `aexy-schedule/${workspace}/`;
}

/** The Temporal Schedule id of an automation. */
export function scheduleIdFor(workspace: string, automation: string): string {
  return `${schedulePrefix(workspace)}${automation}`;
}

/** The event id of one fire: a function of the automation and the scheduled time, so a fire repeated never runs twice. */
export function scheduleEventId(automation: string, scheduledAt: string): string {
  return `schedule:${automation}@${scheduledAt}`;
}
