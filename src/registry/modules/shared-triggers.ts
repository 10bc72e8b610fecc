/**
 * Triggers that are not owned by one module: schedules, inbound webhooks, communication events
 * (email, forms, meetings) and user events. Each lists the modules whose automations may use it.
 */
import { defineTrigger } from '../define.js';
import { data, timezone } from '../schema-helpers.js';
import type { ModuleId, TriggerDef } from '../types.js';

const ALL: ModuleId[] = [
  'crm',
  'tickets',
  'hiring',
  'email_marketing',
  'uptime',
  'sprints',
  'forms',
  'booking',
  'tracking',
  'compliance',
];

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const TIME_OF_DAY = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' };

const schedulePayload = {
  scheduledAt: data.dateTime('When this firing was due (in UTC).'),
  firedAt: data.dateTime('When it actually fired.'),
};

const scheduleTriggers: TriggerDef[] = [
  defineTrigger({
    id: 'schedule.cron',
    modules: ALL,
    family: 'schedule',
    summary: 'On a cron schedule (5 fields), in a time zone.',
    config: {
      cron: data.string(
        'Cron expression with 5 fields (minute hour day-of-month month day-of-week), e.g. `0 9 * * 1-5`.',
      ),
      timezone: timezone(),
    },
    required: ['cron'],
    payload: schedulePayload,
  }),
  defineTrigger({
    id: 'schedule.daily',
    modules: ALL,
    family: 'schedule',
    summary: 'Every day at a time of day (optionally only on some weekdays).',
    config: {
      at: { ...TIME_OF_DAY, description: 'Time of day, `HH:MM` (24 h), e.g. `08:30`.' },
      timezone: timezone(),
      days: {
        type: 'array',
        items: { enum: WEEKDAYS },
        uniqueItems: true,
        description: 'Only on these weekdays.',
      },
    },
    required: ['at'],
    payload: schedulePayload,
  }),
  defineTrigger({
    id: 'schedule.weekly',
    modules: ALL,
    family: 'schedule',
    summary: 'Every week on a weekday at a time of day.',
    config: {
      day: data.enum(WEEKDAYS, 'Weekday, e.g. `monday`.'),
      at: { ...TIME_OF_DAY, description: 'Time of day, `HH:MM` (24 h).' },
      timezone: timezone(),
    },
    required: ['day', 'at'],
    payload: schedulePayload,
  }),
];

const webhookTrigger = defineTrigger({
  id: 'webhook.received',
  modules: ALL,
  family: 'webhook',
  summary: 'An HTTP POST to the automation ingress URL, HMAC-SHA256 signed over the raw body.',
  config: {
    path: data.string('URL path segment under `/hooks/`; default: the automation name.', {
      pattern: '^[a-z0-9][a-z0-9-]*$',
    }),
    signatureHeader: data.string('Header carrying `sha256=<hex>`; default `X-Aexy-Signature`.'),
    allowUnsigned: data.boolean(
      'Accept requests without a valid signature. Only honoured by `aexy dev`; refused elsewhere. Default false.',
    ),
    payloadSchema: {
      type: 'object',
      description: 'JSON Schema of the request body, used to type-check `trigger.payload.body`.',
    },
  },
  payload: {
    body: data.any('The parsed JSON body.'),
    headers: data.map('Request headers (lower-case names).', { type: 'string' }),
    receivedAt: data.dateTime('When the request arrived.'),
    sourceIp: data.string('Client address.'),
  },
});

const emailBase = {
  emailId: data.string('Id of the sent email.'),
  recipientEmail: data.string('Recipient address.'),
  recordId: data.nullableString('CRM record the email was sent to, if any.'),
  campaignId: data.nullableString('Campaign id (email_marketing), if any.'),
  occurredAt: data.dateTime('When the event happened.'),
};
const emailConfig = {
  campaign: data.string('Only for this campaign id.'),
  sequence: data.string('Only for emails of this sequence id.'),
  object: data.string('Only for emails sent to records of this object.'),
};
const emailModules: ModuleId[] = ['crm', 'email_marketing'];

function emailTrigger(
  id: string,
  summary: string,
  extra: Record<string, Record<string, unknown>> = {},
  modules = emailModules,
) {
  return defineTrigger({
    id,
    modules,
    family: 'communication',
    summary,
    config: emailConfig,
    payload: { ...emailBase, ...extra },
  });
}

const emailTriggers: TriggerDef[] = [
  emailTrigger('email.opened', 'A tracked email was opened.'),
  emailTrigger('email.clicked', 'A link in a tracked email was clicked.', {
    linkUrl: data.string('The clicked URL.'),
  }),
  emailTrigger('email.replied', 'A recipient replied to an email.', {
    threadId: data.string('Mail thread id.'),
    fromEmail: data.string('Who replied.'),
    subject: data.string('Reply subject.'),
    body: data.string('Reply text (plain).'),
  }),
  emailTrigger('email.bounced', 'An email bounced.', {
    bounceType: data.enum(['hard', 'soft'], 'Hard (permanent) or soft (temporary).'),
    reason: data.string('Bounce reason from the mail provider.'),
  }),
  emailTrigger('email.unsubscribed', 'A recipient unsubscribed.', {}, ['email_marketing']),
  emailTrigger('email.complained', 'A recipient marked an email as spam.', {}, ['email_marketing']),
];

const formPayload = {
  formId: data.string('Form id.'),
  submissionId: data.string('Submission id (also for started/abandoned sessions).'),
  recordId: data.nullableString('CRM record linked to the submission, if any.'),
  answers: data.map('Answers by field slug.'),
  occurredAt: data.dateTime('When the event happened.'),
};
const formConfig = { form: data.string('Only for this form id.') };

const formTriggers: TriggerDef[] = [
  defineTrigger({
    id: 'form.submitted',
    modules: ['crm', 'forms'],
    family: 'communication',
    summary: 'A form was submitted.',
    config: formConfig,
    payload: formPayload,
  }),
  defineTrigger({
    id: 'form.started',
    modules: ['forms'],
    family: 'communication',
    summary: 'Someone started filling a form.',
    config: formConfig,
    payload: formPayload,
  }),
  defineTrigger({
    id: 'form.abandoned',
    modules: ['forms'],
    family: 'communication',
    summary: 'A started form was left unsubmitted.',
    config: formConfig,
    payload: formPayload,
  }),
];

const meetingPayload = {
  meetingId: data.string('Meeting id.'),
  calendarId: data.string('Calendar id.'),
  recordId: data.nullableString('CRM record of the invitee, if matched.'),
  meetingType: data.string('Meeting type slug, e.g. `demo`.'),
  scheduledAt: data.dateTime('Meeting start.'),
  inviteeEmail: data.string('Invitee address.'),
  inviteeName: data.string('Invitee name.'),
};
const meetingConfig = {
  meetingType: data.string('Only meetings of this type slug.'),
  calendar: data.string('Only meetings on this calendar id.'),
};
const meetingTriggers: TriggerDef[] = ['scheduled', 'completed', 'cancelled'].map((what) =>
  defineTrigger({
    id: `meeting.${what}`,
    modules: ['crm', 'booking'],
    family: 'communication',
    summary: `A meeting was ${what}.`,
    config: meetingConfig,
    payload: meetingPayload,
  }),
);

const userPayload = {
  userId: data.string('User id.'),
  email: data.string('User email.'),
  name: data.string('User display name.'),
  occurredAt: data.dateTime('When it happened.'),
};
const userTriggers: TriggerDef[] = [
  defineTrigger({
    id: 'user.first_login',
    modules: ['crm'],
    family: 'user',
    summary: 'A user logged in for the first time.',
    payload: userPayload,
  }),
  defineTrigger({
    id: 'user.profile_completed',
    modules: ['crm'],
    family: 'user',
    summary: 'A user completed their profile.',
    payload: userPayload,
  }),
  defineTrigger({
    id: 'user.onboarding_completed',
    modules: ['crm'],
    family: 'user',
    summary: 'A user finished onboarding.',
    payload: userPayload,
  }),
  defineTrigger({
    id: 'user.integration_connected',
    modules: ['crm'],
    family: 'user',
    summary: 'A user connected an integration.',
    config: { integration: data.string('Only this integration, e.g. `slack`, `github`.') },
    payload: { ...userPayload, integration: data.string('Integration slug.') },
  }),
  defineTrigger({
    id: 'user.milestone_reached',
    modules: ['crm'],
    family: 'user',
    summary: 'A user reached a milestone.',
    config: { milestone: data.string('Only this milestone slug.') },
    payload: { ...userPayload, milestone: data.string('Milestone slug.') },
  }),
];

export const sharedTriggers: TriggerDef[] = [
  ...scheduleTriggers,
  webhookTrigger,
  ...emailTriggers,
  ...formTriggers,
  ...meetingTriggers,
  ...userTriggers,
];

export { ALL as ALL_MODULES };
