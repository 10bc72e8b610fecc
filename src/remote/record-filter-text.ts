/**
 * A RecordFilter back in the text form `aexy records list --where` reads (`stage="won"`,
 * `amount>=10000`, `name~acme`), which is what `GET /records?where=` takes: the server parses it
 * with the same parser, so the filter arrives exactly as the CLI parsed it (values JSON-encoded,
 * `~` text as written).
 */
import type { RecordFilter } from '../workspace/records/types.js';

const SYMBOLS: Record<RecordFilter['op'], string> = {
  eq: '=',
  ne: '!=',
  gte: '>=',
  lte: '<=',
  gt: '>',
  lt: '<',
  contains: '~',
};

/** `field<op>value`: the value as JSON (a string stays a string), contains-text as written. */
export function formatFilter(filter: RecordFilter): string {
  const value = filter.op === 'contains' ? String(filter.value) : JSON.stringify(filter.value ?? null);
  return `${filter.field}${SYMBOLS[filter.op]}${value}`;
}
