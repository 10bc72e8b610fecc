/**
 * Record filters, search and sort on PostgreSQL with SQLite's answers. The SQLite store compares
 * `json_extract(values_json, '$.field')`, whose result is NULL (missing or JSON null), a number
 * (booleans become 1/0), or text (strings, and objects/arrays as their JSON text), and SQLite orders
 * NULL < numbers < text, text byte-wise. Here each attribute is read from the JSONB copy `doc` and
 * classed the same way (0 null, 1 number, 2 text); values of different classes compare by class, so
 * `amount > "x"` is false and `name > 5` is true on both stores, and LIKE is ASCII-case-insensitive
 * with no escape character, as in SQLite.
 */
import type { RecordFilter } from '../records/types.js';

/** Collects bind parameters; `bind` returns the placeholder of a new one. */
export class Params {
  readonly values: unknown[] = [];
  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const OPS: Record<Exclude<RecordFilter['op'], 'contains'>, string> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** SQLite's lower() and LIKE fold ASCII letters only. */
export const asciiLower = (sql: string) => `translate(${sql}, '${UPPER}', '${UPPER.toLowerCase()}')`;

/** SQL for one attribute of the record row: its class, number and text as SQLite would see them. */
function attribute(field: string) {
  const value = `(doc -> ${field}::text)`;
  const type = `jsonb_typeof${value}`;
  return {
    rank: `(CASE WHEN ${type} IN ('number', 'boolean') THEN 1 WHEN ${type} IN ('string', 'object', 'array') THEN 2 ELSE 0 END)`,
    number: `(CASE ${type} WHEN 'number' THEN ${value}::numeric WHEN 'boolean' THEN (CASE WHEN ${value}::boolean THEN 1 ELSE 0 END) END)`,
    // Objects and arrays as their text in values_json (the json type keeps it as written, like SQLite).
    text: `(CASE ${type} WHEN 'string' THEN ${value} #>> '{}' WHEN 'object' THEN (values_json::json -> ${field}::text)::text WHEN 'array' THEN (values_json::json -> ${field}::text)::text END)`,
  };
}

/** A parameter as SQLite binds it: booleans as 1/0, objects as JSON text; its class and SQL. */
function operand(value: unknown, params: Params): { rank: number; sql: string } | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'boolean') return { rank: 1, sql: `${params.bind(value ? 1 : 0)}::numeric` };
  if (typeof value === 'number') return { rank: 1, sql: `${params.bind(value)}::numeric` };
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return { rank: 2, sql: `${params.bind(text)}::text COLLATE "C"` };
}

/** `records list --where` filters (SQLite: `json_extract(values_json, path) <op> ?`). */
export function filterSql(filter: RecordFilter, params: Params): string {
  // Anything compared with NULL is NULL in SQLite (checked first: an unused parameter has no type).
  if (filter.op !== 'contains' && (filter.value === null || filter.value === undefined)) return 'false';
  const attr = attribute(params.bind(filter.field));
  if (filter.op === 'contains') {
    const like = `%${String(filter.value)}%`;
    const asText = `COALESCE(${attr.text}, ${attr.number}::text)`;
    return `(${asciiLower(asText)} LIKE ${asciiLower(params.bind(like))} ESCAPE '')`;
  }
  const right = operand(filter.value, params) as { rank: number; sql: string };
  const op = OPS[filter.op];
  const typed = right.rank === 1 ? `${attr.number} ${op} ${right.sql}` : `${attr.text} ${op} ${right.sql}`;
  return `(CASE WHEN ${attr.rank} = 0 THEN false WHEN ${attr.rank} <> ${right.rank} THEN ${attr.rank} ${op} ${right.rank} ELSE ${typed} END)`;
}

/** A `search_records` equality filter (SQLite: `json_extract(values_json, path) IS ?`). */
export function isSql(fieldName: string, value: unknown, params: Params): string {
  const attr = attribute(params.bind(fieldName));
  const right = operand(value, params);
  if (!right) return `(${attr.rank} = 0)`;
  const typed = right.rank === 1 ? `${attr.number} = ${right.sql}` : `${attr.text} = ${right.sql}`;
  return `(${attr.rank} = ${right.rank} AND ${typed})`;
}

/** `search_records` substring (SQLite: `lower(values_json) LIKE '%query%'`, the query lower-cased by JS). */
export function querySql(query: string, params: Params): string {
  return `(${asciiLower('values_json')} LIKE ${params.bind(`%${query.toLowerCase()}%`)} ESCAPE '')`;
}

/** ORDER BY of a search (SQLite: `json_extract(values_json, '$.field') ASC|DESC, id`). */
export function orderSql(sort: string | undefined, params: Params): string {
  if (!sort) return 'ORDER BY created_at, id';
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort).replace(/[^a-zA-Z0-9_]/g, '');
  const attr = attribute(params.bind(field));
  const dir = desc ? 'DESC' : 'ASC';
  return `ORDER BY ${attr.rank} ${dir}, ${attr.number} ${dir}, ${attr.text} COLLATE "C" ${dir}, id`;
}
