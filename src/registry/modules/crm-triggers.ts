/**
 * CRM record triggers: record lifecycle, field / stage / status changes, list membership and
 * date-relative triggers on a record's date attribute. All of them make the `record` root available.
 */
import { defineTrigger } from '../define.js';
import { DURATION_PATTERN, data, objectSlug } from '../schema-helpers.js';
import type { TriggerDef } from '../types.js';

const scalar = (description: string) => ({ type: ['string', 'number', 'boolean', 'null'], description });

const recordPayload = {
  recordId: data.string('Id of the record.'),
  object: data.string('Object slug of the record.'),
  values: data.map('Attribute values after the event.'),
};

// What changed is at `trigger.changes` / `trigger.previous` (the same for every record event), not here.
const changePayload = {
  ...recordPayload,
  changedBy: data.nullableString('User id who made the change (null for automations).'),
};

const transitionPayload = {
  ...recordPayload,
  field: data.string('Attribute slug that changed.'),
  from: data.any('Value before.'),
  to: data.any('Value after.'),
  changedBy: data.nullableString('User id who made the change (null for automations).'),
};

const transitionConfig = (what: string) => ({
  object: objectSlug(),
  field: data.string(`Attribute holding the ${what}; default: the object's pipeline ${what} attribute.`),
  from: scalar(`Only when the ${what} was this value.`),
  to: scalar(`Only when the ${what} becomes this value.`),
});

const duration = (description: string) => ({ type: 'string', pattern: DURATION_PATTERN, description });

const dateConfig = (offsetKey: 'before' | 'after', offsetText: string) => ({
  object: objectSlug(),
  field: data.string('Date or date-time attribute slug, e.g. `renewal_date`.'),
  [offsetKey]: duration(offsetText),
  at: {
    type: 'string',
    pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
    description: 'Time of day to fire (`HH:MM`); default 09:00.',
  },
  timezone: { type: 'string', description: 'IANA time zone for `at`; default: the project `timezone`.' },
});

const datePayload = {
  ...recordPayload,
  field: data.string('Date attribute slug.'),
  date: data.string('The attribute value (ISO date or date-time).'),
};

const listPayload = {
  ...recordPayload,
  listId: data.string('List id.'),
};

export const crmTriggers: TriggerDef[] = [
  defineTrigger({
    id: 'record.created',
    modules: ['crm'],
    family: 'record',
    summary: 'A record of an object was created.',
    config: { object: objectSlug() },
    required: ['object'],
    payload: {
      ...recordPayload,
      createdBy: data.nullableString('User id who created it (null for automations).'),
    },
    record: true,
  }),
  defineTrigger({
    id: 'record.updated',
    modules: ['crm'],
    family: 'record',
    summary: 'A record was updated (optionally: one of some attributes changed).',
    config: {
      object: objectSlug(),
      fields: {
        type: 'array',
        items: { type: 'string' },
        minItems: 1,
        description: 'Only when one of these attributes changed.',
      },
    },
    required: ['object'],
    payload: changePayload,
    record: true,
  }),
  defineTrigger({
    id: 'record.deleted',
    modules: ['crm'],
    family: 'record',
    summary: 'A record was deleted.',
    config: { object: objectSlug() },
    required: ['object'],
    payload: {
      ...recordPayload,
      permanent: data.boolean('True when hard-deleted, false when archived.'),
      deletedBy: data.nullableString('User id who deleted it.'),
    },
    record: true,
  }),
  defineTrigger({
    id: 'field.changed',
    modules: ['crm'],
    family: 'record',
    summary:
      'One attribute of a record changed (optionally from / to a value). Fires once per watched field.',
    config: {
      object: objectSlug(),
      field: data.string('Attribute slug to watch.'),
      from: scalar('Only when the old value equals this.'),
      to: scalar('Only when the new value equals this.'),
    },
    required: ['object', 'field'],
    payload: transitionPayload,
    record: true,
  }),
  defineTrigger({
    id: 'stage.changed',
    modules: ['crm'],
    family: 'record',
    summary: 'A record moved to another pipeline stage (optionally from / to a stage).',
    config: transitionConfig('stage'),
    required: ['object'],
    payload: transitionPayload,
    record: true,
  }),
  defineTrigger({
    id: 'status.changed',
    modules: ['crm'],
    family: 'record',
    summary: "A record's status attribute changed (optionally from / to a status).",
    config: transitionConfig('status'),
    required: ['object'],
    payload: transitionPayload,
    record: true,
  }),
  defineTrigger({
    id: 'list.added',
    modules: ['crm'],
    family: 'record',
    summary: 'A record was added to a list.',
    config: { list: data.string('List id or slug.'), object: objectSlug('Only records of this object.') },
    required: ['list'],
    payload: listPayload,
    record: true,
  }),
  defineTrigger({
    id: 'list.removed',
    modules: ['crm'],
    family: 'record',
    summary: 'A record was removed from a list.',
    config: { list: data.string('List id or slug.'), object: objectSlug('Only records of this object.') },
    required: ['list'],
    payload: listPayload,
    record: true,
  }),
  defineTrigger({
    id: 'date.approaching',
    modules: ['crm'],
    family: 'date',
    summary: "A record's date attribute is a given duration away (e.g. 7 days before a renewal).",
    config: dateConfig('before', 'How long before the date to fire, e.g. `7d`.'),
    required: ['object', 'field', 'before'],
    payload: datePayload,
    record: true,
  }),
  defineTrigger({
    id: 'date.passed',
    modules: ['crm'],
    family: 'date',
    summary: "A record's date attribute has passed (optionally by a given duration).",
    config: dateConfig('after', 'How long after the date to fire; default `0s` (on the date).'),
    required: ['object', 'field'],
    payload: datePayload,
    record: true,
  }),
];
