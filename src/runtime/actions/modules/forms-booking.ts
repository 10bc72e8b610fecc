/**
 * Forms and booking actions. A submission is a `form_submissions` record (`formId`, `email`,
 * `answers`); a booking a `bookings` record. Tickets opened from a form are `tickets` records with
 * the next ticket number. Confirmations and reminders go to the submitter or invitee through the
 * notify path; booking changes emit `booking.confirmed` / `booking.cancelled` / `booking.rescheduled`.
 */

import { ActionError } from '../../activities/errors.js';
import type { ActionContext, ActionHandlers, StoredRecord } from '../../activities/ports.js';
import { RUNTIME_ERROR_TYPES } from '../../contract.js';
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
import { TICKETS, ticketSnapshot } from './tickets.js';

export const SUBMISSIONS = 'form_submissions';
export const BOOKINGS = 'bookings';

/** The submission named by `submission` (or the trigger's); undefined when neither names one. */
async function submission(ports: ModulePorts, input: Input, ctx: ActionContext) {
  const id =
    optional(input, 'submission') ?? (ctx.record?.object === SUBMISSIONS ? ctx.record.id : undefined);
  return id === undefined ? undefined : mustFind(ports.records, SUBMISSIONS, id);
}

function answers(sub: StoredRecord | undefined): Input {
  const value = sub?.values.answers;
  return value && typeof value === 'object' ? (value as Input) : {};
}

/** Mapping values name an answer field; anything else is a value as written (e.g. a rendered template). */
function mapAnswers(mapping: Input, sub: StoredRecord | undefined): Input {
  const given = answers(sub);
  return Object.fromEntries(
    Object.entries(mapping).map(([attr, from]) => [
      attr,
      typeof from === 'string' && from in given ? given[from] : from,
    ]),
  );
}

const bookingSnapshot = (r: StoredRecord) =>
  snapshot(r, {
    eventTypeId: '',
    status: 'pending',
    startTime: '',
    endTime: '',
    inviteeEmail: '',
    hostId: '',
  });

/** Updates the booking and emits `booking.<event>` when the status or time changed. */
async function changeBooking(
  ports: ModulePorts,
  ctx: ActionContext,
  booking: StoredRecord,
  values: Input,
  event: string,
  extra: Input,
) {
  const after = await updateFields(ports, ctx, booking, values);
  if (after.changed.length > 0)
    await emitModuleEvent(ports, ctx, event, after, {
      bookingId: after.id,
      booking: bookingSnapshot(after),
      ...extra,
    });
  return { bookingId: after.id, status: String(after.values.status ?? 'pending') };
}

/** Handlers for the forms module's actions. */
export function formHandlers(ports: ModulePorts): ActionHandlers {
  return {
    create_crm_record: async (input, ctx) => {
      const sub = await submission(ports, input, ctx);
      const mapping =
        input.mapping && typeof input.mapping === 'object' ? (input.mapping as Input) : answers(sub);
      const object = required(input, 'object');
      const values = { ...mapAnswers(mapping, sub), ...(sub ? { submission: sub.id } : {}) };
      const record = await ports.records.create(object, values, mutation(ctx));
      return { recordId: record.id, object };
    },
    create_ticket: async (input, ctx) => {
      const sub = await submission(ports, input, ctx);
      const { total } = await ports.records.search({ object: TICKETS, limit: 1 });
      const values = {
        number: total + 1,
        subject: required(input, 'subject'),
        body: optional(input, 'body') ?? '',
        priority: optional(input, 'priority') ?? 'medium',
        teamId: optional(input, 'team') ?? null,
        status: 'new',
        requesterEmail: String(sub?.values.email ?? answers(sub).email ?? ''),
        tags: [],
        submission: sub?.id ?? null,
      };
      const ticket = await ports.records.create(TICKETS, values, mutation(ctx));
      await emitModuleEvent(ports, ctx, 'ticket.created', ticket, {
        ticketId: ticket.id,
        ticket: ticketSnapshot(ticket),
      });
      return { ticketId: ticket.id, number: Number(ticket.values.number) };
    },
    send_confirmation: async (input, ctx) => {
      const sub = await submission(ports, input, ctx);
      if (!sub)
        throw new ActionError(
          RUNTIME_ERROR_TYPES.validation,
          '`submission` is required (the trigger is not about a submission)',
        );
      const to = String(sub.values.email ?? answers(sub).email ?? '');
      if (!to)
        throw new ActionError(
          RUNTIME_ERROR_TYPES.validation,
          `submission ${sub.id} has no email to confirm to`,
        );
      const subject = optional(input, 'subject') ?? 'Thanks, we got it';
      const message = optional(input, 'body') ?? 'We received your submission and will get back to you.';
      const sent = await notifyPerson(ports, ctx, { user: to, message, subject, channel: 'email' }, '');
      return { messageId: sent.notificationId, to };
    },
  };
}

/** Handlers for the booking module's actions. */
export function bookingHandlers(ports: ModulePorts): ActionHandlers {
  const target = (input: Input, ctx: ActionContext) => findTarget(ports, input, 'booking', ctx, BOOKINGS);
  return {
    confirm_booking: async (input, ctx) =>
      changeBooking(ports, ctx, await target(input, ctx), { status: 'confirmed' }, 'booking.confirmed', {}),
    cancel_booking: async (input, ctx) => {
      const reason = optional(input, 'reason') ?? null;
      const booking = await target(input, ctx);
      return changeBooking(
        ports,
        ctx,
        booking,
        { status: 'cancelled', cancelReason: reason },
        'booking.cancelled',
        { reason },
      );
    },
    reschedule_booking: async (input, ctx) => {
      const booking = await target(input, ctx);
      const start = required(input, 'start');
      const end = optional(input, 'end') ?? shiftedEnd(booking, start);
      const values = { startTime: start, endTime: end, rescheduleReason: optional(input, 'reason') ?? null };
      return changeBooking(ports, ctx, booking, values, 'booking.rescheduled', {
        previousStart: String(booking.values.startTime ?? ''),
      });
    },
    send_reminder: async (input, ctx) => {
      const booking = await target(input, ctx);
      const to = String(booking.values.inviteeEmail ?? '');
      if (!to)
        throw new ActionError(RUNTIME_ERROR_TYPES.validation, `booking ${booking.id} has no invitee email`);
      const extra = optional(input, 'message');
      const message = `Reminder: your meeting starts at ${String(booking.values.startTime ?? '')}.${extra ? `\n\n${extra}` : ''}`;
      await notifyPerson(ports, ctx, { user: to, message, subject: 'Meeting reminder', channel: 'email' });
      return { bookingId: booking.id, status: String(booking.values.status ?? 'pending') };
    },
  };
}

/** The new end keeps the booking's length (default one hour). */
function shiftedEnd(booking: StoredRecord, start: string): string {
  const startMs = Date.parse(start);
  if (Number.isNaN(startMs))
    throw new ActionError(RUNTIME_ERROR_TYPES.validation, '`start` must be an ISO date-time');
  const length = Date.parse(String(booking.values.endTime)) - Date.parse(String(booking.values.startTime));
  return new Date(startMs + (Number.isFinite(length) && length > 0 ? length : 3_600_000)).toISOString();
}
