import { describe, expect, it } from 'vitest';
import { conditionToCel, evaluateCondition, OPERATORS } from '../../../src/cel/index.js';

/** Desugars `{field, op, value}` and evaluates it against a record with `values`. */
function run(op: string, fieldValue: unknown, value?: unknown, extra: Record<string, unknown> = {}) {
  const cond =
    value === undefined ? { field: 'record.values.f', op } : { field: 'record.values.f', op, value };
  const { cel, problems } = conditionToCel(cond);
  expect(problems).toEqual([]);
  const values = fieldValue === undefined ? {} : { f: fieldValue };
  return evaluateCondition(cel as string, { record: { values }, trigger: {}, ...extra });
}

const yes = { ok: true, value: true };
const no = { ok: true, value: false };

describe('structured condition operators', () => {
  it('has a test row for every operator', () => {
    expect(OPERATORS).toHaveLength(18);
  });

  it('equals / not_equals: numbers by value, strings exact and case-sensitive, no coercion', () => {
    expect(run('equals', 5, 5)).toEqual(yes);
    expect(run('equals', 5.0, 5)).toEqual(yes);
    expect(run('equals', 'won', 'won')).toEqual(yes);
    expect(run('equals', 'Won', 'won')).toEqual(no);
    expect(run('equals', '5', 5)).toEqual(no);
    expect(run('equals', undefined, null)).toEqual(yes);
    expect(run('equals', ['a', 1], ['a', 1])).toEqual(yes);
    expect(run('not_equals', 'a', 'b')).toEqual(yes);
    expect(run('not_equals', null, null)).toEqual(no);
  });

  it('contains / not_contains: case-insensitive substring, list element, map key; null contains nothing', () => {
    expect(run('contains', 'Hello World', 'world')).toEqual(yes);
    expect(run('contains', ['vip', 'eu'], 'eu')).toEqual(yes);
    expect(run('contains', ['vip'], 'VIP')).toEqual(no);
    expect(run('contains', { a: 1 }, 'a')).toEqual(yes);
    expect(run('contains', undefined, 'x')).toEqual(no);
    expect(run('not_contains', undefined, 'x')).toEqual(yes);
    expect(run('not_contains', 'abc', 'B')).toEqual(no);
    const bad = run('contains', 42, 'x');
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.error.message).toMatch(/contains: cannot search in number 42/);
  });

  it('starts_with / ends_with: case-insensitive strings, null is false, other types are errors', () => {
    expect(run('starts_with', 'ACME Corp', 'acme')).toEqual(yes);
    expect(run('ends_with', 'john@Acme.com', '@acme.com')).toEqual(yes);
    expect(run('starts_with', undefined, 'a')).toEqual(no);
    expect(run('ends_with', 'abc', 'x')).toEqual(no);
    expect(run('starts_with', 12, '1').ok).toBe(false);
  });

  it('is_empty / is_not_empty: null, "", [] and {} are empty; 0 and false are not', () => {
    for (const empty of [undefined, null, '', [], {}]) expect(run('is_empty', empty)).toEqual(yes);
    for (const full of [0, false, ' ', ['x'], { a: 1 }]) expect(run('is_empty', full)).toEqual(no);
    expect(run('is_not_empty', 'x')).toEqual(yes);
    expect(run('is_not_empty', undefined)).toEqual(no);
  });

  it('gt / gte / lt / lte: numbers, numeric strings against numbers, strings, timestamps; null is false', () => {
    expect(run('gt', 10001, 10000)).toEqual(yes);
    expect(run('gte', 10000, 10000)).toEqual(yes);
    expect(run('lt', 1.5, 2)).toEqual(yes);
    expect(run('lte', 3, 2)).toEqual(no);
    expect(run('gt', '15000', 10000)).toEqual(yes);
    expect(run('lt', '2026-01-01', '2026-06-01')).toEqual(yes);
    expect(run('gt', undefined, 1)).toEqual(no);
    expect(run('lt', undefined, 1)).toEqual(no);
    const bad = run('gt', 'abc', 5);
    expect(bad.ok ? '' : bad.error.message).toBe('gt: cannot compare string "abc" with number 5');
    expect(run('gt', true, 1).ok).toBe(false);
  });

  it('gt compares timestamps with ISO strings', () => {
    const { cel } = conditionToCel({ field: 'record.values.f', op: 'gt', value: '2026-01-01T00:00:00Z' });
    const later = evaluateCondition(`op_gt(now, "2026-01-01T00:00:00Z")`, { now: '2026-02-01T00:00:00Z' });
    expect(later).toEqual(yes);
    expect(cel).toContain('op_gt(');
  });

  it('between: inclusive [low, high]', () => {
    expect(run('between', 5, [1, 5])).toEqual(yes);
    expect(run('between', 1, [1, 5])).toEqual(yes);
    expect(run('between', 6, [1, 5])).toEqual(no);
    expect(run('between', undefined, [1, 5])).toEqual(no);
  });

  it('in / not_in: membership by equals; a scalar value is a one-element list', () => {
    expect(run('in', 'EU', ['EU', 'US'])).toEqual(yes);
    expect(run('in', 'eu', ['EU', 'US'])).toEqual(no);
    expect(run('in', 3, [1, 2, 3])).toEqual(yes);
    expect(run('in', 'EU', 'EU')).toEqual(yes);
    expect(run('in', undefined, ['EU'])).toEqual(no);
    expect(run('not_in', undefined, ['EU'])).toEqual(yes);
    expect(run('not_in', 'APAC', ['EU', 'US'])).toEqual(yes);
  });

  it('changed / changed_to / changed_from read trigger.payload.changes', () => {
    const trigger = {
      payload: { changes: [{ field: 'f', from: 'lead', to: 'negotiation' }], values: {}, previous: {} },
    };
    expect(run('changed', 'negotiation', undefined, { trigger })).toEqual(yes);
    expect(run('changed_to', 'negotiation', 'negotiation', { trigger })).toEqual(yes);
    expect(run('changed_to', 'negotiation', 'won', { trigger })).toEqual(no);
    expect(run('changed_from', 'negotiation', 'lead', { trigger })).toEqual(yes);
    const other = { payload: { changes: [{ field: 'g', from: 1, to: 2 }] } };
    expect(run('changed', 'x', undefined, { trigger: other })).toEqual(no);
  });

  it('changed reads transition payloads (field.changed, stage.changed)', () => {
    const trigger = { payload: { field: 'f', from: 'a', to: 'b' } };
    expect(run('changed_to', 'b', 'b', { trigger })).toEqual(yes);
    expect(run('changed_from', 'b', 'x', { trigger })).toEqual(no);
  });

  it('changed on a trigger without changes is an error, not false', () => {
    const result = run('changed', 'x', undefined, { trigger: { payload: { recordId: 'r1' } } });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toMatch(/carries no field changes/);
  });
});

describe('changed with the runtime event shape', () => {
  it('reads trigger.changes (slug -> {from, to})', () => {
    const trigger = { changes: { f: { from: 1, to: 2 } }, payload: {} };
    expect(run('changed_to', 2, 2, { trigger })).toEqual(yes);
    expect(run('changed_from', 2, 1, { trigger })).toEqual(yes);
    expect(run('changed', 2, undefined, { trigger: { changes: {}, payload: {} } })).toEqual(no);
  });
});
