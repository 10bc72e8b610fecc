/**
 * A 5-field cron validator (minute hour day-of-month month day-of-week) with names (`jan`, `mon`),
 * ranges, steps and lists. Returns the first problem, or undefined when the expression is valid.
 */
const FIELDS: Array<{ name: string; min: number; max: number; names?: string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function value(text: string, field: (typeof FIELDS)[number]): number | undefined {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  const n = named >= 0 ? named + (field.min === 1 ? 1 : 0) : /^\d+$/.test(text) ? Number(text) : undefined;
  return n !== undefined && n >= field.min && n <= field.max ? n : undefined;
}

function checkPart(part: string, field: (typeof FIELDS)[number]): string | undefined {
  const [range, step] = part.split('/');
  if (step !== undefined && !/^[1-9]\d*$/.test(step))
    return `bad step \`/${step}\` in the ${field.name} field`;
  if (range === '*') return undefined;
  const [lo, hi] = range.split('-');
  const a = value(lo, field);
  if (a === undefined) return `\`${lo}\` is not a valid ${field.name} (${field.min}-${field.max})`;
  if (hi === undefined) return undefined;
  const b = value(hi, field);
  if (b === undefined) return `\`${hi}\` is not a valid ${field.name} (${field.min}-${field.max})`;
  return a > b ? `range \`${range}\` runs backwards in the ${field.name} field` : undefined;
}

/** The first problem of a cron expression, or undefined when it is valid. */
export function cronProblem(expression: string): string | undefined {
  const text = MACROS[expression.trim()] ?? expression.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5)
    return `a cron expression has 5 fields (minute hour day-of-month month day-of-week), this one has ${parts.length}`;
  for (let i = 0; i < 5; i++) {
    for (const part of parts[i].split(',')) {
      const problem = checkPart(part, FIELDS[i]);
      if (problem) return problem;
    }
  }
  return undefined;
}
