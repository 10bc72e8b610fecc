/**
 * Conversions between CEL runtime values and plain JSON. CEL integers are BigInt and maps come back as
 * null-prototype objects; the IR, the run store and Temporal payloads need plain JSON, so every value
 * that leaves an evaluation goes through `toJson`. Pure: usable inside Temporal workflow code.
 */

/** A JSON value as stored in run records and passed between activities. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Converts a CEL result to plain JSON: int -> number, timestamp -> ISO string, bytes -> base64, map -> object. */
export function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return bigintToJson(value);
    case 'object':
      return objectToJson(value as object);
    default:
      return String(value);
  }
}

function bigintToJson(value: bigint): JsonValue {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
}

function objectToJson(value: object): JsonValue {
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return bytesToBase64(value);
  if (value instanceof Map) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of value) out[String(k)] = toJson(v);
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype) {
    // CEL wrapper classes (durations, unsigned ints, optionals): their string form is the useful one.
    const text = String(value);
    if (text !== '[object Object]') return text;
  }
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
  return out;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 without Buffer or btoa, so it also runs in the workflow sandbox. */
function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i], bytes[i + 1] ?? 0, bytes[i + 2] ?? 0];
    const n = (a << 16) | (b << 8) | c;
    out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? BASE64[n & 63] : '=';
  }
  return out;
}

/** The kind of a runtime value as the operator helpers reason about it. */
export type ValueKind = 'null' | 'bool' | 'number' | 'string' | 'timestamp' | 'list' | 'map' | 'other';

export function kindOf(value: unknown): ValueKind {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'string') return 'string';
  if (value instanceof Date) return 'timestamp';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Map || typeof value === 'object') return 'map';
  return 'other';
}

/** Short human description of a value for error messages: `string "abc"`, `number 5`, `null`. */
export function describeValue(value: unknown): string {
  const kind = kindOf(value);
  if (kind === 'null') return 'null';
  if (kind === 'string') return `string ${JSON.stringify(truncate(value as string))}`;
  if (kind === 'number' || kind === 'bool') return `${kind} ${String(value)}`;
  return kind;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * A timestamp value cel-js recognises, also inside Temporal's workflow sandbox. cel-js finds a value's
 * type by `value.constructor` and registered the global `Date` when it loaded. In the sandbox that
 * global is Temporal's deterministic replacement, while `new Date()` still yields instances whose
 * prototype constructor is the original `Date`, so the lookup failed ("Unsupported type: Date") for
 * every `now`. An own `constructor` property pointing at the current global fixes the lookup; the
 * value is otherwise an ordinary Date.
 */
export function celTimestamp(at: Date | number): Date {
  const value = new Date(typeof at === 'number' ? at : at.getTime());
  if (value.constructor !== Date)
    Object.defineProperty(value, 'constructor', { value: Date, enumerable: false });
  return value;
}
