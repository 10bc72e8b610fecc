/**
 * CRM actions: records, relations, lists, sequences and the AI record helpers. `record` inputs default
 * to the record the trigger is about, so most automations never spell it out.
 */
import { defineAction } from '../define.js';
import { data, input, objectSlug, recordShape } from '../schema-helpers.js';
import type { ActionDef } from '../types.js';

const recordInput = input.string('Record id; default: the record the trigger is about.');
const valuesInput = input.map('Attribute values by slug; values may be templates.');
const exampleRecord = {
  id: 'rec_7Q2',
  object: 'deals',
  values: { name: 'Acme renewal', stage: 'negotiation', amount: 24000 },
};

const recordOutput = {
  id: data.string('Record id.'),
  object: data.string('Object slug.'),
  values: data.map('Attribute values by slug.'),
};

export const crmActions: ActionDef[] = [
  defineAction({
    id: 'create_record',
    module: 'crm',
    summary: 'Create a record of an object.',
    input: { object: objectSlug('Object slug of the new record.'), values: valuesInput },
    required: ['object', 'values'],
    output: recordOutput,
    sideEffect: true,
    example: exampleRecord,
  }),
  defineAction({
    id: 'update_record',
    module: 'crm',
    summary: 'Set attribute values on a record (emits record events, which may trigger automations).',
    input: { record: recordInput, values: { ...valuesInput, minProperties: 1 } },
    required: ['values'],
    output: { ...recordOutput, changed: data.strings('Attribute slugs whose value actually changed.') },
    sideEffect: true,
    example: { ...exampleRecord, changed: ['stage'] },
  }),
  defineAction({
    id: 'delete_record',
    module: 'crm',
    summary: 'Delete (archive, or with `permanent` hard-delete) a record.',
    input: {
      record: recordInput,
      permanent: input.boolean('Hard-delete instead of archiving; default false.'),
    },
    output: {
      id: data.string('Record id.'),
      deleted: data.boolean('True when it existed and is now deleted.'),
    },
    sideEffect: true,
    example: { id: 'rec_7Q2', deleted: true },
  }),
  defineAction({
    id: 'get_record',
    module: 'crm',
    summary: 'Read a record (e.g. a related one) for later steps.',
    input: {
      record: recordInput,
      fields: input.list({ type: 'string' }, 'Only these attributes; default all.'),
    },
    output: recordOutput,
    sideEffect: false,
    example: exampleRecord,
  }),
  defineAction({
    id: 'search_records',
    module: 'crm',
    summary: 'Find records of an object by attribute values or text.',
    input: {
      object: objectSlug('Object slug to search.'),
      where: input.map('Attribute equality filters, e.g. `{stage: negotiation}`.'),
      query: input.string('Full-text query over text attributes.'),
      sort: input.string('Attribute to sort by; prefix `-` for descending, e.g. `-amount`.'),
      limit: input.integer('At most this many records; default 20, at most 500.', {
        minimum: 1,
        maximum: 500,
      }),
    },
    required: ['object'],
    output: {
      records: data.list(recordShape('A matching record.'), 'Matching records.'),
      total: data.integer('Number of matches (may exceed `limit`).'),
    },
    sideEffect: false,
    example: { records: [exampleRecord], total: 1 },
  }),
  defineAction({
    id: 'link_records',
    module: 'crm',
    summary: 'Relate two records through a relation attribute.',
    input: {
      record: recordInput,
      to: input.string('Id of the record to link to.'),
      relation: input.string('Relation attribute slug on `record`, e.g. `company`.'),
    },
    required: ['to', 'relation'],
    output: {
      recordId: data.string('The record.'),
      linkedId: data.string('The linked record.'),
      relation: data.string('Relation attribute slug.'),
    },
    sideEffect: true,
    example: { recordId: 'rec_7Q2', linkedId: 'rec_C01', relation: 'company' },
  }),
  defineAction({
    id: 'add_to_list',
    module: 'crm',
    summary: 'Add a record to a list (idempotent).',
    input: { list: input.string('List id or slug.'), record: recordInput },
    required: ['list'],
    output: {
      listId: data.string('List id.'),
      recordId: data.string('Record id.'),
      added: data.boolean('False when it was already a member.'),
    },
    sideEffect: true,
    example: { listId: 'lst_hot', recordId: 'rec_7Q2', added: true },
  }),
  defineAction({
    id: 'remove_from_list',
    module: 'crm',
    summary: 'Remove a record from a list (idempotent).',
    input: { list: input.string('List id or slug.'), record: recordInput },
    required: ['list'],
    output: {
      listId: data.string('List id.'),
      recordId: data.string('Record id.'),
      removed: data.boolean('False when it was not a member.'),
    },
    sideEffect: true,
    example: { listId: 'lst_hot', recordId: 'rec_7Q2', removed: true },
  }),
  defineAction({
    id: 'enroll_in_sequence',
    module: 'crm',
    summary: 'Enroll a record in an email sequence.',
    input: {
      sequence: input.string('Sequence id or slug.'),
      record: recordInput,
      startAt: input.string('ISO date-time of the first step; default now.'),
    },
    required: ['sequence'],
    output: {
      enrollmentId: data.string('Enrollment id.'),
      sequenceId: data.string('Sequence id.'),
      recordId: data.string('Record id.'),
      status: data.enum(['active', 'already_enrolled'], 'Enrollment status.'),
    },
    sideEffect: true,
    example: { enrollmentId: 'enr_51', sequenceId: 'seq_onboard', recordId: 'rec_7Q2', status: 'active' },
  }),
  defineAction({
    id: 'unenroll_from_sequence',
    module: 'crm',
    summary: 'Stop a record’s enrollment in a sequence.',
    input: {
      sequence: input.string('Sequence id or slug.'),
      record: recordInput,
      reason: input.string('Why (kept on the enrollment).'),
    },
    required: ['sequence'],
    output: {
      sequenceId: data.string('Sequence id.'),
      recordId: data.string('Record id.'),
      unenrolled: data.boolean('False when it was not enrolled.'),
    },
    sideEffect: true,
    example: { sequenceId: 'seq_onboard', recordId: 'rec_7Q2', unenrolled: true },
  }),
  defineAction({
    id: 'enrich_record',
    module: 'crm',
    summary: 'Fill empty attributes of a person or company record from enrichment sources.',
    input: {
      record: recordInput,
      sources: input.list({ enum: ['company', 'person', 'web'] }, 'Sources to use; default all.'),
      fields: input.list({ type: 'string' }, 'Only these attributes; default every empty one.'),
      overwrite: input.boolean('Also replace non-empty values; default false.'),
    },
    output: {
      recordId: data.string('Record id.'),
      enriched: data.map('Attribute values that were written.'),
      sources: data.strings('Sources that returned data.'),
    },
    sideEffect: true,
    example: {
      recordId: 'rec_C01',
      enriched: { industry: 'Software', employees: 120 },
      sources: ['company'],
    },
  }),
  defineAction({
    id: 'classify_record',
    module: 'crm',
    summary: 'Classify a record or a text into one of the given labels with a language model.',
    input: {
      record: recordInput,
      text: input.string('Text to classify instead of the record (e.g. an email reply).'),
      labels: input.list({ type: 'string' }, 'Allowed labels.', { minItems: 2 }),
      instructions: input.string('What the labels mean.'),
    },
    required: ['labels'],
    output: {
      label: data.string('The chosen label (one of `labels`).'),
      confidence: data.number('Confidence between 0 and 1.', { minimum: 0, maximum: 1 }),
      reasoning: data.string('Short explanation.'),
    },
    sideEffect: false,
    example: { label: 'interested', confidence: 0.91, reasoning: 'Asks for a call next week.' },
  }),
  defineAction({
    id: 'generate_summary',
    module: 'crm',
    summary: 'Summarise a record (with its activity) or a text with a language model.',
    input: {
      record: recordInput,
      text: input.string('Text to summarise instead of the record.'),
      instructions: input.string('What to focus on.'),
      maxWords: input.integer('Length limit; default 120.', { minimum: 10 }),
    },
    output: { summary: data.string('The summary.') },
    sideEffect: false,
    example: { summary: 'Acme is evaluating the Pro plan; legal review pending; decision expected Friday.' },
  }),
];
