/**
 * The `where` query parameter of `GET /records`: the filters of `aexy records list --where`, in the
 * same text form (`stage=won`, `amount>=10000`, `name~acme`), one per repeated parameter (never
 * comma-split: a value may contain commas). The text is parsed by the CLI's own parser.
 */
import { parseFilter } from '../workspace/records/filters.js';
import type { RecordFilter } from '../workspace/records/types.js';
import { badRequest } from './api-error.js';

/** More filters than this in one request is a mistake, not a query. */
export const MAX_RECORD_FILTERS = 20;

/** RecordFilters from `where` values; 400 for one that cannot be read. */
export function recordFilters(texts: string[]): RecordFilter[] {
  if (texts.length > MAX_RECORD_FILTERS)
    throw badRequest(`at most ${MAX_RECORD_FILTERS} where filters, got ${texts.length}`);
  return texts.map((text) => {
    const filter = parseFilter(text);
    if (!filter)
      throw badRequest(
        `cannot read filter "${text}": write field=value, field!=value, field>=10, field<10 or field~text`,
      );
    return filter;
  });
}
