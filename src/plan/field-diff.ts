/**
 * Field-level diff of two JSON values. Arrays whose items are objects with a unique `id` (steps) or
 * `name` (parallel branches, set vars) are matched by that key, so inserting a step shows one added
 * step instead of every later index changing; other arrays are compared item by item when their
 * lengths match, and as a whole otherwise.
 */
import { canonicalJson } from './canonical.js';
import type { FieldChange } from './types.js';

/** Every leaf-level difference between `before` and `after`, in document order. */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, path, out);
  return out;
}

function walk(before: unknown, after: unknown, path: string, out: FieldChange[]): void {
  if (before === undefined && after === undefined) return;
  if (before === undefined) out.push({ path, op: 'add', after });
  else if (after === undefined) out.push({ path, op: 'remove', before });
  else if (isObject(before) && isObject(after)) walkObjects(before, after, path, out);
  else if (Array.isArray(before) && Array.isArray(after)) walkArrays(before, after, path, out);
  else if (canonicalJson(before) !== canonicalJson(after)) out.push({ path, op: 'change', before, after });
}

function walkObjects(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  path: string,
  out: FieldChange[],
) {
  const keys = [...Object.keys(before)];
  for (const key of Object.keys(after)) if (!(key in before)) keys.push(key);
  for (const key of keys) walk(before[key], after[key], join(path, key), out);
}

function walkArrays(before: unknown[], after: unknown[], path: string, out: FieldChange[]) {
  const key = arrayKey(before) && arrayKey(after) === arrayKey(before) ? arrayKey(before) : undefined;
  if (key) {
    const index = new Map(before.map((item) => [(item as Record<string, string>)[key], item]));
    const seen = new Set<string>();
    for (const item of after) {
      const id = (item as Record<string, string>)[key];
      seen.add(id);
      walk(index.get(id), item, `${path}[${id}]`, out);
    }
    for (const [id, item] of index) if (!seen.has(id)) walk(item, undefined, `${path}[${id}]`, out);
    return;
  }
  if (before.length === after.length && before.some((item) => isObject(item) || Array.isArray(item))) {
    before.forEach((item, i) => {
      walk(item, after[i], `${path}[${i}]`, out);
    });
    return;
  }
  if (canonicalJson(before) !== canonicalJson(after)) out.push({ path, op: 'change', before, after });
}

/** `id` or `name` when every item is an object with a unique string value for it. */
function arrayKey(items: unknown[]): 'id' | 'name' | undefined {
  if (items.length === 0) return undefined;
  for (const key of ['id', 'name'] as const) {
    const values = items.map((item) => (isObject(item) ? item[key] : undefined));
    if (values.every((v) => typeof v === 'string') && new Set(values).size === values.length) return key;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function join(path: string, key: string): string {
  const segment = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${segment}` : segment;
}
