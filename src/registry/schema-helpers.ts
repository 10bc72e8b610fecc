/**
 * Small builders for the JSON Schema fragments the registry repeats. Two families:
 * - `input.*` for action inputs (`with:`): every non-string value may also be written as exactly one
 *   `${{ <cel> }}` template, whose type is checked by the compiler, not by the schema;
 * - `data.*` for static shapes: trigger config, trigger payloads and action outputs.
 * Every builder takes a description because every property of every schema must carry one.
 */
import type { JsonSchema } from './types.js';

/** A string that is exactly one `${{ <cel> }}` template (it keeps the expression's type). */
export const TEMPLATE_PATTERN = '^\\s*\\$\\{\\{[\\s\\S]*\\}\\}\\s*$';

/** `30s`, `5m`, `3d`, `1h30m`, `2w`, `500ms`. */
export const DURATION_PATTERN = '^([0-9]+(ms|s|m|h|d|w))+$';

/** A duration that may be negative (`-7d`), used for offsets. */
export const SIGNED_DURATION_PATTERN = '^-?([0-9]+(ms|s|m|h|d|w))+$';

type Props = Record<string, JsonSchema>;

/** A closed object: unknown keys are errors, so typos are caught. */
export function object(properties: Props, required: string[] = [], description?: string): JsonSchema {
  const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
  if (required.length > 0) schema.required = required;
  if (description) schema.description = description;
  return schema;
}

const template = (): JsonSchema => ({ type: 'string', pattern: TEMPLATE_PATTERN });

/** Builders for action inputs: values may be templates. */
export const input = {
  string: (description: string, extra: JsonSchema = {}): JsonSchema => ({
    type: 'string',
    description,
    ...extra,
  }),
  integer: (description: string, extra: JsonSchema = {}): JsonSchema => ({
    type: ['integer', 'string'],
    pattern: TEMPLATE_PATTERN,
    description,
    ...extra,
  }),
  number: (description: string, extra: JsonSchema = {}): JsonSchema => ({
    type: ['number', 'string'],
    pattern: TEMPLATE_PATTERN,
    description,
    ...extra,
  }),
  boolean: (description: string, extra: JsonSchema = {}): JsonSchema => ({
    type: ['boolean', 'string'],
    pattern: TEMPLATE_PATTERN,
    description,
    ...extra,
  }),
  enum: (values: string[], description: string, extra: JsonSchema = {}): JsonSchema => ({
    description,
    anyOf: [{ type: 'string', enum: values }, template()],
    ...extra,
  }),
  list: (items: JsonSchema, description: string, extra: JsonSchema = {}): JsonSchema => ({
    type: ['array', 'string'],
    items,
    pattern: TEMPLATE_PATTERN,
    description,
    ...extra,
  }),
  /** A string or a list of strings (e.g. recipients). */
  stringOrList: (description: string): JsonSchema => ({
    type: ['string', 'array'],
    items: { type: 'string' },
    minItems: 1,
    description,
  }),
  /** A map of free values (record values, headers, an agent's input). */
  map: (description: string, values: JsonSchema = {}): JsonSchema => ({
    type: ['object', 'string'],
    pattern: TEMPLATE_PATTERN,
    additionalProperties: values,
    description,
  }),
  object: (properties: Props, required: string[], description: string): JsonSchema =>
    object(properties, required, description),
  /** Any JSON value (a request body, a free payload). */
  any: (description: string): JsonSchema => ({ description }),
};

/** Builders for static shapes (trigger config, payloads, outputs). */
export const data = {
  string: (description: string, extra: JsonSchema = {}): JsonSchema => ({
    type: 'string',
    description,
    ...extra,
  }),
  integer: (description: string, extra: JsonSchema = {}): JsonSchema => ({
    type: 'integer',
    description,
    ...extra,
  }),
  number: (description: string, extra: JsonSchema = {}): JsonSchema => ({
    type: 'number',
    description,
    ...extra,
  }),
  boolean: (description: string, extra: JsonSchema = {}): JsonSchema => ({
    type: 'boolean',
    description,
    ...extra,
  }),
  enum: (values: string[], description: string): JsonSchema => ({
    type: 'string',
    enum: values,
    description,
  }),
  dateTime: (description: string): JsonSchema => ({ type: 'string', format: 'date-time', description }),
  nullableString: (description: string): JsonSchema => ({ type: ['string', 'null'], description }),
  list: (items: JsonSchema, description: string): JsonSchema => ({ type: 'array', items, description }),
  strings: (description: string): JsonSchema => ({ type: 'array', items: { type: 'string' }, description }),
  map: (description: string, values: JsonSchema = {}): JsonSchema => ({
    type: 'object',
    additionalProperties: values,
    description,
  }),
  duration: (description: string): JsonSchema => ({ type: 'string', pattern: DURATION_PATTERN, description }),
  any: (description: string): JsonSchema => ({ description }),
  object: (properties: Props, required: string[], description?: string): JsonSchema =>
    object(properties, required, description),
};

/** `{id, object, values}`: a CRM record as actions return it and as the `record` root holds it. */
export function recordShape(description: string): JsonSchema {
  return object(
    {
      id: data.string('Record id.'),
      object: data.string('Object slug, e.g. `deals`, `contacts`.'),
      values: data.map('Attribute values by slug.'),
    },
    ['id', 'object', 'values'],
    description,
  );
}

/** The object slug a record trigger or action works on. */
export const objectSlug = (
  description = 'Object slug, e.g. `deals`, `contacts`, `companies`.',
): JsonSchema => ({
  type: 'string',
  pattern: '^[a-z][a-z0-9_]*$',
  description,
});

/** An IANA time zone name (checked against the runtime's zone list by the compiler). */
export const timezone = (): JsonSchema => ({
  type: 'string',
  description: 'IANA time zone, e.g. `Europe/Berlin`. Default: the project `timezone`, else UTC.',
});
