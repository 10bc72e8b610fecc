/** Compliance: trainings, assignments, certifications and audit events. */
import { defineAction } from '../define.js';
import { data, input, object } from '../schema-helpers.js';
import type { ActionDef, TriggerDef } from '../types.js';
import { eventKit } from './module-kit.js';

const trainingShape = object(
  {
    id: data.string('Training id.'),
    title: data.string('Title.'),
    mandatory: data.boolean('Whether it is mandatory.'),
  },
  ['id', 'title'],
  'The training.',
);
const assignmentPayload = {
  assignmentId: data.string('Assignment id.'),
  userId: data.string('Assigned user.'),
  dueAt: data.dateTime('Due date.'),
};
const trainingEvent = eventKit('compliance', 'training', trainingShape, {
  training: data.string('Only this training id.'),
});

const certShape = object(
  {
    id: data.string('Certification id.'),
    name: data.string('Name.'),
    userId: data.string('Holder.'),
    expiresAt: data.dateTime('Expiry.'),
  },
  ['id', 'name', 'userId'],
  'The certification.',
);
const certEvent = eventKit('compliance', 'certification', certShape, {
  name: data.string('Only certifications with this name.'),
});

const userEvent = eventKit(
  'compliance',
  'user',
  object({ id: data.string('User id.'), email: data.string('Email.') }, ['id', 'email'], 'The user.'),
  {},
);

export const complianceTriggers: TriggerDef[] = [
  trainingEvent('training.created', 'A training was created.'),
  trainingEvent('training.assigned', 'A training was assigned to someone.', { payload: assignmentPayload }),
  trainingEvent('training.started', 'Someone started a training.', { payload: assignmentPayload }),
  trainingEvent('training.completed', 'Someone completed a training.', { payload: assignmentPayload }),
  trainingEvent('training.waived', 'A training was waived for someone.', { payload: assignmentPayload }),
  trainingEvent('assignment.approaching_due', 'A training assignment is due soon.', {
    config: { before: data.duration('How long before the due date; default `3d`.') },
    payload: assignmentPayload,
  }),
  trainingEvent('assignment.overdue', 'A training assignment is overdue.', { payload: assignmentPayload }),
  trainingEvent('training.bulk_overdue', 'Many assignments of a training are overdue (weekly check).', {
    payload: { overdueCount: data.integer('Overdue assignments.') },
  }),
  certEvent('certification.added', 'A certification was added.'),
  certEvent('certification.expiring', 'A certification expires soon.', {
    config: { before: data.duration('How long before expiry; default `30d`.') },
  }),
  certEvent('certification.expired', 'A certification expired.'),
  certEvent('certification.renewed', 'A certification was renewed.'),
  certEvent('certification.revoked', 'A certification was revoked.'),
  certEvent('certification.prerequisite_unmet', 'A required certification is missing for a role.', {
    payload: { requiredFor: data.string('Role or permission that needs it.') },
  }),
  userEvent('compliance.status_changed', 'A user’s compliance status changed.', {
    payload: {
      from: data.string('Old status.'),
      to: data.enum(['compliant', 'at_risk', 'non_compliant'], 'New status.'),
    },
  }),
  userEvent('audit.logged', 'An audit log entry was written.', {
    config: { action: data.string('Only this audit action, e.g. `permission.granted`.') },
    payload: { action: data.string('Audit action.'), details: data.map('Details.') },
  }),
];

const userInput = input.string('User id; default: the user the trigger is about.');

export const complianceActions: ActionDef[] = [
  defineAction({
    id: 'send_training_reminder',
    module: 'compliance',
    summary: 'Remind someone of a training assignment.',
    input: {
      assignment: input.string('Assignment id; default: the trigger’s.'),
      message: input.string('Extra text.'),
    },
    output: { delivered: data.boolean('True when delivered.') },
    sideEffect: true,
    example: { delivered: true },
  }),
  defineAction({
    id: 'update_compliance_status',
    module: 'compliance',
    summary: 'Set a user’s compliance status.',
    input: {
      user: userInput,
      status: input.enum(['compliant', 'at_risk', 'non_compliant'], 'New status.'),
      reason: input.string('Why.'),
    },
    required: ['status'],
    output: { userId: data.string('User id.'), status: data.string('Status afterwards.') },
    sideEffect: true,
    example: { userId: 'usr_12', status: 'at_risk' },
  }),
  defineAction({
    id: 'restrict_permissions',
    module: 'compliance',
    summary: 'Remove permissions from a user until they are compliant again.',
    input: {
      user: userInput,
      permissions: input.list({ type: 'string' }, 'Permission slugs to remove.', { minItems: 1 }),
      reason: input.string('Why.'),
    },
    required: ['permissions'],
    output: { userId: data.string('User id.'), removed: data.strings('Permissions removed.') },
    sideEffect: true,
    example: { userId: 'usr_12', removed: ['deploy.production'] },
  }),
  defineAction({
    id: 'send_compliance_digest',
    module: 'compliance',
    summary: 'Email a digest of compliance status to managers.',
    input: {
      to: input.stringOrList('Recipients.'),
      period: input.enum(['week', 'month'], 'Period covered; default week.'),
    },
    required: ['to'],
    output: { messageId: data.string('Message id.'), items: data.integer('Entries in the digest.') },
    sideEffect: true,
    example: { messageId: 'msg_DIG7', items: 12 },
  }),
];
