/**
 * JSON Schemas of the API's request and response bodies (OpenAPI `components.schemas`). Request
 * schemas are exact (ajv validates every body against them); response schemas describe the shapes
 * the store interfaces define (src/workspace/store.ts, runs/types.ts, records/types.ts, backend.ts,
 * src/plan/types.ts, documented in docs/plan-format.md). The language's own schemas (src/schema)
 * are added to the document by openapi.ts under `Lang.*`.
 */
import type { JsonSchema } from '../registry/types.js';

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const obj = (
  properties: Record<string, JsonSchema>,
  required: string[] = [],
  extra: JsonSchema = {},
): JsonSchema => ({ type: 'object', properties, required, ...extra });
const list = (key: string, item: JsonSchema): JsonSchema =>
  obj({ [key]: { type: 'array', items: item } }, [key]);
const str: JsonSchema = { type: 'string' };
const int: JsonSchema = { type: 'integer' };
const bool: JsonSchema = { type: 'boolean' };
const any: JsonSchema = {};
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const SCOPES = ['read', 'plan', 'apply', 'operate', 'admin'];

const errorSchemas: Record<string, JsonSchema> = {
  Error: obj(
    {
      error: obj(
        {
          code: { type: 'string', description: 'stable code: bad_request, unauthenticated, forbidden, ...' },
          message: str,
          hint: str,
          details: { type: 'object' },
        },
        ['code', 'message'],
      ),
    },
    ['error'],
  ),
};

const workspaceSchemas: Record<string, JsonSchema> = {
  Health: obj({ status: { const: 'ok' }, version: str, workspaces: int }, [
    'status',
    'version',
    'workspaces',
  ]),
  WorkspaceInfo: obj(
    { location: str, lineage: str, serial: int, schemaVersion: int, createdAt: str, resourceCount: int },
    ['location', 'lineage', 'serial', 'resourceCount'],
  ),
  Resource: obj(
    {
      kind: { enum: ['Automation', 'Agent', 'AgentPolicy'] },
      metadata: obj({ name: str }, ['name']),
    },
    ['kind', 'metadata'],
    { description: 'A compiled resource (IR: AutomationIR | AgentIR | AgentPolicyIR, src/ir/types.ts).' },
  ),
  WorkspaceState: obj(
    { lineage: str, serial: int, resources: { type: 'array', items: { type: 'object' } } },
    ['lineage', 'serial', 'resources'],
  ),
  ResourceVersion: obj(
    {
      id: int,
      address: str,
      kind: str,
      name: str,
      version: int,
      contentHash: str,
      ir: ref('Resource'),
      sourceFile: str,
      sourceText: str,
      appliedBy: str,
      appliedAt: str,
      planId: str,
      protected: bool,
      change: { enum: ['create', 'update', 'rename'] },
    },
    ['id', 'address', 'kind', 'name', 'version', 'ir'],
  ),
  VersionList: list('versions', ref('ResourceVersion')),
  ResourceHistory: obj(
    {
      address: str,
      current: ref('ResourceVersion'),
      deleted: obj({ at: str, by: str, planId: str }),
      versions: { type: 'array', items: ref('ResourceVersion') },
    },
    ['address', 'versions'],
  ),
  PlanRequest: obj(
    {
      resources: { type: 'array', items: ref('Resource') },
      prune: bool,
      allowEmpty: bool,
    },
    ['resources'],
    { additionalProperties: false },
  ),
  Plan: obj(
    {
      formatVersion: { const: 1 },
      id: str,
      createdAt: str,
      base: obj({ lineage: str, serial: int }, ['lineage', 'serial']),
      options: obj({ prune: bool, allowEmpty: bool }),
      summary: obj({ add: int, change: int, delete: int, rename: int, noop: int }),
      changes: {
        type: 'array',
        items: obj({ address: str, kind: str, name: str, action: str }, ['address', 'action']),
      },
      capabilities: { type: 'array' },
      diagnostics: { type: 'array' },
      applicable: bool,
    },
    ['formatVersion', 'id', 'base', 'changes', 'applicable'],
    { description: 'A plan (docs/plan-format.md).' },
  ),
  ApplyRequest: obj(
    { plan: ref('Plan'), appliedBy: str, lockId: str, at: str },
    ['plan', 'appliedBy', 'lockId'],
    {
      additionalProperties: false,
    },
  ),
  ApplyResult: obj({ serial: int, planId: str, created: int, updated: int, renamed: int, deleted: int }, [
    'serial',
    'planId',
  ]),
  LockInfo: obj(
    { id: str, holder: str, operation: str, host: str, pid: int, createdAt: str, expiresAt: str },
    ['id', 'holder', 'operation', 'expiresAt'],
  ),
  LockList: list('locks', ref('LockInfo')),
  LockRequest: obj(
    {
      holder: { type: 'string', minLength: 1 },
      operation: { type: 'string', minLength: 1 },
      host: str,
      pid: int,
      ttlMs: { type: 'integer', minimum: 1000, maximum: 86_400_000 },
      waitMs: { type: 'integer', minimum: 0, description: 'capped at 60000 by the server' },
    },
    ['holder', 'operation', 'host', 'pid', 'ttlMs', 'waitMs'],
    { additionalProperties: false },
  ),
  ForceUnlockResult: obj({ lock: nullable(ref('LockInfo')) }, ['lock']),
};

const runSchemas: Record<string, JsonSchema> = {
  RunRecord: obj(
    {
      id: str,
      automation: str,
      version: nullable(int),
      status: { enum: ['PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'] },
      reason: nullable(str),
      eventId: str,
      eventType: str,
      event: ref('RuntimeEvent'),
      workflowId: nullable(str),
      error: any,
      createdAt: str,
      updatedAt: str,
    },
    ['id', 'automation', 'status', 'updatedAt'],
  ),
  StepRecord: obj(
    { runId: str, stepKey: str, stepId: str, kind: str, status: str, attempt: int, seq: int, updatedAt: str },
    ['runId', 'stepKey', 'status'],
  ),
  RunNote: obj({ runId: str, stepKey: nullable(str), note: str, data: any, at: str }, ['runId', 'note']),
  RunList: list('runs', ref('RunRecord')),
  RunCount: obj({ count: int }, ['count']),
  RunLimitUsage: obj({ automation: str, period: str, used: int }, ['automation', 'period', 'used']),
  RunDetail: obj(
    {
      run: ref('RunRecord'),
      steps: { type: 'array', items: ref('StepRecord') },
      notes: { type: 'array', items: ref('RunNote') },
    },
    ['run', 'steps', 'notes'],
  ),
  RunStreamEvent: obj(
    { run: ref('RunRecord'), steps: { type: 'array', items: ref('StepRecord') } },
    ['run', 'steps'],
    { description: 'Data of each `event: run` of the text/event-stream; `: ping` comments every 15 s.' },
  ),
  DecisionRequest: obj(
    {
      stepId: str,
      comment: { type: 'string', maxLength: 4000 },
      by: str,
      timeoutMs: {
        type: 'integer',
        minimum: 1,
        maximum: 120_000,
        description: 'how long to wait for a worker to answer (default 15000; at most 120000)',
      },
    },
    [],
    { additionalProperties: false },
  ),
  ApprovalOutcome: obj(
    {
      runId: str,
      stepId: str,
      stepKey: str,
      decision: { enum: ['approve', 'reject'] },
      by: str,
      comment: nullable(str),
    },
    ['runId', 'stepKey', 'decision', 'by'],
  ),
  CancelRequest: obj({ reason: str, timeoutMs: { type: 'integer', minimum: 0, maximum: 120_000 } }, [], {
    additionalProperties: false,
  }),
  CancelResult: obj({ run: ref('RunRecord'), interruptedSteps: { type: 'array', items: str } }, ['run']),
  RetryOutcome: obj(
    {
      retryOf: str,
      eventId: str,
      automation: str,
      runId: str,
      outcome: { enum: ['started', 'duplicate', 'skipped', 'stopped'] },
      reason: str,
    },
    ['retryOf', 'eventId', 'automation', 'runId', 'outcome'],
  ),
};

const viewSchemas: Record<string, JsonSchema> = {
  AutomationSummaryList: list(
    'automations',
    obj({ name: str, version: int, enabled: bool, module: str, trigger: str }, [
      'name',
      'version',
      'enabled',
      'trigger',
    ]),
  ),
  AutomationWorkflow: obj({ name: str, version: int, ir: ref('Resource'), graph: str }, [
    'name',
    'version',
    'ir',
    'graph',
  ]),
  RegistryTriggers: obj({ module: nullable(str), triggers: { type: 'array' } }, ['triggers']),
  RegistryActions: obj({ module: nullable(str), actions: { type: 'array' } }, ['actions']),
  AgentPolicyList: list('policies', ref('ResourceVersion')),
  DecisionList: list(
    'decisions',
    obj(
      {
        id: int,
        at: str,
        agent: str,
        run: str,
        tool: str,
        args: any,
        outcome: str,
        matched: any,
        reason: str,
      },
      ['at', 'agent', 'tool', 'outcome'],
    ),
  ),
};

const recordSchemas: Record<string, JsonSchema> = {
  StoredRecord: obj(
    { id: str, object: str, values: { type: 'object' }, version: int, createdAt: str, updatedAt: str },
    ['id', 'object', 'values', 'version'],
  ),
  RecordList: list('records', ref('StoredRecord')),
  RecordCreate: obj(
    {
      object: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
      values: { type: 'object' },
      id: { type: 'string', minLength: 1 },
    },
    ['object', 'values'],
    { additionalProperties: false },
  ),
  RecordUpdate: obj({ values: { type: 'object' } }, ['values'], { additionalProperties: false }),
  WriteResult: obj(
    { record: ref('StoredRecord'), previous: { type: 'object' }, events: { type: 'array' }, replayed: bool },
    ['record', 'events', 'replayed'],
  ),
  RuntimeEvent: obj(
    {
      id: { type: 'string', minLength: 1 },
      type: { type: 'string', minLength: 1 },
      module: str,
      object: str,
      recordId: str,
      payload: { type: 'object' },
      record: { type: 'object' },
      changes: { type: 'object' },
      previous: { type: 'object' },
      causation: { type: 'array', items: str },
      occurredAt: str,
      source: { enum: ['records', 'cli', 'ingress', 'schedule', 'manual'] },
      retryOf: str,
      target: str,
    },
    ['id', 'type', 'payload', 'causation', 'occurredAt', 'source'],
  ),
  EventsAppend: obj(
    { events: { type: 'array', items: ref('RuntimeEvent'), minItems: 1, maxItems: 1000 } },
    ['events'],
    { additionalProperties: false },
  ),
  EventsAppended: obj({ added: int }, ['added']),
  StoredEvent: obj(
    {
      seq: int,
      event: ref('RuntimeEvent'),
      createdAt: str,
      routedAt: nullable(str),
      routedBy: nullable(str),
      finishedAt: nullable(str),
    },
    ['seq', 'event'],
  ),
  StoredEventList: list('events', ref('StoredEvent')),
  HookAccepted: obj({ eventId: str, automation: str, duplicate: bool }, [
    'eventId',
    'automation',
    'duplicate',
  ]),
};

const tokenSchemas: Record<string, JsonSchema> = {
  ApiToken: obj(
    {
      id: str,
      name: str,
      scopes: { type: 'array', items: { enum: SCOPES } },
      createdAt: str,
      createdBy: str,
      expiresAt: str,
      lastUsedAt: str,
      revokedAt: str,
    },
    ['id', 'name', 'scopes', 'createdAt'],
  ),
  TokenList: list('tokens', ref('ApiToken')),
  TokenCreate: obj(
    {
      name: { type: 'string', minLength: 1, maxLength: 100 },
      scopes: { type: 'array', items: { enum: SCOPES }, minItems: 1, uniqueItems: true },
      expiresAt: { type: 'string', format: 'date-time' },
    },
    ['name', 'scopes'],
    { additionalProperties: false },
  ),
  TokenCreated: obj({ token: ref('ApiToken'), secret: str }, ['token', 'secret']),
  TokenRevoked: obj({ token: ref('ApiToken') }, ['token']),
};

/** Every API schema by component name. */
export const API_SCHEMAS: Record<string, JsonSchema> = {
  ...errorSchemas,
  ...workspaceSchemas,
  ...runSchemas,
  ...viewSchemas,
  ...recordSchemas,
  ...tokenSchemas,
};
