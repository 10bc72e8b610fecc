/**
 * The OpenAPI 3.1 document of `aexy serve`, built from the route table (routes.ts) and the schemas
 * (schemas.ts, plus the language JSON Schemas aexy validates with, src/schema coreSchemas(), under
 * `Lang.*` (the per-trigger and per-action branches are served by the registry routes), with their
 * `#/definitions/` references rewritten to components). Pure: the same table gives the same
 * document; docs/openapi.json is a committed copy kept fresh by a test.
 */
import type { JsonSchema } from '../registry/types.js';
import { coreSchemas } from '../schema/index.js';
import { VERSION } from '../version.js';
import type { Route } from './context.js';
import { API_SCHEMAS } from './schemas.js';

const ERROR_STATUSES: Record<string, string> = {
  '400': 'invalid request (details from the schema validator)',
  '401': 'missing, unknown, revoked or expired token, or a token of another workspace',
  '403': 'the token lacks the scope (details.required, details.granted)',
  '404': 'no such object',
  '409': 'lock_held (details.lock), stale_plan, lock_lost or conflict',
  '413': 'request body too large',
  '422': 'plan_not_applicable',
  '503': 'temporal_unavailable',
};

/** The whole document. */
export function buildOpenApi(routes: readonly Route[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'aexy serve',
      version: VERSION,
      description:
        'HTTP API over aexy workspaces (docs/serve.md). Every response carries `x-aexy-api: 1`; errors are `{"error": {code, message, hint?, details?}}`.',
    },
    servers: [{ url: 'http://127.0.0.1:8080' }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'an API token of the addressed workspace' },
      },
      schemas: { ...API_SCHEMAS, ...languageComponents() },
    },
  };
}

function operation(route: Route): Record<string, unknown> {
  const scope = route.access.kind === 'token' ? route.access.scope : undefined;
  const op: Record<string, unknown> = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(scope ? { security: [{ bearer: [] }], 'x-aexy-scope': scope } : { security: [] }),
    description: describe(route, scope),
    parameters: parameters(route),
    responses: responses(route),
  };
  if (route.body) {
    op.requestBody = {
      required: !route.bodyOptional,
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.body}` } } },
    };
  } else if (route.rawBody) {
    op.requestBody = { required: true, content: { 'application/json': { schema: {} } } };
  }
  return op;
}

function describe(route: Route, scope: string | undefined): string {
  const who =
    route.access.kind === 'signature'
      ? 'Authenticated by the webhook signature of the automation (no token).'
      : scope
        ? `Needs a token of the workspace with the \`${scope}\` scope (or one implying it).`
        : 'No authentication.';
  return route.description ? `${route.description}\n\n${who}` : who;
}

function parameters(route: Route): unknown[] {
  const path = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
    ...(name === 'ws' ? { description: 'workspace name' } : {}),
  }));
  const query = (route.query ?? []).map((p) => ({
    name: p.name,
    in: 'query',
    required: false,
    description: p.description,
    schema: { type: p.type },
  }));
  return [...path, ...query];
}

function responses(route: Route): Record<string, unknown> {
  const { status, schema, contentType } = route.response;
  const ok: Record<string, unknown> = { description: 'success' };
  if (status !== 204)
    ok.content = {
      [contentType ?? 'application/json']: {
        schema: schema ? { $ref: `#/components/schemas/${schema}` } : {},
      },
    };
  const out: Record<string, unknown> = { [String(status)]: ok };
  const errorRef = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const relevant = route.access.kind === 'public' ? [] : Object.keys(ERROR_STATUSES);
  for (const code of relevant) out[code] = { description: ERROR_STATUSES[code], ...errorRef };
  return out;
}

/** The language schemas' definitions as `Lang.<name>` components (refs rewritten). */
function languageComponents(): Record<string, JsonSchema> {
  const documents = coreSchemas().documents as { definitions?: Record<string, JsonSchema> };
  const out: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(documents.definitions ?? {}))
    out[`Lang.${name}`] = rewriteRefs(schema) as JsonSchema;
  return out;
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')
        ? `#/components/schemas/Lang.${value.slice('#/definitions/'.length)}`
        : rewriteRefs(value);
  }
  return out;
}
