/**
 * A temp workspace for running module action handlers against the real SQLite record store: the
 * handlers are the worker's own (workerActionHandlers), inputs and outputs are checked against the
 * registry's schemas with ajv, and the event outbox can be read back.
 */
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { expect } from 'vitest';
import { registry } from '../../../src/registry/index.js';
import type { ActionContext, StoredRecord } from '../../../src/runtime/activities/ports.js';
import { workerActionHandlers } from '../../../src/runtime/worker/create-worker.js';
import type { RuntimeEvent } from '../../../src/workspace/events/types.js';
import { openSqliteBackend, type SqliteBackend } from '../../../src/workspace/sqlite/backend.js';
import { makeActionContext } from '../../helpers/action-context.js';
import { makeTempProject } from '../../helpers/project.js';

const ajv = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true });

/** Validates `value` against the registry schema of `action` (`input` or `output`). */
export function expectSchema(action: string, part: 'input' | 'output', value: unknown): void {
  const def = registry.actions.get(action);
  if (!def) throw new Error(`no registry action ${action}`);
  const validate = ajv.compile(def[part]);
  expect(validate(value), `${action} ${part}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

export interface ModuleWorkspace {
  backend: SqliteBackend;
  db: SqliteBackend['db'];
  /** Creates a record directly in the store (no idempotency key). */
  seed(object: string, values: Record<string, unknown>): Promise<StoredRecord>;
  get(id: string): Promise<StoredRecord | undefined>;
  /** Runs `action` as a step would (input and output schema-checked); returns its output. */
  run(
    action: string,
    input: Record<string, unknown>,
    ctx?: Partial<ActionContext>,
  ): Promise<Record<string, unknown>>;
  /** Runs `action` and returns what it threw. */
  fail(
    action: string,
    input: Record<string, unknown>,
    ctx?: Partial<ActionContext>,
  ): Promise<{ type?: string; message: string }>;
  /** Records of `object`. */
  list(object: string): Promise<StoredRecord[]>;
  /** Events in the outbox of `type`. */
  events(type: string): Promise<RuntimeEvent[]>;
  /** A context for one step (same key for the same stepKey and runId). */
  ctx(overrides?: Partial<ActionContext>): ActionContext;
  close(): void;
}

/** Opens a fresh workspace in a temp dir. */
export function openModuleWorkspace(): ModuleWorkspace {
  const backend = openSqliteBackend(join(makeTempProject(), 'workspace.db'));
  const stores = backend.runtime;
  const handlers = workerActionHandlers({ backend });
  const call = async (action: string, input: Record<string, unknown>, ctx?: Partial<ActionContext>) => {
    expectSchema(action, 'input', input);
    const handler = handlers[action];
    if (!handler) throw new Error(`no handler for ${action}`);
    return (await handler(input, makeActionContext(ctx))) as Record<string, unknown>;
  };
  return {
    backend,
    db: backend.db,
    seed: async (object, values) => (await stores.records.create(object, values)).record,
    get: (id) => stores.records.get(undefined, id),
    async run(action, input, ctx) {
      const output = await call(action, input, ctx);
      expectSchema(action, 'output', output);
      return output;
    },
    async fail(action, input, ctx) {
      try {
        await call(action, input, ctx);
      } catch (error) {
        return error as { type?: string; message: string };
      }
      throw new Error(`${action} did not fail`);
    },
    list: (object) => stores.records.list(object, { limit: 1000 }),
    events: async (type) =>
      (await stores.events.list({ limit: 10_000 })).map((e) => e.event).filter((e) => e.type === type),
    ctx: (overrides) => makeActionContext(overrides),
    close: () => void backend.close(),
  };
}

/** A fixed step identity: running twice with it is a retry of the same step. */
export function step(runId: string, stepKey = 'step'): Partial<ActionContext> {
  return { runId, stepKey, idempotencyKey: `${runId}:${stepKey}` };
}
