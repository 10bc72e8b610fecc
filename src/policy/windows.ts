/**
 * Counting windows for rate_limit and token_budget: calendar periods in the workspace time zone,
 * computed with Intl from a `now` passed in (pure, no clock). The rule (docs/policies.md):
 * - `per: 1h`  -> the clock hour (start = the local hh:00:00; 60 minutes long);
 * - `per: 1d`  -> the calendar day (local midnight to the next local midnight; 23 or 25 hours on
 *   DST change days);
 * - `per: 7d` / `1w` -> the ISO week, Monday 00:00 local to the next Monday;
 * - `per: 30d` -> the calendar month, the 1st 00:00 local to the next 1st;
 * - any other duration -> fixed windows of that length counted from the Unix epoch (UTC).
 * A local midnight that does not exist (a DST gap at midnight) starts the day at the first local
 * instant after it; a repeated local time (DST fall-back) belongs to the window it occurs in.
 */
import type { CounterWindow } from './types.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const MONTH_30 = 30 * DAY;

/** Local calendar fields of an instant in a time zone. */
interface Wall {
  y: number;
  m: number; // 1-12
  d: number;
  h: number;
  min: number;
  s: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone: the caller turns it into a fail-closed BLOCK.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of `t` (epoch ms) in `timeZone`. */
export function wallOf(t: number, timeZone: string): Wall {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(t))
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { y: out.year, m: out.month, d: out.day, h: out.hour % 24, min: out.minute, s: out.second };
}

function wallAsUtc(w: Wall): number {
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s);
}

/** Offset (ms) of `timeZone` from UTC at instant `t`, to the second. */
function offsetAt(t: number, timeZone: string): number {
  const whole = t - (t % 1000);
  return wallAsUtc(wallOf(whole, timeZone)) - whole;
}

/**
 * The instants whose local time is `w`, earliest first. Empty when `w` falls in a DST gap. The
 * offsets in force within a day either side are the only candidates (zones change at most once).
 */
function instantsOf(w: Wall, timeZone: string): number[] {
  const asUtc = wallAsUtc(w);
  const offsets = new Set([asUtc - DAY, asUtc, asUtc + DAY].map((t) => offsetAt(t, timeZone)));
  const hits = [...offsets].map((o) => asUtc - o).filter((t) => wallAsUtc(wallOf(t, timeZone)) === asUtc);
  return [...new Set(hits)].sort((a, b) => a - b);
}

/** The first instant of the local date (y, m, d): local midnight, or where the clock jumped past it. */
export function startOfLocalDay(y: number, m: number, d: number, timeZone: string): number {
  const norm = new Date(Date.UTC(y, m - 1, d));
  const w = { y: norm.getUTCFullYear(), m: norm.getUTCMonth() + 1, d: norm.getUTCDate(), h: 0, min: 0, s: 0 };
  const exact = instantsOf(w, timeZone);
  if (exact.length > 0) return exact[0];
  // Midnight was skipped (DST gap): the day starts at the jump, which is midnight under the offset
  // in force before it, the smaller one.
  const asUtc = wallAsUtc(w);
  return asUtc - Math.min(offsetAt(asUtc - DAY, timeZone), offsetAt(asUtc + DAY, timeZone));
}

/** The last window computed per (per, zone): most decisions fall in the window of the one before. */
const lastWindow = new Map<string, { start: number; end: number; window: CounterWindow }>();

/**
 * The window of `perMs` containing instant `now` in `timeZone`. Windows are a function of
 * (per, zone, now), so the last one computed is reused while `now` stays inside it (pure, and
 * it keeps Intl out of the hot path). Treat the result as read-only.
 */
export function windowFor(perMs: number, now: number, timeZone = 'UTC'): CounterWindow {
  const key = `${perMs}|${timeZone}`;
  const last = lastWindow.get(key);
  if (last && now >= last.start && now < last.end) return last.window;
  const window = computeWindow(perMs, now, timeZone);
  if (lastWindow.size > 1000) lastWindow.clear();
  lastWindow.set(key, { start: Date.parse(window.start), end: Date.parse(window.end), window });
  return window;
}

function computeWindow(perMs: number, now: number, timeZone: string): CounterWindow {
  if (perMs === HOUR) return hourWindow(now, timeZone);
  if (perMs === DAY) return dayWindow(now, timeZone);
  if (perMs === WEEK) return weekWindow(now, timeZone);
  if (perMs === MONTH_30) return monthWindow(now, timeZone);
  return fixedWindow(perMs, now);
}

function hourWindow(now: number, timeZone: string): CounterWindow {
  const w = wallOf(now, timeZone);
  // Of the instants showing hh:00 (two in a fall-back hour), the latest not after now.
  const candidates = instantsOf({ ...w, min: 0, s: 0 }, timeZone).filter((t) => t <= now);
  const start = candidates.length > 0 ? candidates[candidates.length - 1] : now - (now % HOUR);
  const label = `${date(w.y, w.m, w.d)}T${pad(w.h)}:00${offsetLabel(offsetAt(start, timeZone))}`;
  return make('hour', start, start + HOUR, label);
}

function dayWindow(now: number, timeZone: string): CounterWindow {
  const w = wallOf(now, timeZone);
  const start = startOfLocalDay(w.y, w.m, w.d, timeZone);
  return make('day', start, startOfLocalDay(w.y, w.m, w.d + 1, timeZone), date(w.y, w.m, w.d));
}

function weekWindow(now: number, timeZone: string): CounterWindow {
  const w = wallOf(now, timeZone);
  const dow = new Date(Date.UTC(w.y, w.m - 1, w.d)).getUTCDay(); // 0 = Sunday
  const monday = w.d - ((dow + 6) % 7);
  const start = startOfLocalDay(w.y, w.m, monday, timeZone);
  const end = startOfLocalDay(w.y, w.m, monday + 7, timeZone);
  return make('week', start, end, isoWeekLabel(w.y, w.m, monday));
}

function monthWindow(now: number, timeZone: string): CounterWindow {
  const w = wallOf(now, timeZone);
  const start = startOfLocalDay(w.y, w.m, 1, timeZone);
  return make('month', start, startOfLocalDay(w.y, w.m + 1, 1, timeZone), `${w.y}-${pad(w.m)}`);
}

function fixedWindow(perMs: number, now: number): CounterWindow {
  const size = Math.max(1, Math.floor(perMs));
  const start = Math.floor(now / size) * size;
  return make('fixed', start, start + size, new Date(start).toISOString());
}

/** `YYYY-Www` of the ISO week whose Monday is the given (possibly unnormalised) date. */
function isoWeekLabel(y: number, m: number, monday: number): string {
  // The ISO week belongs to the year of its Thursday and is numbered by that Thursday's day of year.
  const thursday = new Date(Date.UTC(y, m - 1, monday + 3));
  const year = thursday.getUTCFullYear();
  const dayOfYear = (thursday.getTime() - Date.UTC(year, 0, 1)) / DAY;
  return `${year}-W${pad(Math.floor(dayOfYear / 7) + 1)}`;
}

function make(unit: CounterWindow['unit'], start: number, end: number, label: string): CounterWindow {
  return { unit, start: new Date(start).toISOString(), end: new Date(end).toISOString(), label };
}

function date(y: number, m: number, d: number): string {
  return `${y}-${pad(m)}-${pad(d)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function offsetLabel(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const minutes = Math.abs(ms) / 60_000;
  return `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
