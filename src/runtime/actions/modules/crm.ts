/**
 * CRM lists and sequences. A list membership is a `list_entries` record, a sequence enrollment a
 * `sequence_enrollments` record (`status: active | removed`); adding to a list emits `list.added`
 * about the member record, removing `list.removed` (the crm list triggers).
 */

import { ActionError } from '../../activities/errors.js';
import type { ActionContext, ActionHandlers } from '../../activities/ports.js';
import { RUNTIME_ERROR_TYPES } from '../../contract.js';
import { emitModuleEvent, type Input, type ModulePorts, optional, required } from './kit.js';
import { join, leave } from './membership.js';

export const LIST_ENTRIES = 'list_entries';
export const SEQUENCE_ENROLLMENTS = 'sequence_enrollments';

/** The member record: `record` input, else the trigger record (any object); `not_found` when missing. */
async function member(ports: ModulePorts, input: Input, ctx: ActionContext) {
  const id = optional(input, 'record') ?? ctx.record?.id;
  if (!id)
    throw new ActionError(RUNTIME_ERROR_TYPES.validation, '`record` is required (the trigger has no record)');
  const record = await ports.records.get(id);
  if (!record) throw new ActionError(RUNTIME_ERROR_TYPES.notFound, `record ${id} does not exist`);
  return record;
}

/** Handlers for add_to_list, remove_from_list, enroll_in_sequence, unenroll_from_sequence. */
export function crmHandlers(ports: ModulePorts): ActionHandlers {
  return {
    add_to_list: async (input, ctx) => {
      const listId = required(input, 'list');
      const record = await member(ports, input, ctx);
      const key = { list: listId, record: record.id };
      const { changed } = await join(ports, ctx, LIST_ENTRIES, key, { object: record.object });
      const payload = { recordId: record.id, object: record.object, values: record.values, listId };
      if (changed) await emitModuleEvent(ports, ctx, 'list.added', record, payload);
      return { listId, recordId: record.id, added: changed };
    },
    remove_from_list: async (input, ctx) => {
      const listId = required(input, 'list');
      const record = await member(ports, input, ctx);
      const { changed } = await leave(ports, ctx, LIST_ENTRIES, { list: listId, record: record.id });
      const payload = { recordId: record.id, object: record.object, values: record.values, listId };
      if (changed) await emitModuleEvent(ports, ctx, 'list.removed', record, payload);
      return { listId, recordId: record.id, removed: changed };
    },
    enroll_in_sequence: async (input, ctx) => {
      const sequenceId = required(input, 'sequence');
      const record = await member(ports, input, ctx);
      const startAt = optional(input, 'startAt') ?? new Date().toISOString();
      const values = { object: record.object, startAt, reason: null };
      const key = { sequence: sequenceId, record: record.id };
      const { entry, changed } = await join(ports, ctx, SEQUENCE_ENROLLMENTS, key, values);
      const status = changed ? 'active' : 'already_enrolled';
      return { enrollmentId: entry?.id ?? '', sequenceId, recordId: record.id, status };
    },
    unenroll_from_sequence: async (input, ctx) => {
      const sequenceId = required(input, 'sequence');
      const record = await member(ports, input, ctx);
      const key = { sequence: sequenceId, record: record.id };
      const reason = optional(input, 'reason') ?? null;
      const { changed } = await leave(ports, ctx, SEQUENCE_ENROLLMENTS, key, { reason });
      return { sequenceId, recordId: record.id, unenrolled: changed };
    },
  };
}
