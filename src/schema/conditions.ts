/**
 * Structured conditions: `{all: [...]}`, `{any: [...]}` (nestable), `{expr: <cel>}` and
 * `{field, op, value}` with the fixed operator set. They are sugar over CEL; the compiler desugars them.
 */

import {
  OPERATORS as CONDITION_OPERATORS,
  UNARY_OPERATORS as UNARY_OPERATOR_SET,
} from '../cel/conditions.js';
import type { JsonSchema } from '../registry/types.js';
import { closed, expr, ifThen, ref } from './fragments.js';

/** Operators that take no `value` (the same set the desugaring uses). */
const UNARY_OPERATORS = [...UNARY_OPERATOR_SET];

const OPERATOR_HELP =
  'Operator: equals, not_equals, contains, not_contains, starts_with, ends_with, is_empty, is_not_empty, gt, gte, lt, lte, between, in, not_in, changed, changed_to, changed_from.';

const list = (description: string): JsonSchema => ({
  type: 'array',
  items: ref('condition', 'A condition.'),
  minItems: 1,
  description,
});

const fieldProps: Record<string, JsonSchema> = {
  field: {
    type: 'string',
    minLength: 1,
    description: 'Path of the value to test, e.g. `record.values.amount` or `trigger.payload.priority`.',
  },
  op: { enum: [...CONDITION_OPERATORS], description: OPERATOR_HELP },
  value: {
    description:
      'The value to compare with: a list for `in`/`not_in`, `[low, high]` for `between`; none for is_empty, is_not_empty, changed.',
  },
};

/** Per-operator rules on `value`. */
const valueRules: JsonSchema[] = [
  ifThen(
    { properties: { op: { enum: UNARY_OPERATORS } }, required: ['op'] },
    {
      not: { required: ['value'] },
      errorMessage: 'this operator takes no `value`',
      'x-code': 'schema/unexpected-value',
      'x-at': 'value',
      'x-fix': 'remove `value`',
    },
  ),
  ifThen(
    { properties: { op: { const: 'between' } }, required: ['op'] },
    {
      required: ['value'],
      properties: {
        value: { type: 'array', minItems: 2, maxItems: 2, description: '`[low, high]`, inclusive.' },
      },
    },
  ),
  ifThen(
    { properties: { op: { enum: ['in', 'not_in'] } }, required: ['op'] },
    {
      required: ['value'],
      properties: { value: { type: 'array', description: 'The allowed (or excluded) values.' } },
    },
  ),
  ifThen(
    {
      properties: { op: { not: { enum: [...UNARY_OPERATORS, 'between', 'in', 'not_in'] } } },
      required: ['op'],
    },
    { required: ['value'] },
  ),
];

/** The `condition` definition (recursive through `all` / `any`). */
export const conditionDefinition: JsonSchema = {
  type: 'object',
  description:
    'A condition: `{all: [...]}`, `{any: [...]}`, `{expr: <CEL>}` or `{field, op, value}`. Groups nest.',
  properties: {
    all: list('Every condition must hold.'),
    any: list('At least one condition must hold.'),
    expr: expr('A CEL expression that must be true, e.g. `record.values.region in ["EU", "US"]`.'),
    ...fieldProps,
  },
  anyOf: [
    { required: ['all'] },
    { required: ['any'] },
    { required: ['expr'] },
    { required: ['field'] },
    { required: ['op'] },
  ],
  errorMessage: 'a condition is `{all: [...]}`, `{any: [...]}`, `{expr: ...}` or `{field, op, value}`',
  'x-code': 'schema/invalid-condition',
  allOf: [
    ifThen({ required: ['all'] }, closed({ all: list('Every condition must hold.') }, [], 'An all-group.')),
    ifThen(
      { required: ['any'] },
      closed({ any: list('At least one condition must hold.') }, [], 'An any-group.'),
    ),
    ifThen({ required: ['expr'] }, closed({ expr: expr('A CEL expression.') }, [], 'A CEL condition.')),
    ifThen(
      { anyOf: [{ required: ['field'] }, { required: ['op'] }] },
      { ...closed(fieldProps, ['field', 'op'], 'A structured condition.'), allOf: valueRules },
    ),
  ],
};
