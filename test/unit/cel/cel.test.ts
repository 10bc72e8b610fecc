import { describe, expect, it } from 'vitest';
import {
  celDeclFromSchema,
  checkCel,
  collectReferences,
  compileCel,
  conditionsToCel,
  evaluateCel,
  evaluateCondition,
  renderTemplate,
  templateParts,
} from '../../../src/cel/index.js';

describe('compileCel', () => {
  it('returns the AST of a valid expression', () => {
    const result = compileCel('record.values.amount >= 10000');
    expect(result.ok).toBe(true);
  });

  it('returns a syntax error with its offset', () => {
    const result = compileCel('a +* 3');
    expect(result).toEqual({
      ok: false,
      error: { message: 'Unexpected token: MULTIPLY', code: 'unexpected_token', offset: 3, length: 1 },
    });
    expect(compileCel('  ').ok).toBe(false);
  });
});

describe('checkCel', () => {
  const roots = {
    trigger: {
      type: 'string',
      payload: celDeclFromSchema({
        type: 'object',
        properties: { amount: { type: 'number' }, name: { type: 'string' } },
        additionalProperties: false,
      }),
    },
    record: 'map',
    now: 'google.protobuf.Timestamp',
  };

  it('accepts a well-typed expression', () => {
    expect(checkCel('trigger.payload.amount > 3 && record.values.x == "a"', roots)).toEqual([]);
  });

  it('reports an unknown root, an unknown payload field and a type mismatch', () => {
    expect(checkCel('foo.bar', roots)[0]).toMatchObject({ kind: 'unknown-root', offset: 0, length: 3 });
    expect(checkCel('trigger.payload.amout > 3', roots)[0]).toMatchObject({
      kind: 'unknown-field',
      message: 'No such key: amout',
      offset: 16,
    });
    expect(checkCel('trigger.payload.name + 1', roots)[0]).toMatchObject({ kind: 'type' });
    expect(checkCel('a +', roots)[0]).toMatchObject({ kind: 'syntax' });
  });

  it('allows mixing int literals with double data in arithmetic', () => {
    expect(checkCel('trigger.payload.amount * 2 + 1 > 3', roots)).toEqual([]);
  });

  it('knows the op_ helpers', () => {
    expect(checkCel('op_in(record.values.region, ["EU", "US"])', roots)).toEqual([]);
  });
});

describe('celDeclFromSchema', () => {
  it('maps JSON Schema types to CEL declarations', () => {
    const decl = celDeclFromSchema({
      type: 'object',
      additionalProperties: false,
      properties: {
        n: { type: 'integer' },
        tags: { type: 'array', items: { type: 'string' } },
        free: { type: 'object' },
        u: { type: ['string', 'null'] },
      },
    });
    expect(decl).toEqual({ n: 'double', tags: 'list<string>', free: 'map', u: 'dyn' });
    expect(celDeclFromSchema({ type: 'object', properties: { a: {} }, additionalProperties: {} })).toBe(
      'map',
    );
  });
});

describe('evaluateCel', () => {
  it('returns plain JSON: ints as numbers, maps as objects, timestamps as ISO strings', () => {
    expect(evaluateCel('1 + 2', {})).toEqual({ ok: true, value: 3 });
    expect(evaluateCel('{"a": [1, 2.5]}', {})).toEqual({ ok: true, value: { a: [1, 2.5] } });
    expect(evaluateCel('now', { now: '2026-01-02T03:04:05.000Z' })).toEqual({
      ok: true,
      value: '2026-01-02T03:04:05.000Z',
    });
    expect(evaluateCel('x * 2', { x: 1.5 })).toEqual({ ok: true, value: 3 });
  });

  it('returns errors instead of throwing', () => {
    expect(evaluateCel('1 / 0', {})).toEqual({
      ok: false,
      error: { message: 'division by zero', code: 'division_by_zero' },
    });
    expect(evaluateCel('record.values.missing', { record: { values: {} } })).toMatchObject({ ok: false });
    expect(evaluateCel('a +', {})).toMatchObject({ ok: false, error: { code: 'unexpected_token' } });
  });

  it('requires conditions to be bools', () => {
    expect(evaluateCondition('1 + 1', {})).toMatchObject({ ok: false, error: { code: 'not_a_bool' } });
    expect(evaluateCondition('1 < 2', {})).toEqual({ ok: true, value: true });
  });
});

describe('templates', () => {
  const activation = {
    trigger: { payload: { n: 5, name: 'Ada', tags: ['a'] } },
    record: { values: { missing: null } },
  };

  it('splits a string into text and expressions with offsets', () => {
    expect(templateParts('Hi ${{ trigger.payload.name }}!')).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'expr', cel: 'trigger.payload.name', offset: 7 },
      { kind: 'text', text: '!' },
    ]);
  });

  it('keeps the type of a value that is exactly one expression, interpolates otherwise', () => {
    const result = renderTemplate(
      {
        n: '${{ trigger.payload.n }}',
        tags: ' ${{ trigger.payload.tags }} ',
        text: 'n=${{ trigger.payload.n }} ${{ record.values.missing }}|',
        nested: ['${{ 1 + 1 }}', 3],
      },
      activation,
    );
    expect(result).toEqual({ ok: true, value: { n: 5, tags: ['a'], text: 'n=5 |', nested: [2, 3] } });
  });

  it('reports the failing expression and its path', () => {
    const result = renderTemplate({ a: { b: 'x ${{ trigger.payload.nope }}' } }, activation);
    expect(result).toMatchObject({
      ok: false,
      error: { path: ['a', 'b'], expression: 'trigger.payload.nope' },
    });
  });
});

describe('collectReferences', () => {
  it('finds maximal member chains with their offsets', () => {
    const ast = compileCel(
      'steps.fetch.output.items.exists(i, i.x > 1) && secrets.TOKEN != trigger.payload["a-b"]',
    );
    if (!ast.ok) throw new Error('parse failed');
    const refs = collectReferences(ast.ast).map((r) => `${r.root}:${r.path.join('.')}@${r.start}`);
    expect(refs).toEqual([
      'steps:fetch.output.items@0',
      'i:@32',
      'i:x@35',
      'secrets:TOKEN@47',
      'trigger:payload.a-b@64',
    ]);
  });
});

describe('conditionsToCel', () => {
  it('desugars nested all/any/not/expr into one expression', () => {
    const result = conditionsToCel({
      all: [
        { field: 'record.values.amount', op: 'gte', value: 10000 },
        {
          any: [
            { expr: 'record.values.region == "EU"' },
            { not: { field: 'record.values.tags', op: 'is_empty' } },
          ],
        },
      ],
    });
    expect(result.cel).toBe(
      '(op_gte((has(record.values.amount) ? record.values.amount : null), 10000)) && ((record.values.region == "EU") || (!(op_is_empty((has(record.values.tags) ? record.values.tags : null)))))',
    );
    expect(
      evaluateCondition(result.cel as string, {
        record: { values: { amount: 20000, region: 'US', tags: ['x'] } },
      }),
    ).toEqual({ ok: true, value: true });
  });

  it('reports unknown operators, missing values and bad between ranges with their paths', () => {
    expect(
      conditionsToCel([{ field: 'record.values.a', op: 'greater_than', value: 1 }]).problems[0],
    ).toMatchObject({ path: [0, 'op'] });
    expect(conditionsToCel([{ field: 'record.values.a', op: 'gt' }]).problems[0]).toMatchObject({
      path: [0],
      message: 'operator `gt` needs a `value`',
    });
    expect(conditionsToCel({ field: 'record.values.a', op: 'between', value: [1] }).problems[0].path).toEqual(
      ['value'],
    );
    expect(conditionsToCel({ field: 'trigger.payload.a', op: 'changed' }).problems[0].message).toMatch(
      /record.values/,
    );
  });
});
