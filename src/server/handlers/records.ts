/**
 * Records and events: the record store (every write appends its record events to the outbox in the
 * same transaction, as from the CLI) and the event outbox itself.
 */
import type { RuntimeEvent } from '../../workspace/events/types.js';
import { RecordNotFoundError, type StoredRecord } from '../../workspace/records/types.js';
import { notFound } from '../api-error.js';
import type { RouteContext } from '../context.js';
import { intParam, strParam } from '../http.js';
import { recordFilters } from '../record-filters.js';

/** Writes through the API are attributed to the token. */
function actor(ctx: RouteContext): string {
  return `token:${ctx.token.name}`;
}

export async function listRecords(ctx: RouteContext) {
  const records = ctx.workspace.backend.runtime.records;
  const limit = intParam(ctx.query, 'limit', 100, 1, 1000) as number;
  const offset = intParam(ctx.query, 'offset', 0, 0, 1_000_000);
  const object = strParam(ctx.query, 'object');
  const where = recordFilters(ctx.query.getAll('where'));
  if (object) return { status: 200, body: { records: await records.list(object, { where, limit, offset }) } };
  // No object: every object's records, object by object, up to the limit.
  const all: StoredRecord[] = [];
  for (const { object: name } of await records.objects()) {
    if (all.length >= limit) break;
    all.push(...(await records.list(name, { where, limit: limit - all.length })));
  }
  return { status: 200, body: { records: all } };
}

async function requireRecord(ctx: RouteContext): Promise<StoredRecord> {
  const record = await ctx.workspace.backend.runtime.records.get(undefined, ctx.params.id);
  if (!record) throw new RecordNotFoundError('', ctx.params.id);
  return record;
}

export async function getRecord(ctx: RouteContext) {
  return { status: 200, body: await requireRecord(ctx) };
}

export async function createRecord(ctx: RouteContext) {
  const body = ctx.body as { object: string; values: Record<string, unknown>; id?: string };
  const result = await ctx.workspace.backend.runtime.records.create(body.object, body.values, {
    id: body.id,
    actor: actor(ctx),
  });
  return { status: 201, body: result };
}

export async function updateRecord(ctx: RouteContext) {
  const record = await requireRecord(ctx);
  const { values } = ctx.body as { values: Record<string, unknown> };
  const result = await ctx.workspace.backend.runtime.records.update(record.object, record.id, values, {
    actor: actor(ctx),
  });
  return { status: 200, body: result };
}

export async function deleteRecord(ctx: RouteContext) {
  const record = await requireRecord(ctx);
  const result = await ctx.workspace.backend.runtime.records.delete(record.object, record.id, {
    actor: actor(ctx),
  });
  return { status: 200, body: result };
}

export async function appendEvents(ctx: RouteContext) {
  const { events } = ctx.body as { events: RuntimeEvent[] };
  return { status: 201, body: { added: await ctx.workspace.backend.runtime.events.append(events) } };
}

/** One event of the outbox with its routing state (what `aexy events emit --wait` polls). */
export async function getEvent(ctx: RouteContext) {
  const stored = await ctx.workspace.backend.runtime.events.get(ctx.params.id);
  if (!stored) throw notFound(`no event ${ctx.params.id} in this workspace`);
  return { status: 200, body: stored };
}

export async function listEvents(ctx: RouteContext) {
  const events = await ctx.workspace.backend.runtime.events.list({
    limit: intParam(ctx.query, 'limit', 100, 1, 1000),
    unroutedOnly: ctx.query.get('unrouted') === 'true',
  });
  return { status: 200, body: { events } };
}
