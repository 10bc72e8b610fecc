/**
 * A small pure cron evaluator (5 fields: minute hour day-of-month month day-of-week) for previews
 * (`aexy schedules --next N`). Fire times are wall-clock times in an IANA time zone, converted to
 * instants with the zone's offset at that moment, so daylight-saving shifts come out right:
 * - a wall time that does not exist (spring forward, e.g. 02:30 in Europe/Berlin on the last Sunday
 *   of March) fires at the same wall time shifted by the gap (03:30);
 * - a wall time that happens twice (fall back) fires once, at its first occurrence.
 * Day-of-month and day-of-week follow cron: when both are restricted, either may match.
 */

/** A parsed cron expression: the allowed values of each field. */
export interface CronSpec {
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Both day fields restricted: a day matches when either does (cron's rule). */
  dayOr: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** A cron expression that cannot be parsed; the message names the field. */
export class CronError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronError';
  }
}

/** Parses a 5-field expression (or @daily-style macro); throws CronError. */
export function parseCron(expression: string): CronSpec {
  const text = MACROS[expression.trim().toLowerCase()] ?? expression.trim();
  const fields = text.split(/\s+/);
  if (fields.length !== 5) {
    throw new CronError(
      `cron "${expression}" has ${fields.length} fields; expected 5 (minute hour day month weekday)`,
    );
  }
  const [minute, hour, day, month, weekday] = fields as [string, string, string, string, string];
  const weekdays = parseField(weekday, 0, 7, 'weekday', WEEKDAYS).map((d) => (d === 7 ? 0 : d));
  return {
    minutes: parseField(minute, 0, 59, 'minute'),
    hours: parseField(hour, 0, 23, 'hour'),
    days: new Set(parseField(day, 1, 31, 'day-of-month')),
    months: new Set(parseField(month, 1, 12, 'month', MONTHS, 1)),
    weekdays: new Set(weekdays),
    dayOr: !isWildcard(day) && !isWildcard(weekday),
  };
}

function isWildcard(field: string): boolean {
  return field === '*' || field === '?';
}

/** The sorted values of one field: lists of `*`, `a`, `a-b`, each with an optional `/step`. */
function parseField(
  field: string,
  min: number,
  max: number,
  name: string,
  names?: string[],
  base = 0,
): number[] {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new CronError(`bad step "${stepText}" in the ${name} field`);
    let [from, to] = [min, max];
    if (!isWildcard(range)) {
      const [a = '', b] = range.split('-');
      from = value(a, name, names, base);
      to = b === undefined ? (stepText === undefined ? from : max) : value(b, name, names, base);
    }
    if (from < min || to > max || from > to) {
      throw new CronError(`"${part}" is out of range ${min}-${max} in the ${name} field`);
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((x, y) => x - y);
}

function value(text: string, name: string, names: string[] | undefined, base: number): number {
  const index = names?.indexOf(text.toLowerCase()) ?? -1;
  if (index >= 0) return index + base;
  if (!/^[0-9]+$/.test(text)) throw new CronError(`"${text}" is not a number in the ${name} field`);
  return Number(text);
}

/** The next `count` fire instants strictly after `after`, in the zone `timeZone`. */
export function nextFireTimes(spec: CronSpec, timeZone: string, after: Date, count: number): Date[] {
  const out: Date[] = [];
  const start = wallClock(after.getTime(), timeZone);
  let day = Date.UTC(start.year, start.month - 1, start.day);
  // Eight years covers any satisfiable expression (29 February on a given weekday included).
  for (let i = 0; i < 366 * 8 && out.length < count; i++, day += 86_400_000) {
    const date = new Date(day);
    if (!dayMatches(spec, date)) continue;
    for (const hour of spec.hours) {
      for (const minute of spec.minutes) {
        const at = zonedTime(
          date.getUTCFullYear(),
          date.getUTCMonth() + 1,
          date.getUTCDate(),
          hour,
          minute,
          timeZone,
        );
        if (at > after.getTime() && !out.some((d) => d.getTime() === at)) out.push(new Date(at));
      }
    }
  }
  return out.sort((a, b) => a.getTime() - b.getTime()).slice(0, count);
}

function dayMatches(spec: CronSpec, date: Date): boolean {
  if (!spec.months.has(date.getUTCMonth() + 1)) return false;
  const dom = spec.days.has(date.getUTCDate());
  const dow = spec.weekdays.has(date.getUTCDay());
  return spec.dayOr ? dom || dow : dom && dow;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of an instant in a zone. */
export function wallClock(ms: number, timeZone: string) {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in ms. */
export function zoneOffset(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const local = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return local - Math.floor(ms / 1000) * 1000;
}

/** The instant of a wall time in a zone (first occurrence when repeated, shifted by the gap when skipped). */
export function zonedTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const before = zoneOffset(guess - 14 * 3_600_000, timeZone);
  const after = zoneOffset(guess + 14 * 3_600_000, timeZone);
  const valid = [guess - before, guess - after].filter((t) => t + zoneOffset(t, timeZone) === guess);
  if (valid.length > 0) return Math.min(...valid);
  // In a spring-forward gap: the offset before the gap moves the wall time forward by the gap.
  return guess - before;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
