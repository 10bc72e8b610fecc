import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, test } from 'vitest';
import { input } from '../../../src/registry/schema-helpers.js';
import { ifThen } from '../../../src/schema/fragments.js';
import { pruneErrors } from '../../../src/schema/prune-errors.js';

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, allowUnionTypes: true });

function errorsOf(schema: object, data: unknown): ErrorObject[] {
  const validate = ajv.compile(schema);
  validate(data);
  return pruneErrors(validate.errors ?? []);
}

describe('pruneErrors', () => {
  test('a templated enum reports only the enum error', () => {
    const schema = { type: 'object', properties: { priority: input.enum(['high', 'low'], 'Priority.') } };
    const errors = errorsOf(schema, { priority: 'hgh' });
    expect(errors.map((e) => e.keyword)).toEqual(['enum']);
    expect(errorsOf(schema, { priority: '${{ vars.p }}' })).toEqual([]);
  });

  test('a templated number keeps the template-pattern error (it is the type error)', () => {
    const schema = { type: 'object', properties: { limit: input.integer('Limit.') } };
    expect(errorsOf(schema, { limit: 'lots' }).map((e) => e.keyword)).toEqual(['pattern']);
    expect(errorsOf(schema, { limit: 5 })).toEqual([]);
  });

  test('a combinator with errorMessage replaces the errors below it', () => {
    const schema = {
      type: 'object',
      oneOf: [{ required: ['a'] }, { required: ['b'] }],
      errorMessage: 'needs a or b',
    };
    const errors = errorsOf(schema, {});
    expect(errors.map((e) => e.keyword)).toEqual(['oneOf']);
  });

  test('if/then bookkeeping errors are dropped, the then-branch error stays', () => {
    const schema = ifThen({ required: ['x'] }, { required: ['y'] });
    expect(errorsOf(schema, { x: 1 }).map((e) => e.keyword)).toEqual(['required']);
  });
});
