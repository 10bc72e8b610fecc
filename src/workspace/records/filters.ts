/**
 * `records list --where` filters: `field=value`, `field!=value`, `field>=10`, `field>10`, `field<=10`,
 * `field<10`, `field~text` (contains). The value is JSON when it parses (`amount>=1e4`, `won=true`),
 * else a plain string.
 */
import type { RecordFilter } from './types.js';

const PATTERN = /^([A-Za-z0-9_]+)\s*(!=|>=|<=|=|>|<|~)\s*(.*)$/s;
const OPS: Record<string, RecordFilter['op']> = {
  '=': 'eq',
  '!=': 'ne',
  '>=': 'gte',
  '<=': 'lte',
  '>': 'gt',
  '<': 'lt',
  '~': 'contains',
};

/** The filter written as `text`, or undefined when it cannot be read. */
export function parseFilter(text: string): RecordFilter | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, field, op, raw] = match;
  return { field, op: OPS[op], value: op === '~' ? raw : jsonOrString(raw) };
}

function jsonOrString(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
