/** Tickets (help desk): ticket lifecycle, SLA and response events; assignment, status and escalation actions. */
import { defineAction } from '../define.js';
import { data, input, object } from '../schema-helpers.js';
import type { ActionDef, TriggerDef } from '../types.js';
import { eventKit, filterValue } from './module-kit.js';

const PRIORITIES = ['urgent', 'high', 'medium', 'low'];
const STATUSES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'];

const ticketShape = object(
  {
    id: data.string('Ticket id.'),
    number: data.integer('Human ticket number.'),
    subject: data.string('Subject.'),
    status: data.enum(STATUSES, 'Status.'),
    priority: data.enum(PRIORITIES, 'Priority.'),
    severity: data.nullableString('Severity (`sev1`..`sev4`), if set.'),
    requesterEmail: data.string('Who opened it.'),
    assigneeId: data.nullableString('Assigned agent.'),
    teamId: data.nullableString('Owning team.'),
    tags: data.strings('Tags.'),
  },
  ['id', 'number', 'subject', 'status', 'priority', 'requesterEmail', 'tags'],
  'The ticket after the event.',
);

const ticketEvent = eventKit('tickets', 'ticket', ticketShape, {
  priority: data.list(data.enum(PRIORITIES, 'Priority.'), 'Only tickets with one of these priorities.'),
  team: data.string('Only tickets of this team id.'),
  tag: data.string('Only tickets carrying this tag.'),
});

const transition = (what: string) => ({
  config: {
    from: filterValue(`Only when the ${what} was this.`),
    to: filterValue(`Only when the ${what} becomes this.`),
  },
  payload: { from: data.string(`Old ${what}.`), to: data.string(`New ${what}.`) },
});

const slaPayload = {
  sla: data.enum(['first_response', 'resolution'], 'Which SLA target.'),
  dueAt: data.dateTime('When the target is (was) due.'),
};

export const ticketTriggers: TriggerDef[] = [
  ticketEvent('ticket.created', 'A ticket was opened.'),
  ticketEvent('ticket.updated', 'A ticket was updated.', {
    payload: { changes: data.strings('Changed fields.') },
  }),
  ticketEvent('ticket.status_changed', 'A ticket changed status.', transition('status')),
  ticketEvent('ticket.assigned', 'A ticket was assigned.', {
    payload: { assigneeId: data.string('New assignee.') },
  }),
  ticketEvent('ticket.priority_changed', 'A ticket changed priority.', transition('priority')),
  ticketEvent('ticket.escalated', 'A ticket was escalated.', {
    payload: { level: data.string('Escalation level.') },
  }),
  ticketEvent('ticket.reopened', 'A resolved ticket was reopened.'),
  ticketEvent('ticket.sla_warning', 'A ticket SLA target is close (default 80% of the time used).', {
    config: { sla: data.enum(['first_response', 'resolution'], 'Only this SLA target.') },
    payload: slaPayload,
  }),
  ticketEvent('ticket.sla_breached', 'A ticket missed an SLA target.', {
    config: { sla: data.enum(['first_response', 'resolution'], 'Only this SLA target.') },
    payload: slaPayload,
  }),
  ticketEvent('ticket.response_received', 'The requester answered on a ticket.', {
    payload: { body: data.string('Message text.'), fromEmail: data.string('Sender.') },
  }),
  ticketEvent('ticket.response_sent', 'An agent answered on a ticket.', {
    payload: { body: data.string('Message text.'), authorId: data.string('Agent user id.') },
  }),
];

const ticketInput = input.string('Ticket id; default: the ticket the trigger is about.');
const ticketOut = { ticketId: data.string('Ticket id.'), ticket: ticketShape };
const ticketExample = {
  ticketId: 'tkt_301',
  ticket: {
    id: 'tkt_301',
    number: 301,
    subject: 'Cannot log in',
    status: 'open',
    priority: 'high',
    severity: null,
    requesterEmail: 'sam@example.com',
    assigneeId: 'usr_12',
    teamId: 'team_support',
    tags: ['login'],
  },
};

function ticketAction(
  id: string,
  summary: string,
  props: Record<string, Record<string, unknown>>,
  required: string[] = [],
): ActionDef {
  return defineAction({
    id,
    module: 'tickets',
    summary,
    input: { ticket: ticketInput, ...props },
    required,
    output: ticketOut,
    sideEffect: true,
    example: ticketExample,
  });
}

export const ticketActions: ActionDef[] = [
  ticketAction('assign_ticket', 'Assign a ticket to an agent and/or team.', {
    assignee: input.string('User id or email.'),
    team: input.string('Team id.'),
  }),
  ticketAction(
    'change_status',
    'Set the status of a ticket.',
    { status: input.enum(STATUSES, 'New status.') },
    ['status'],
  ),
  ticketAction(
    'change_priority',
    'Set the priority of a ticket.',
    { priority: input.enum(PRIORITIES, 'New priority.') },
    ['priority'],
  ),
  ticketAction('update_ticket', 'Set several ticket fields at once.', {
    status: input.enum(STATUSES, 'New status.'),
    priority: input.enum(PRIORITIES, 'New priority.'),
    severity: input.string('New severity.'),
  }),
  ticketAction(
    'add_response',
    'Add a reply (sent to the requester) or an internal note.',
    {
      message: input.string('Text (Markdown).', { minLength: 1 }),
      internal: input.boolean('Internal note; default false.'),
    },
    ['message'],
  ),
  ticketAction('escalate_ticket', 'Escalate a ticket to the next (or a given) level.', {
    level: input.enum(['level_1', 'level_2', 'level_3'], 'Target level; default the next one.'),
    reason: input.string('Why (shown to the next level).'),
  }),
  ticketAction('add_tag', 'Tag a ticket.', { tag: input.string('Tag.') }, ['tag']),
  ticketAction('remove_tag', 'Remove a tag from a ticket.', { tag: input.string('Tag.') }, ['tag']),
  ticketAction(
    'merge_tickets',
    'Merge another ticket into this one.',
    { source: input.string('Id of the ticket merged in (closed afterwards).') },
    ['source'],
  ),
];
