/**
 * The built-in actions over the RecordStore port: create/update/delete/get/search/link records, and
 * create_task / notify_user / notify_team stored as records (`tasks`, `notifications`). Mutations pass
 * the step's idempotency key, so a retried action returns the first result and writes nothing twice.
 * In a dry run, mutations write nothing and return what they would have produced.
 */
import { RUNTIME_ERROR_TYPES } from '../contract.js';
import { ActionError } from './errors.js';
import type { ActionContext, ActionHandlers, MutationContext, RecordStore } from './ports.js';

function mutation(ctx: ActionContext, suffix = ''): MutationContext {
  return {
    idempotencyKey: `${ctx.idempotencyKey}${suffix}`,
    workspace: ctx.workspace,
    runId: ctx.runId,
    automation: ctx.automation,
    causation: ctx.causation,
  };
}

function str(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new ActionError(RUNTIME_ERROR_TYPES.validation, `\`${key}\` must be a string, got ${typeof value}`);
  return value;
}

function required(input: Record<string, unknown>, key: string): string {
  const value = str(input, key);
  if (value === undefined) throw new ActionError(RUNTIME_ERROR_TYPES.validation, `\`${key}\` is required`);
  return value;
}

function valuesOf(input: Record<string, unknown>, key = 'values'): Record<string, unknown> {
  const value = input[key];
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ActionError(RUNTIME_ERROR_TYPES.validation, `\`${key}\` must be a map of attribute values`);
  }
  return value as Record<string, unknown>;
}

/** `record` input, defaulting to the trigger record. */
function recordId(input: Record<string, unknown>, ctx: ActionContext): string {
  const id = str(input, 'record') ?? ctx.record?.id;
  if (!id)
    throw new ActionError(RUNTIME_ERROR_TYPES.validation, '`record` is required (the trigger has no record)');
  return id;
}

async function existing(records: RecordStore, id: string) {
  const record = await records.get(id);
  if (!record) throw new ActionError(RUNTIME_ERROR_TYPES.notFound, `record ${id} does not exist`);
  return record;
}

function dryId(ctx: ActionContext): string {
  return `dry_${ctx.stepKey}`;
}

/** Handlers for the record actions over `records`. */
export function recordActionHandlers(records: RecordStore): ActionHandlers {
  const createAs = (object: string) => async (values: Record<string, unknown>, ctx: ActionContext) =>
    ctx.dryRun ? { id: dryId(ctx), object, values } : records.create(object, values, mutation(ctx));
  return {
    create_record: async (input, ctx) => createAs(required(input, 'object'))(valuesOf(input), ctx),
    update_record: async (input, ctx) => {
      const id = recordId(input, ctx);
      const values = valuesOf(input);
      if (ctx.dryRun) {
        const current = await existing(records, id);
        return { ...current, values: { ...current.values, ...values }, changed: Object.keys(values) };
      }
      return records.update(id, values, mutation(ctx));
    },
    delete_record: async (input, ctx) => {
      const id = recordId(input, ctx);
      if (ctx.dryRun) return { id, deleted: (await records.get(id)) !== undefined };
      return records.delete(id, { permanent: input.permanent === true }, mutation(ctx));
    },
    get_record: async (input, ctx) => {
      const record = await existing(records, recordId(input, ctx));
      const fields = Array.isArray(input.fields) ? (input.fields as string[]) : undefined;
      if (!fields) return record;
      return { ...record, values: Object.fromEntries(fields.map((f) => [f, record.values[f] ?? null])) };
    },
    search_records: async (input) => {
      const limit = typeof input.limit === 'number' ? Math.min(Math.max(1, input.limit), 500) : 20;
      const where = input.where === undefined ? undefined : valuesOf(input, 'where');
      return records.search({
        object: required(input, 'object'),
        where,
        query: str(input, 'query'),
        sort: str(input, 'sort'),
        limit,
      });
    },
    link_records: async (input, ctx) => {
      const id = recordId(input, ctx);
      const to = required(input, 'to');
      const relation = required(input, 'relation');
      if (ctx.dryRun) await Promise.all([existing(records, id), existing(records, to)]);
      else await records.link(id, relation, to, mutation(ctx));
      return { recordId: id, linkedId: to, relation };
    },
    create_task: async (input, ctx) => {
      const values: Record<string, unknown> = {
        ...input,
        title: required(input, 'title'),
        status: 'todo',
        priority: str(input, 'priority') ?? 'medium',
      };
      if (values.record === undefined && ctx.record) values.record = ctx.record.id;
      const task = await createAs('tasks')(values, ctx);
      return { taskId: task.id, status: 'todo' };
    },
    notify_user: async (input, ctx) => {
      const channel = str(input, 'channel') ?? 'slack';
      const values = {
        kind: 'user',
        user: required(input, 'user'),
        message: required(input, 'message'),
        channel,
        subject: str(input, 'subject') ?? null,
      };
      await createAs('notifications')(values, ctx);
      return { delivered: channel === 'all' ? ['slack', 'email', 'in_app'] : [channel] };
    },
    notify_team: async (input, ctx) => {
      const channel =
        str(input, 'channel') ?? (str(input, 'team') ? `team:${str(input, 'team')}` : 'default');
      const values = {
        kind: 'team',
        team: str(input, 'team') ?? null,
        channel,
        message: required(input, 'message'),
      };
      const note = await createAs('notifications')(values, ctx);
      return { channel, ts: note.id };
    },
  };
}
