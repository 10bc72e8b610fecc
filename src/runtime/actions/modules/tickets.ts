/**
 * Help desk actions on `tickets` records. Each one updates the ticket through the record store and
 * emits the tickets module events the registry declares for what changed (`ticket.assigned`,
 * `ticket.status_changed`, `ticket.escalated`...); replies are `ticket_responses` records, and a
 * public reply goes to the requester through the notify path (stored, emailed when configured).
 */
import type { ActionContext, ActionHandlers, StoredRecord } from '../../activities/ports.js';
import {
  emitModuleEvent,
  findTarget,
  type Input,
  type ModulePorts,
  mustFind,
  mutation,
  notifyPerson,
  optional,
  required,
  snapshot,
  updateFields,
} from './kit.js';

export const TICKETS = 'tickets';
export const TICKET_RESPONSES = 'ticket_responses';
const LEVELS = ['level_1', 'level_2', 'level_3'];
const DONE = ['resolved', 'closed'];

/** The registry's ticket shape of a `tickets` record. */
export function ticketSnapshot(record: StoredRecord) {
  return snapshot(record, {
    number: 0,
    subject: '',
    status: 'new',
    priority: 'medium',
    severity: null,
    requesterEmail: '',
    assigneeId: null,
    teamId: null,
    tags: [],
  });
}

const output = (ticket: StoredRecord) => ({ ticketId: ticket.id, ticket: ticketSnapshot(ticket) });

const target = (ports: ModulePorts, input: Input, ctx: ActionContext) =>
  findTarget(ports, input, 'ticket', ctx, TICKETS);

/** Emits a tickets event with the ticket snapshot. */
function emit(ports: ModulePorts, ctx: ActionContext, type: string, ticket: StoredRecord, extra = {}) {
  return emitModuleEvent(ports, ctx, type, ticket, {
    ticketId: ticket.id,
    ticket: ticketSnapshot(ticket),
    ...extra,
  });
}

/** Writes `values` and emits ticket.updated plus the transition events of status and priority. */
async function change(ports: ModulePorts, ctx: ActionContext, ticket: StoredRecord, values: Input) {
  const after = await updateFields(ports, ctx, ticket, values);
  if (after.changed.length === 0) return after;
  await emit(ports, ctx, 'ticket.updated', after, { changes: after.changed });
  const before = ticketSnapshot(ticket);
  const now = ticketSnapshot(after);
  for (const field of ['status', 'priority'] as const) {
    if (!after.changed.includes(field)) continue;
    const transition = { from: String(before[field]), to: String(now[field]) };
    await emit(ports, ctx, `ticket.${field}_changed`, after, transition);
  }
  if (
    after.changed.includes('status') &&
    DONE.includes(String(before.status)) &&
    !DONE.includes(String(now.status))
  )
    await emit(ports, ctx, 'ticket.reopened', after);
  if (after.changed.includes('assigneeId') && typeof now.assigneeId === 'string')
    await emit(ports, ctx, 'ticket.assigned', after, { assigneeId: now.assigneeId });
  return after;
}

function pickDefined(input: Input, keys: Record<string, string>): Input {
  const values: Input = {};
  for (const [from, to] of Object.entries(keys)) {
    const value = optional(input, from);
    if (value !== undefined) values[to] = value;
  }
  return values;
}

/** The ticket's tags with `tag` added or removed. */
function retag(ticket: StoredRecord, tag: string, add: boolean): string[] {
  const tags = Array.isArray(ticket.values.tags) ? (ticket.values.tags as string[]) : [];
  if (add) return tags.includes(tag) ? tags : [...tags, tag];
  return tags.filter((t) => t !== tag);
}

function nextLevel(ticket: StoredRecord): string {
  const index = LEVELS.indexOf(String(ticket.values.escalationLevel ?? ''));
  return LEVELS[Math.min(index + 1, LEVELS.length - 1)] ?? 'level_1';
}

/** Handlers for the tickets module's actions. */
export function ticketHandlers(ports: ModulePorts): ActionHandlers {
  const simple = (keys: Record<string, string>) => async (input: Input, ctx: ActionContext) =>
    output(await change(ports, ctx, await target(ports, input, ctx), pickDefined(input, keys)));
  return {
    assign_ticket: simple({ assignee: 'assigneeId', team: 'teamId' }),
    change_status: simple({ status: 'status' }),
    change_priority: simple({ priority: 'priority' }),
    update_ticket: simple({ status: 'status', priority: 'priority', severity: 'severity' }),
    add_tag: async (input, ctx) => {
      const ticket = await target(ports, input, ctx);
      return output(await change(ports, ctx, ticket, { tags: retag(ticket, required(input, 'tag'), true) }));
    },
    remove_tag: async (input, ctx) => {
      const ticket = await target(ports, input, ctx);
      return output(await change(ports, ctx, ticket, { tags: retag(ticket, required(input, 'tag'), false) }));
    },
    escalate_ticket: async (input, ctx) => {
      const ticket = await target(ports, input, ctx);
      const level = optional(input, 'level') ?? nextLevel(ticket);
      const reason = optional(input, 'reason') ?? null;
      const after = await change(ports, ctx, ticket, { escalationLevel: level, escalationReason: reason });
      await emit(ports, ctx, 'ticket.escalated', after, { level });
      return output(after);
    },
    add_response: (input, ctx) => addResponse(ports, input, ctx),
    merge_tickets: (input, ctx) => mergeTickets(ports, input, ctx),
  };
}

/** Stores the reply; a public one is sent to the requester and emits `ticket.response_sent`. */
async function addResponse(ports: ModulePorts, input: Input, ctx: ActionContext) {
  const ticket = await target(ports, input, ctx);
  const body = required(input, 'message');
  const internal = input.internal === true;
  const authorId = `automation:${ctx.automation}`;
  const response = { ticket: ticket.id, body, internal, authorId };
  await ports.records.create(TICKET_RESPONSES, response, mutation(ctx, ':response'));
  if (internal) return output(ticket);
  const requester = String(ticket.values.requesterEmail ?? '');
  if (requester) {
    const subject = `Re: ${String(ticket.values.subject ?? `ticket ${ticket.id}`)}`;
    await notifyPerson(ports, ctx, { user: requester, message: body, subject, channel: 'email' });
  }
  await emit(ports, ctx, 'ticket.response_sent', ticket, { body, authorId });
  return output(ticket);
}

/** Closes `source` as merged into the target; the target gains its tags and remembers it. */
async function mergeTickets(ports: ModulePorts, input: Input, ctx: ActionContext) {
  const ticket = await target(ports, input, ctx);
  const source = await mustFind(ports.records, TICKETS, required(input, 'source'));
  await updateFields(ports, ctx, source, { status: 'closed', mergedInto: ticket.id }, ':source');
  const sourceTags = Array.isArray(source.values.tags) ? (source.values.tags as string[]) : [];
  const tags = [...new Set([...(ticketSnapshot(ticket).tags as string[]), ...sourceTags])];
  const merged = Array.isArray(ticket.values.mergedFrom) ? (ticket.values.mergedFrom as string[]) : [];
  const mergedFrom = merged.includes(source.id) ? merged : [...merged, source.id];
  return output(await change(ports, ctx, ticket, { tags, mergedFrom }));
}
