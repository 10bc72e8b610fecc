/**
 * The runtime meaning of the structured condition operators (`equals`, `contains`, `gt`, ...). Each
 * operator is a CEL function `op_<name>` so that a structured condition desugars into one CEL
 * expression. The exact semantics (case, null, numbers vs strings) are documented in
 * docs/language.md "Operators"; a type mismatch throws an OperatorError (the step fails with that
 * message), it never evaluates to a silent false. Pure and deterministic.
 */
import { describeValue, kindOf } from './values.js';

/** A run-time type error raised by an operator helper. */
export class OperatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperatorError';
  }
}

/** Numbers from data are doubles, CEL literals are BigInt ints: compare them as one kind. */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** A string that is a plain decimal number ("42", "-3.5"), for comparisons against numbers. */
function numericString(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

function entriesOf(value: unknown): Array<[string, unknown]> {
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [String(k), v]);
  return Object.entries(value as object);
}

/** Equality used by equals / in / contains-on-lists: numbers by value, everything else strictly by kind. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  const [ka, kb] = [kindOf(a), kindOf(b)];
  if (ka !== kb) return false;
  switch (ka) {
    case 'null':
      return true;
    case 'number':
      return asNumber(a) === asNumber(b);
    case 'timestamp':
      return (a as Date).getTime() === (b as Date).getTime();
    case 'list':
      return listsEqual(a as unknown[], b as unknown[]);
    case 'map':
      return mapsEqual(a, b);
    default:
      return a === b;
  }
}

function listsEqual(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => valuesEqual(item, b[i]));
}

function mapsEqual(a: unknown, b: unknown): boolean {
  const ea = entriesOf(a);
  const mb = new Map(entriesOf(b));
  return ea.length === mb.size && ea.every(([k, v]) => mb.has(k) && valuesEqual(v, mb.get(k)));
}

function requireString(op: string, role: string, value: unknown): string {
  if (typeof value === 'string') return value;
  throw new OperatorError(`${op}: the ${role} must be a string, got ${describeValue(value)}`);
}

/** `contains`: case-insensitive substring on strings, element equality on lists, key presence on maps. */
export function opContains(field: unknown, value: unknown): boolean {
  switch (kindOf(field)) {
    case 'null':
      return false;
    case 'string':
      return (field as string)
        .toLowerCase()
        .includes(requireString('contains', 'value', value).toLowerCase());
    case 'list':
      return (field as unknown[]).some((item) => valuesEqual(item, value));
    case 'map':
      return entriesOf(field).some(([k]) => k === requireString('contains', 'value', value));
    default:
      throw new OperatorError(
        `contains: cannot search in ${describeValue(field)}; use a string, list or map`,
      );
  }
}

function affix(op: 'starts_with' | 'ends_with', field: unknown, value: unknown): boolean {
  if (field === null || field === undefined) return false;
  const text = requireString(op, 'field', field).toLowerCase();
  const part = requireString(op, 'value', value).toLowerCase();
  return op === 'starts_with' ? text.startsWith(part) : text.endsWith(part);
}

export const opStartsWith = (field: unknown, value: unknown) => affix('starts_with', field, value);
export const opEndsWith = (field: unknown, value: unknown) => affix('ends_with', field, value);

/** `is_empty`: null, "", [] and {} are empty; numbers and booleans are never empty. */
export function opIsEmpty(field: unknown): boolean {
  switch (kindOf(field)) {
    case 'null':
      return true;
    case 'string':
      return (field as string).length === 0;
    case 'list':
      return (field as unknown[]).length === 0;
    case 'map':
      return entriesOf(field).length === 0;
    default:
      return false;
  }
}

function asTime(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/**
 * Orders two values: numbers (a numeric string counts as its number when the other side is a number),
 * timestamps (a Date against an ISO 8601 string), or two strings (by code unit). Null gives undefined
 * (every ordering comparison with null is false); anything else is a type error.
 */
export function compareValues(op: string, a: unknown, b: unknown): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  const [na, nb] = [asNumber(a), asNumber(b)];
  if (na !== undefined || nb !== undefined) {
    const x = na ?? numericString(a);
    const y = nb ?? numericString(b);
    if (x !== undefined && y !== undefined) return x - y;
  } else if (a instanceof Date || b instanceof Date) {
    const [ta, tb] = [asTime(a), asTime(b)];
    if (ta !== undefined && tb !== undefined) return ta - tb;
  } else if (typeof a === 'string' && typeof b === 'string') {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  throw new OperatorError(`${op}: cannot compare ${describeValue(a)} with ${describeValue(b)}`);
}

export function ordered(op: 'gt' | 'gte' | 'lt' | 'lte', a: unknown, b: unknown): boolean {
  const c = compareValues(op, a, b);
  if (c === undefined) return false;
  return op === 'gt' ? c > 0 : op === 'gte' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0;
}

/** `between`: inclusive on both ends; `range` must be a two-element list `[low, high]`. */
export function opBetween(field: unknown, range: unknown): boolean {
  if (!Array.isArray(range) || range.length !== 2) {
    throw new OperatorError(`between: the value must be a list [low, high], got ${describeValue(range)}`);
  }
  return ordered('gte', field, range[0]) && ordered('lte', field, range[1]);
}

/** `in`: membership by `equals`; a scalar value is treated as a one-element list. Null is in nothing. */
export function opIn(field: unknown, list: unknown): boolean {
  if (field === null || field === undefined) return false;
  const items = Array.isArray(list) ? list : [list];
  return items.some((item) => valuesEqual(field, item));
}

function field(value: unknown, key: string): unknown {
  if (kindOf(value) !== 'map') return undefined;
  return value instanceof Map ? value.get(key) : (value as Record<string, unknown>)[key];
}

/**
 * The change of one attribute in a record event: from `trigger.changes` (slug -> {from, to}, what
 * the runtime delivers), from `trigger.payload.changes` (a list of
 * `{field, from, to}`, record.updated) or from a transition payload (`field`, `from`, `to`:
 * field.changed, stage.changed, status.changed). Any other trigger has no changes: a type error.
 */
function changeOf(op: string, trigger: unknown, slug: string): { from: unknown; to: unknown } | undefined {
  const byField = field(trigger, 'changes');
  if (kindOf(byField) === 'map') {
    const change = field(byField, slug);
    return change == null
      ? undefined
      : { from: field(change, 'from') ?? null, to: field(change, 'to') ?? null };
  }
  const payload = field(trigger, 'payload');
  const changes = field(payload, 'changes');
  if (Array.isArray(changes)) {
    const change = changes.find((c) => field(c, 'field') === slug);
    return change === undefined
      ? undefined
      : { from: field(change, 'from') ?? null, to: field(change, 'to') ?? null };
  }
  if (typeof field(payload, 'field') === 'string') {
    if (field(payload, 'field') !== slug) return undefined;
    return { from: field(payload, 'from') ?? null, to: field(payload, 'to') ?? null };
  }
  throw new OperatorError(
    `${op}: this trigger carries no field changes (only record update and change events do)`,
  );
}

/** `changed`: the record update changed this field (any old and new value). */
export const opChanged = (trigger: unknown, slug: string) => changeOf('changed', trigger, slug) !== undefined;

/** `changed_to`: the field changed and its new value equals `value`. */
export function opChangedTo(trigger: unknown, slug: string, value: unknown): boolean {
  const change = changeOf('changed_to', trigger, slug);
  return change !== undefined && valuesEqual(change.to, value);
}

/** `changed_from`: the field changed and its old value equals `value`. */
export function opChangedFrom(trigger: unknown, slug: string, value: unknown): boolean {
  const change = changeOf('changed_from', trigger, slug);
  return change !== undefined && valuesEqual(change.from, value);
}
