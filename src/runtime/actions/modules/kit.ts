/**
 * The shared helper of the module action handlers: read inputs, find the entity record an action is
 * about (`not_found` when it is missing), update its fields through the record store (which emits the
 * record events and dedupes by idempotency key), emit the module's own events (`ticket.escalated`...)
 * into the event outbox, and deliver messages through the notify path.
 */
import { registry } from '../../../registry/index.js';
import type { RuntimeEvent } from '../../../workspace/events/types.js';
import { ActionError } from '../../activities/errors.js';
import type {
  ActionContext,
  ActionHandlers,
  MutationContext,
  RecordStore,
  StoredRecord,
} from '../../activities/ports.js';
import { RUNTIME_ERROR_TYPES } from '../../contract.js';
import type { TransportConfig } from '../../transports/config.js';
import { deliverUserNotification, notifyTeam } from '../notify-actions.js';

/** Where module events go: the workspace event outbox (an id already there is ignored). */
export interface ModuleEventSink {
  append(events: RuntimeEvent[]): Promise<number>;
}

/** What the module handlers need. `transport` configures Slack/email delivery (records required). */
export interface ModulePorts {
  records: RecordStore;
  events: ModuleEventSink;
  transport: TransportConfig;
}

/** The module handlers' input type. */
export type Input = Record<string, unknown>;

/** A handler factory per module. */
export type ModuleHandlerFactory = (ports: ModulePorts) => ActionHandlers;

/** The mutation context of a step; `suffix` separates several writes of one action. */
export function mutation(ctx: ActionContext, suffix = ''): MutationContext {
  return {
    idempotencyKey: `${ctx.idempotencyKey}${suffix}`,
    workspace: ctx.workspace,
    runId: ctx.runId,
    automation: ctx.automation,
    causation: ctx.causation,
  };
}

/** A string input, undefined when absent or empty. */
export function optional(input: Input, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new ActionError(RUNTIME_ERROR_TYPES.validation, `\`${key}\` must be a string, got ${typeof value}`);
}

/** A required string input. */
export function required(input: Input, key: string): string {
  const value = optional(input, key);
  if (value === undefined) throw new ActionError(RUNTIME_ERROR_TYPES.validation, `\`${key}\` is required`);
  return value;
}

/** A number input (templates render to numbers; a numeric string is accepted). */
export function numeric(input: Input, key: string): number | undefined {
  const value = input[key];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n))
    throw new ActionError(RUNTIME_ERROR_TYPES.validation, `\`${key}\` must be a number`);
  return n;
}

/** A list-of-strings input (a single string is a list of one). */
export function strings(input: Input, key: string): string[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new ActionError(RUNTIME_ERROR_TYPES.validation, `\`${key}\` must be a list of strings`);
}

/** The record `id` of `object`; `not_found` (never retried) when it is missing or of another object. */
export async function mustFind(records: RecordStore, object: string, id: string): Promise<StoredRecord> {
  const record = await records.get(id);
  if (!record || record.object !== object)
    throw new ActionError(RUNTIME_ERROR_TYPES.notFound, `${object} record ${id} does not exist`);
  return record;
}

/** The id in `input[key]`, else the trigger record's (when it is of `object`). */
export function targetId(input: Input, key: string, ctx: ActionContext, object: string): string {
  const id = optional(input, key) ?? (ctx.record?.object === object ? ctx.record.id : undefined);
  if (!id)
    throw new ActionError(
      RUNTIME_ERROR_TYPES.validation,
      `\`${key}\` is required (the trigger is not about a ${object} record)`,
    );
  return id;
}

/** Finds the target record of `object` named by `input[key]` (default: the trigger record). */
export async function findTarget(
  ports: ModulePorts,
  input: Input,
  key: string,
  ctx: ActionContext,
  object: string,
) {
  return mustFind(ports.records, object, targetId(input, key, ctx, object));
}

/** Sets fields of a record of `object` (null removes one); returns the record after and the changed slugs. */
export async function updateFields(
  ports: ModulePorts,
  ctx: ActionContext,
  record: StoredRecord,
  values: Record<string, unknown>,
  suffix = '',
): Promise<StoredRecord & { changed: string[]; before: Record<string, unknown> }> {
  const result = await ports.records.update(record.id, values, mutation(ctx, suffix));
  return { ...result, before: record.values };
}

/** The first records of `object` whose values equal `where`. */
export async function findWhere(
  ports: ModulePorts,
  object: string,
  where: Record<string, unknown>,
  limit = 1,
) {
  return (await ports.records.search({ object, where, limit })).records;
}

/**
 * Emits a module event about `record`. The id is derived from the step's idempotency key, so a
 * retried action re-emitting it is ignored by the outbox. Events of a single-module trigger carry
 * that module (only that module's automations match).
 */
export async function emitModuleEvent(
  ports: ModulePorts,
  ctx: ActionContext,
  type: string,
  record: StoredRecord,
  payload: Record<string, unknown>,
): Promise<void> {
  const trigger = registry.triggers.get(type);
  if (!trigger) throw new Error(`module event ${type} is not a registry trigger`);
  const event: RuntimeEvent = {
    id: `mod_${ctx.idempotencyKey}:${type}`,
    type,
    object: record.object,
    recordId: record.id,
    payload: { ...payload, occurredAt: new Date().toISOString() },
    record: { id: record.id, object: record.object, values: record.values },
    causation: ctx.causation,
    occurredAt: new Date().toISOString(),
    source: 'records',
  };
  if (trigger.modules.length === 1) event.module = trigger.modules[0];
  await ports.events.append([event]);
}

/** Sends `message` to one user through notify_user (stored notification, Slack/email when configured). */
export async function notifyPerson(
  ports: ModulePorts,
  ctx: ActionContext,
  message: { user: string; message: string; subject?: string; channel?: string },
  suffix = ':notify',
): Promise<{ delivered: string[]; notificationId: string }> {
  if (!ports.transport.records)
    throw new Error('module handlers need a record store in the transport config');
  const notifyCtx = { ...ctx, idempotencyKey: `${ctx.idempotencyKey}${suffix}` };
  return deliverUserNotification(
    { channel: 'all', ...message },
    notifyCtx,
    ports.transport,
    ports.transport.records,
  );
}

/** Posts `message` to a team channel through notify_team (stored, and on Slack when configured). */
export async function notifyChannel(
  ports: ModulePorts,
  ctx: ActionContext,
  message: { team?: string; channel?: string; message: string },
  suffix = ':notify',
): Promise<{ channel: string; ts: string }> {
  if (!ports.transport.records)
    throw new Error('module handlers need a record store in the transport config');
  const notifyCtx = { ...ctx, idempotencyKey: `${ctx.idempotencyKey}${suffix}` };
  return notifyTeam(message, notifyCtx, ports.transport, ports.transport.records);
}

/** The attribute values of `record` as a registry shape: declared keys only, defaults for missing ones. */
export function snapshot(record: StoredRecord, defaults: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: record.id };
  for (const [key, fallback] of Object.entries(defaults)) out[key] = record.values[key] ?? fallback;
  return out;
}
