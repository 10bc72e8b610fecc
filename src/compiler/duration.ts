/**
 * Durations as users write them: `500ms`, `30s`, `5m`, `3d`, `1h30m`, `2w`; offsets may be negative
 * (`-7d`). The IR stores milliseconds.
 */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const WHOLE = /^(-)?((?:\d+(?:ms|s|m|h|d|w))+)$/;
const PART = /(\d+)(ms|s|m|h|d|w)/g;

/** Milliseconds of a duration string, or undefined when it is not one. Negative only when `signed`. */
export function parseDuration(text: unknown, signed = false): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = WHOLE.exec(text.trim());
  if (!match || (match[1] && !signed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of match[2].matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return match[1] ? -total : total;
}

/** A duration in the largest exact units, e.g. 90000 -> `1m30s` (for messages and graph labels). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  let out = '';
  for (const unit of ['w', 'd', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return sign + out;
}
