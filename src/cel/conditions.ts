/**
 * Structured conditions (what a visual builder produces) desugar into one CEL expression that calls
 * the `op_<name>` helpers, so conditions and hand-written CEL run through the same evaluator.
 *
 *   { all: [ {field: record.values.amount, op: gte, value: 10000}, {expr: 'record.values.region == "EU"'} ] }
 *   => (op_gte((has(record.values.amount) ? record.values.amount : null), 10000) && (record.values.region == "EU"))
 */

/** The operators of a structured condition, in the order docs/language.md lists them. */
export const OPERATORS = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'is_empty',
  'is_not_empty',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'in',
  'not_in',
  'changed',
  'changed_to',
  'changed_from',
] as const;

export type Operator = (typeof OPERATORS)[number];

/** Operators that take no `value`. */
export const UNARY_OPERATORS: ReadonlySet<string> = new Set(['is_empty', 'is_not_empty', 'changed']);

/** What a user writes under `conditions:` (raw, before checking). */
export type RawCondition =
  | { all: RawCondition[] }
  | { any: RawCondition[] }
  | { not: RawCondition }
  | { field: string; op: string; value?: unknown }
  | { expr: string };

/** A problem found while desugaring, with the path (keys/indices) below the condition it came from. */
export interface ConditionProblem {
  path: Array<string | number>;
  message: string;
  fix?: string;
}

export interface DesugarResult {
  cel?: string;
  problems: ConditionProblem[];
}

/** A JSON value as a CEL literal. */
export function celLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(celLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${celLiteral(v)}`)
      .join(', ')}}`;
  }
  return 'null';
}

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** A missing field reads as null (so `is_empty` on an absent value is true, not an error). */
function fieldAccess(field: string): string {
  return field.includes('.') ? `(has(${field}) ? ${field} : null)` : field;
}

function leaf(
  cond: { field: string; op: string; value?: unknown },
  path: Array<string | number>,
): DesugarResult {
  const { field, op } = cond;
  if (typeof field !== 'string' || !PATH.test(field)) {
    return fail(
      path.concat('field'),
      `\`field\` must be a dotted path such as record.values.amount, got ${JSON.stringify(field)}`,
    );
  }
  if (!(OPERATORS as readonly string[]).includes(op)) {
    return fail(
      path.concat('op'),
      `unknown operator ${JSON.stringify(op)}`,
      `use one of: ${OPERATORS.join(', ')}`,
    );
  }
  if (!UNARY_OPERATORS.has(op) && !('value' in cond)) {
    return fail(path, `operator \`${op}\` needs a \`value\``);
  }
  if (op === 'between' && !(Array.isArray(cond.value) && cond.value.length === 2)) {
    return fail(path.concat('value'), '`between` needs `value: [low, high]`');
  }
  if (op.startsWith('changed')) return changedLeaf(field, op, cond.value, path);
  const args = UNARY_OPERATORS.has(op)
    ? fieldAccess(field)
    : `${fieldAccess(field)}, ${celLiteral(cond.value)}`;
  return { cel: `op_${op}(${args})`, problems: [] };
}

function changedLeaf(field: string, op: string, value: unknown, path: Array<string | number>): DesugarResult {
  const slug = /^record\.values\.([A-Za-z0-9_]+)$/.exec(field)?.[1];
  if (!slug) {
    return fail(path.concat('field'), `\`${op}\` works on a record field, written record.values.<field>`);
  }
  const args = op === 'changed' ? `trigger, "${slug}"` : `trigger, "${slug}", ${celLiteral(value)}`;
  return { cel: `op_${op}(${args})`, problems: [] };
}

function fail(path: Array<string | number>, message: string, fix?: string): DesugarResult {
  return { problems: [{ path, message, fix }] };
}

function group(items: RawCondition[], joiner: '&&' | '||', path: Array<string | number>): DesugarResult {
  if (!Array.isArray(items) || items.length === 0)
    return fail(path, 'a condition group needs at least one item');
  const parts = items.map((item, i) => conditionToCel(item, path.concat(i)));
  const problems = parts.flatMap((p) => p.problems);
  if (problems.length > 0) return { problems };
  const cel = parts.length === 1 ? parts[0].cel : parts.map((p) => `(${p.cel})`).join(` ${joiner} `);
  return { cel, problems: [] };
}

/** Desugars one structured condition into CEL; `path` is prefixed to every problem's path. */
export function conditionToCel(cond: RawCondition, path: Array<string | number> = []): DesugarResult {
  if (typeof cond !== 'object' || cond === null) return fail(path, 'a condition must be a mapping');
  if ('all' in cond) return group(cond.all, '&&', path.concat('all'));
  if ('any' in cond) return group(cond.any, '||', path.concat('any'));
  if ('not' in cond) {
    const inner = conditionToCel(cond.not, path.concat('not'));
    return inner.cel ? { cel: `!(${inner.cel})`, problems: [] } : inner;
  }
  if ('expr' in cond) {
    return typeof cond.expr === 'string'
      ? { cel: cond.expr, problems: [] }
      : fail(path.concat('expr'), '`expr` must be a string');
  }
  if ('field' in cond || 'op' in cond)
    return leaf(cond as { field: string; op: string; value?: unknown }, path);
  return fail(path, 'a condition needs one of: all, any, not, expr, or field + op');
}

/** Desugars a list of conditions (implicitly `all`) or a single condition. */
export function conditionsToCel(
  conds: RawCondition | RawCondition[],
  path: Array<string | number> = [],
): DesugarResult {
  return Array.isArray(conds) ? group(conds, '&&', path) : conditionToCel(conds, path);
}
