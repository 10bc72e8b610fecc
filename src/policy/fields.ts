/**
 * Field restrictions: which record fields a call's arguments touch, whether an allow-list covers
 * them, and removing unlisted fields from what an agent reads. The exact rule (docs/policies.md):
 *
 * Fields of the arguments. Walk the argument tree:
 * - a key in CONTAINER_KEYS (`values`, `field_updates`, `where`, `data`), at any depth, is
 *   transparent: not a field itself, its children are fields at the same level;
 * - a key in ENVELOPE_KEYS (`record`, `record_id`, `id`, `object`, `object_type`, `query`, `limit`,
 *   `offset`, `cursor`, `permanent`) at the top level with a scalar value says which record, not
 *   what it holds: not a field (with an object or array value it is a field like any other);
 * - `fields` (a list of field paths) and `sort` (a path, optionally `-`-prefixed) at the top
 *   level name fields: each named path is touched;
 * - every other key, at any depth, is a field; nested object keys extend the path (`address.city`),
 *   array elements are transparent (they share their parent's path);
 * - the touched paths are the paths of the leaves: scalars, null, empty objects and empty arrays.
 *
 * Coverage (FieldMask semantics): an entry covers its own path and everything below it, so
 * `address` covers `address.city`; `*` covers everything. A write is allowed when every touched
 * path is covered; a read keeps exactly the covered parts.
 */
import type { FieldMask } from './types.js';

/** Keys whose children are field slugs (record value maps and filters). */
export const CONTAINER_KEYS: ReadonlySet<string> = new Set(['values', 'field_updates', 'where', 'data']);

/** Top-level scalar keys that address a record or shape a query instead of carrying field values. */
export const ENVELOPE_KEYS: ReadonlySet<string> = new Set([
  'record',
  'record_id',
  'id',
  'object',
  'object_type',
  'query',
  'limit',
  'offset',
  'cursor',
  'permanent',
]);

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every field path the arguments touch, sorted and without duplicates. */
export function touchedFields(args: Record<string, Json>): string[] {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(args)) {
    if (ENVELOPE_KEYS.has(key) && !isObject(value) && !Array.isArray(value)) continue;
    if (key === 'fields' && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      for (const path of value as string[]) out.add(path);
    } else if (key === 'sort' && typeof value === 'string') {
      if (value.replace(/^-/, '')) out.add(value.replace(/^-/, ''));
    } else walk(key, value, '', out);
  }
  return [...out].sort();
}

function walk(key: string, value: Json, prefix: string, out: Set<string>): void {
  const path = CONTAINER_KEYS.has(key) ? prefix : prefix ? `${prefix}.${key}` : key;
  leaves(value, path, out);
}

function leaves(value: Json, path: string, out: Set<string>): void {
  if (Array.isArray(value)) {
    if (value.length === 0 && path !== '') addLeaf(path, out);
    for (const item of value) leaves(item, path, out);
  } else if (isObject(value)) {
    const entries = Object.entries(value);
    // An empty container (`values: {}`) writes nothing; an empty object at a field replaces it.
    if (entries.length === 0 && path !== '') addLeaf(path, out);
    for (const [k, v] of entries) walk(k, v, path, out);
  } else addLeaf(path, out);
}

function addLeaf(path: string, out: Set<string>): void {
  // A scalar directly inside a container at the top (e.g. `values: 5`) touches the whole record.
  out.add(path === '' ? '*' : path);
}

/** True when `mask` covers `path` (an entry covers itself and its sub-fields; `*` covers all). */
export function covers(mask: FieldMask, path: string): boolean {
  for (const entry of mask) {
    if (entry === '*' || entry === path) return true;
    if (path.startsWith(entry) && path.charCodeAt(entry.length) === 46 /* . */) return true;
  }
  return false;
}

/** The touched paths a mask does not cover (empty: the write is allowed). */
export function uncoveredFields(args: Record<string, Json>, mask: FieldMask): string[] {
  return touchedFields(args).filter((path) => !covers(mask, path));
}

/** True when some entry lies below `path` (`address.city` under `address`): keep the object, filter inside. */
function coversBelow(mask: FieldMask, path: string): boolean {
  return mask.some((entry) => entry.startsWith(`${path}.`));
}

/**
 * Record values with the fields a mask does not cover removed, nested objects too (an object
 * kept only for a covered sub-field keeps only that sub-field). Arrays share their parent's path.
 */
export function filterRead(values: Record<string, Json>, mask: FieldMask, prefix = ''): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(values)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (covers(mask, path)) out[key] = value;
    else if (coversBelow(mask, path)) {
      const kept = filterBelow(value, mask, path);
      if (kept !== undefined) out[key] = kept;
    }
  }
  return out;
}

function filterBelow(value: Json, mask: FieldMask, path: string): Json | undefined {
  if (isObject(value)) return filterRead(value, mask, path);
  if (Array.isArray(value)) return value.filter(isObject).map((item) => filterRead(item, mask, path));
  return undefined; // a scalar where the mask names sub-fields: not covered
}

/**
 * Applies read masks to a tool's result. Record-shaped objects (an object with a `values` map),
 * wherever they are in the result, get their `values` filtered and keep everything else (ids,
 * totals). A result with no record-shaped object is filtered as a whole with the argument rule
 * (top-level envelope keys kept, everything else is a field). Every mask applies in turn.
 */
export function filterToolResult(result: Json, masks: readonly FieldMask[]): Json {
  if (masks.length === 0) return result;
  if (hasRecord(result)) return mapRecords(result, masks);
  if (!isObject(result)) return result;
  const envelope: Record<string, Json> = {};
  const rest: Record<string, Json> = {};
  for (const [k, v] of Object.entries(result)) {
    if (ENVELOPE_KEYS.has(k) && !isObject(v) && !Array.isArray(v)) envelope[k] = v;
    else rest[k] = v;
  }
  return { ...envelope, ...masks.reduce((acc, mask) => filterRead(acc, mask), rest) };
}

function hasRecord(value: Json): boolean {
  if (Array.isArray(value)) return value.some(hasRecord);
  if (!isObject(value)) return false;
  if (isObject(value.values)) return true;
  return Object.values(value).some(hasRecord);
}

function mapRecords(value: Json, masks: readonly FieldMask[]): Json {
  if (Array.isArray(value)) return value.map((v) => mapRecords(v, masks));
  if (!isObject(value)) return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      k === 'values' && isObject(v)
        ? masks.reduce((acc, mask) => filterRead(acc, mask), v)
        : mapRecords(v, masks);
  }
  return out;
}
