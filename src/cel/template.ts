/**
 * `${{ <cel> }}` templates in `with:` and `input:` values. A string that is exactly one `${{ }}`
 * (surrounding whitespace allowed) keeps the expression's type; any other string with expressions is
 * interpolated into a string (null renders as "", maps and lists as JSON). An expression cannot contain
 * the characters `}}`: write `} }` inside map literals.
 */
import { type Activation, evaluateRaw } from './evaluate.js';
import { type JsonValue, toJson } from './values.js';

/** A piece of a template string: literal text, or an expression with its offset in the string. */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'expr'; cel: string; offset: number };

const PATTERN = /\$\{\{([\s\S]*?)\}\}/g;

/** Splits a string into text and `${{ }}` parts; `offset` points at the expression's first character. */
export function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of text.matchAll(PATTERN)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ kind: 'text', text: text.slice(last, index) });
    const inner = match[1];
    const lead = inner.length - inner.trimStart().length;
    parts.push({ kind: 'expr', cel: inner.trim(), offset: index + 3 + lead });
    last = index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** True when the string has at least one `${{ }}`. */
export function hasTemplate(text: string): boolean {
  return text.includes('${{');
}

/** Calls `visit` for every string in a value tree, with its path (keys and indices). */
export function walkStrings(
  value: unknown,
  visit: (text: string, path: Array<string | number>) => void,
  path: Array<string | number> = [],
): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) walkStrings(item, visit, [...path, i]);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walkStrings(v, visit, [...path, k]);
  }
}

export type RenderResult =
  | { ok: true; value: JsonValue }
  | { ok: false; error: { message: string; path: Array<string | number>; expression: string } };

class RenderFailure extends Error {
  constructor(
    message: string,
    readonly path: Array<string | number>,
    readonly expression: string,
  ) {
    super(message);
  }
}

function renderString(text: string, activation: Activation, path: Array<string | number>): JsonValue {
  if (!hasTemplate(text)) return text;
  const parts = templateParts(text);
  const exprs = parts.filter((p) => p.kind === 'expr');
  const single = exprs.length === 1 && parts.every((p) => p.kind === 'expr' || p.text.trim() === '');
  const values = exprs.map((p) => {
    const result = evaluateRaw(p.cel, activation);
    if (!result.ok) throw new RenderFailure(result.error.message, path, p.cel);
    return toJson(result.value);
  });
  if (single) return values[0];
  let i = 0;
  return parts.map((p) => (p.kind === 'text' ? p.text : stringify(values[i++]))).join('');
}

function stringify(value: JsonValue): string {
  if (value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function renderValue(value: unknown, activation: Activation, path: Array<string | number>): JsonValue {
  if (typeof value === 'string') return renderString(value, activation, path);
  if (Array.isArray(value)) return value.map((v, i) => renderValue(v, activation, [...path, i]));
  if (value && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderValue(v, activation, [...path, k]);
    return out;
  }
  return toJson(value);
}

/** Renders every `${{ }}` in a value tree; the first failing expression is the error, with its path. */
export function renderTemplate(template: unknown, activation: Activation): RenderResult {
  try {
    return { ok: true, value: renderValue(template, activation, []) };
  } catch (error) {
    if (error instanceof RenderFailure) {
      return { ok: false, error: { message: error.message, path: error.path, expression: error.expression } };
    }
    throw error;
  }
}
