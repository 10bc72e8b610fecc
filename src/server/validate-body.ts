/**
 * Request body validation: every component schema of schemas.ts compiled once into one ajv
 * instance; a route's body is checked against its schema before its handler runs (400 with ajv's
 * findings in details.errors otherwise).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { badRequest } from './api-error.js';
import type { Route } from './context.js';
import { API_SCHEMAS } from './schemas.js';

const SCHEMA_ID = 'aexy-api';

/** Validators of every route with a JSON body, by operationId. */
export function bodyValidators(routes: readonly Route[]): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  ajv.addSchema({ $id: SCHEMA_ID, components: { schemas: API_SCHEMAS } });
  const validators = new Map<string, ValidateFunction>();
  for (const route of routes) {
    if (route.body)
      validators.set(
        route.operationId,
        ajv.compile({ $ref: `${SCHEMA_ID}#/components/schemas/${route.body}` }),
      );
  }
  return validators;
}

/** Throws 400 naming every problem when `body` does not match. */
export function checkBody(validate: ValidateFunction, body: unknown, schema: string): void {
  if (validate(body)) return;
  const errors = (validate.errors ?? []).slice(0, 20).map((e) => ({
    path: e.instancePath || '/',
    message: e.message ?? 'invalid',
    ...(e.keyword === 'additionalProperties'
      ? { property: (e.params as { additionalProperty: string }).additionalProperty }
      : {}),
  }));
  const first = errors[0];
  throw badRequest(
    `the body is not a valid ${schema}: ${first ? `${first.path} ${first.message}` : 'invalid'}`,
    {
      errors,
    },
  );
}
