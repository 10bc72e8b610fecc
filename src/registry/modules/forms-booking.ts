/**
 * Forms (form events are shared triggers) and booking (bookings, event types; meeting events are
 * shared triggers).
 */
import { defineAction } from '../define.js';
import { data, input, object, objectSlug } from '../schema-helpers.js';
import type { ActionDef, TriggerDef } from '../types.js';
import { eventKit } from './module-kit.js';

const submissionInput = input.string('Submission id; default: the submission the trigger is about.');

export const formActions: ActionDef[] = [
  defineAction({
    id: 'create_crm_record',
    module: 'forms',
    summary: 'Create a CRM record from a form submission (answers mapped to attributes).',
    input: {
      submission: submissionInput,
      object: objectSlug('Object slug of the new record.'),
      mapping: input.map('Attribute slug -> answer field slug (or a template).', { type: 'string' }),
    },
    required: ['object'],
    output: { recordId: data.string('The new record.'), object: data.string('Object slug.') },
    sideEffect: true,
    example: { recordId: 'rec_L77', object: 'leads' },
  }),
  defineAction({
    id: 'create_ticket',
    module: 'forms',
    summary: 'Open a support ticket from a form submission.',
    input: {
      submission: submissionInput,
      subject: input.string('Subject.', { minLength: 1 }),
      body: input.string('Description.'),
      priority: input.enum(['urgent', 'high', 'medium', 'low'], 'Priority; default medium.'),
      team: input.string('Owning team id.'),
    },
    required: ['subject'],
    output: { ticketId: data.string('The new ticket.'), number: data.integer('Ticket number.') },
    sideEffect: true,
    example: { ticketId: 'tkt_302', number: 302 },
  }),
  defineAction({
    id: 'send_confirmation',
    module: 'forms',
    summary: 'Email the submitter a confirmation.',
    input: {
      submission: submissionInput,
      subject: input.string('Subject; default “Thanks, we got it”.'),
      body: input.string('Body (Markdown).'),
    },
    output: { messageId: data.string('Message id.'), to: data.string('Recipient.') },
    sideEffect: true,
    example: { messageId: 'msg_CONF1', to: 'ada@example.com' },
  }),
];

const bookingShape = object(
  {
    id: data.string('Booking id.'),
    eventTypeId: data.string('Event type.'),
    status: data.enum(['pending', 'confirmed', 'cancelled', 'completed', 'no_show'], 'Status.'),
    startTime: data.dateTime('Start.'),
    endTime: data.dateTime('End.'),
    inviteeEmail: data.string('Invitee.'),
    hostId: data.string('Host user.'),
  },
  ['id', 'eventTypeId', 'status', 'startTime', 'endTime', 'inviteeEmail'],
  'The booking after the event.',
);
const bookingEvent = eventKit('booking', 'booking', bookingShape, {
  eventType: data.string('Only bookings of this event type id.'),
});

export const bookingTriggers: TriggerDef[] = [
  bookingEvent('booking.created', 'A booking was made.'),
  bookingEvent('booking.confirmed', 'A booking was confirmed.'),
  bookingEvent('booking.cancelled', 'A booking was cancelled.', {
    payload: { reason: data.nullableString('Reason.') },
  }),
  bookingEvent('booking.rescheduled', 'A booking moved to another time.', {
    payload: { previousStart: data.dateTime('Old start.') },
  }),
  bookingEvent('booking.completed', 'A booked meeting took place.'),
  bookingEvent('booking.no_show', 'The invitee did not show up.'),
  bookingEvent('booking.reminder', 'A booking starts soon (reminder time reached).', {
    payload: { startsIn: data.string('Time left, as a duration.') },
  }),
  eventKit(
    'booking',
    'eventType',
    object(
      { id: data.string('Event type id.'), name: data.string('Name.') },
      ['id', 'name'],
      'The event type.',
    ),
    {},
  )('event_type.created', 'A bookable event type was created.'),
];

const bookingInput = input.string('Booking id; default: the booking the trigger is about.');
const bookingOut = { bookingId: data.string('Booking id.'), status: data.string('Status afterwards.') };

function bookingAction(
  id: string,
  summary: string,
  props: Record<string, Record<string, unknown>>,
  example: unknown,
  required: string[] = [],
): ActionDef {
  return defineAction({
    id,
    module: 'booking',
    summary,
    input: { booking: bookingInput, ...props },
    required,
    output: bookingOut,
    sideEffect: true,
    example,
  });
}

export const bookingActions: ActionDef[] = [
  bookingAction(
    'confirm_booking',
    'Confirm a pending booking.',
    {},
    { bookingId: 'bk_9', status: 'confirmed' },
  ),
  bookingAction(
    'cancel_booking',
    'Cancel a booking.',
    { reason: input.string('Reason sent to the invitee.') },
    { bookingId: 'bk_9', status: 'cancelled' },
  ),
  bookingAction(
    'reschedule_booking',
    'Move a booking to another time.',
    {
      start: input.string('New start, ISO date-time.'),
      end: input.string('New end; default start + length.'),
      reason: input.string('Reason.'),
    },
    { bookingId: 'bk_9', status: 'confirmed' },
    ['start'],
  ),
  bookingAction(
    'send_reminder',
    'Send the invitee a reminder.',
    { message: input.string('Extra text.') },
    { bookingId: 'bk_9', status: 'confirmed' },
  ),
];
