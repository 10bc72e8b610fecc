import { describe, expect, it } from 'vitest';
import {
  compilePolicies,
  counterView,
  decide,
  filterRead,
  filterToolResult,
  touchedFields,
} from '../../../src/policy/index.js';
import { NOW, policy } from './policy-fixtures.js';

describe('touchedFields: which argument keys are fields', () => {
  it.each([
    ['envelope keys are not fields', { record: 'r1', object: 'deals' }, []],
    ['container keys are transparent', { record: 'r1', values: { stage: 'won' } }, ['stage']],
    ['nested objects extend the path', { values: { nested: { salary: 1 } } }, ['nested.salary']],
    [
      'arrays share their parent path',
      { values: { people: [{ salary: 1 }, { name: 'x' }] } },
      ['people.name', 'people.salary'],
    ],
    [
      'containers nested anywhere stay transparent',
      { values: { meta: { field_updates: { salary: 2 } } } },
      ['meta.salary'],
    ],
    ['unknown top-level keys are fields', { salary: 5, record: 'r1' }, ['salary']],
    ['an envelope key holding an object is a field', { record: { salary: 1 } }, ['record.salary']],
    [
      '`fields` and `sort` name fields',
      { fields: ['email', 'address.city'], sort: '-amount' },
      ['address.city', 'amount', 'email'],
    ],
    [
      'empty objects and arrays replace the field',
      { values: { tags: [], address: {} } },
      ['address', 'tags'],
    ],
    ['an empty container writes nothing', { values: {} }, []],
    ['a scalar container touches every field', { values: 5 }, ['*']],
    ['the platform spelling field_updates', { record_id: 'r', field_updates: { email: 'x' } }, ['email']],
  ])('%s', (_label, args, expected) => {
    expect(touchedFields(args as Record<string, unknown>)).toEqual(expected);
  });
});

describe('nested write arguments against write: [stage, notes, address.city]', () => {
  const index = compilePolicies([
    policy({
      name: 'w',
      type: 'field_restriction',
      tools: ['update_record', 'create_record'],
      write: ['stage', 'notes', 'address.city'],
    }),
  ]);
  const outcome = (args: Record<string, unknown>) =>
    decide(index, { agent: 'a', tool: 'update_record', args }, counterView(), { now: NOW }).outcome;

  it.each([
    [{ values: { stage: 'won' } }, 'ALLOW'],
    [{ values: { nested: { salary: 1 } } }, 'BLOCK'],
    [{ values: { stage: 'won', items: [{ ok: 1 }, { salary: 1 }] } }, 'BLOCK'],
    [{ values: { address: { city: 'Oslo' } } }, 'ALLOW'],
    [{ values: { address: { city: 'Oslo', street: 'x' } } }, 'BLOCK'],
    [{ values: { address: 'overwrite' } }, 'BLOCK'],
    [{ values: { notes: { deep: { deeper: [1, 2] } } } }, 'ALLOW'],
    [{ values: { stage: 'won' }, extra: { values: { salary: 1 } } }, 'BLOCK'],
    [{ field_updates: { salary: 1 } }, 'BLOCK'],
    [{ record: 'r1', values: {} }, 'ALLOW'],
  ])('%j -> %s', (args, expected) => {
    expect(outcome(args)).toBe(expected);
  });
});

describe('filterRead', () => {
  it('removes unlisted fields, nested objects and arrays too', () => {
    const values = {
      name: 'Ann',
      salary: 100,
      address: { city: 'Oslo', street: 'Main 1' },
      contacts: [
        { email: 'a@x', phone: '1' },
        { email: 'b@x', phone: '2' },
      ],
    };
    expect(filterRead(values, ['name', 'address.city', 'contacts.email'])).toEqual({
      name: 'Ann',
      address: { city: 'Oslo' },
      contacts: [{ email: 'a@x' }, { email: 'b@x' }],
    });
  });
  it('keeps a whole subtree when its root is listed, and nothing with an empty list', () => {
    expect(filterRead({ address: { city: 'Oslo', street: 'x' }, b: 1 }, ['address'])).toEqual({
      address: { city: 'Oslo', street: 'x' },
    });
    expect(filterRead({ a: 1 }, [])).toEqual({});
  });
});

describe('filterToolResult', () => {
  it('filters the values of every record in a result and keeps ids and totals', () => {
    const result = {
      records: [{ id: 'r1', object: 'people', values: { name: 'Ann', salary: 1 } }],
      total: 1,
    };
    expect(filterToolResult(result, [['name', 'salary'], ['name']])).toEqual({
      records: [{ id: 'r1', object: 'people', values: { name: 'Ann' } }],
      total: 1,
    });
  });
  it('filters a flat result as fields, keeping envelope keys', () => {
    expect(filterToolResult({ id: 'p1', name: 'Ann', salary: 3 }, [['name']])).toEqual({
      id: 'p1',
      name: 'Ann',
    });
  });
});
