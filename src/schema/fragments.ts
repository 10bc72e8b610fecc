/**
 * Small JSON Schema fragments shared by the document schemas: names, durations, expressions, retry,
 * metadata. Every fragment takes the description of the property that uses it, so every property in
 * the published schemas documents itself in the editor.
 */
import { DURATION_PATTERN, SIGNED_DURATION_PATTERN } from '../registry/schema-helpers.js';
import type { JsonSchema } from '../registry/types.js';

export const API_VERSION = 'aexy/v1';
export const NAME_PATTERN = '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$';
export const STEP_ID_PATTERN = '^[a-z0-9_]+$';
export const VAR_NAME_PATTERN = '^[a-z_][a-z0-9_]*$';

/** A schema that is a reference to a definition, with its own description. */
export const ref = (name: string, description: string): JsonSchema => ({
  $ref: `#/definitions/${name}`,
  description,
});

export const duration = (description: string): JsonSchema => ({
  type: 'string',
  pattern: DURATION_PATTERN,
  description,
  examples: ['30s', '5m', '3d', '1h30m'],
});

export const signedDuration = (description: string): JsonSchema => ({
  type: 'string',
  pattern: SIGNED_DURATION_PATTERN,
  description,
  examples: ['-7d', '2h'],
});

/** A bare CEL expression (no `${{ }}`), checked by the compiler. */
export const expr = (description: string): JsonSchema => ({ type: 'string', minLength: 1, description });

export const resourceName = (description: string): JsonSchema => ({
  type: 'string',
  pattern: NAME_PATTERN,
  maxLength: 63,
  description,
});

export const closed = (
  properties: Record<string, JsonSchema>,
  required: string[],
  description: string,
): JsonSchema => {
  const schema: JsonSchema = { type: 'object', description, properties, additionalProperties: false };
  if (required.length > 0) schema.required = required;
  return schema;
};

/** A free map of values (an agent's `input`, a step's `with` before its action is known). */
export const valueMap = (description: string): JsonSchema => ({ type: 'object', description });

export const ERROR_CLASSES = ['timeout', 'rate_limit', 'server_error', 'connection_error'];

export const retryDefinition: JsonSchema = closed(
  {
    maxAttempts: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      description: 'Attempts in total, the first included; default 4.',
    },
    initialInterval: duration('Delay before the first retry; default `1m`.'),
    backoff: {
      type: 'number',
      minimum: 1,
      description: 'Multiplier applied to the delay after each retry; default 2.',
    },
    maxInterval: duration('Upper bound of the delay; default `10m`.'),
    on: {
      type: 'array',
      items: { enum: ERROR_CLASSES },
      uniqueItems: true,
      description: 'Error classes that are retried; default all four. Other errors fail at once.',
    },
  },
  [],
  'Retry policy for actions (Temporal activity retries).',
);

export const onError = (description: string): JsonSchema => ({
  enum: ['stop', 'continue', 'retry'],
  description,
});

export const metadataDefinition: JsonSchema = closed(
  {
    name: resourceName(
      'Unique name of the resource within its kind: lower case letters, digits and `-`. Plan/apply identify resources by `kind/name`.',
    ),
    description: { type: 'string', description: 'What this resource does, for people.' },
    labels: {
      type: 'object',
      description:
        'Free key/value labels (e.g. `team: sales`), usable in expressions as `automation.labels`.',
      propertyNames: { pattern: '^[a-zA-Z0-9_.\\-/]+$' },
      additionalProperties: { type: ['string', 'number', 'boolean'] },
    },
    previousName: resourceName(
      'The former name, when renaming: plan shows a rename (history kept) instead of delete + create.',
    ),
    protected: { type: 'boolean', description: 'Never deleted by apply, even with `--prune`.' },
  },
  ['name'],
  'Identity and description of the resource.',
);

/** The document envelope of one kind, with its spec definition. */
export function envelope(kind: string, specDefinition: string, description: string): JsonSchema {
  return {
    type: 'object',
    description,
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      apiVersion: { const: API_VERSION, description: `Schema version of the document: \`${API_VERSION}\`.` },
      kind: { const: kind, description: `Document kind: \`${kind}\`.` },
      metadata: ref('metadata', 'Identity and description of the resource.'),
      spec: ref(specDefinition, `The ${kind} itself.`),
    },
    additionalProperties: false,
  };
}

/** `{if, then}`: one conditional branch. */
export function ifThen(condition: JsonSchema, consequence: JsonSchema): JsonSchema {
  // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword here, not a thenable.
  return { if: condition, then: consequence };
}

/** The key `then` (an if-step's branch), spelled so that objects holding it are not mistaken for thenables by linters. */
export const THEN = 'then';
