/**
 * Hiring actions on `candidates` records. Stage and status changes emit the hiring events
 * (`candidate.stage_changed`, `candidate.rejected`, `candidate.updated`); notes, assessments,
 * interviews and offers are their own records (`candidate_notes`, `assessments`, `interviews`,
 * `offers`) linked by `candidate`. Messages to the candidate or interviewer go through the notify path.
 */
import type { ActionContext, ActionHandlers, StoredRecord } from '../../activities/ports.js';
import {
  emitModuleEvent,
  findTarget,
  type Input,
  type ModulePorts,
  mutation,
  notifyPerson,
  numeric,
  optional,
  required,
  snapshot,
  updateFields,
} from './kit.js';

export const CANDIDATES = 'candidates';

/** The registry's candidate shape of a `candidates` record. */
export function candidateSnapshot(record: StoredRecord) {
  return snapshot(record, {
    name: '',
    email: '',
    stage: 'applied',
    status: 'active',
    requirementId: null,
    rating: 0,
    recruiterId: null,
  });
}

const output = (c: StoredRecord) => ({ candidateId: c.id, candidate: candidateSnapshot(c) });
const target = (ports: ModulePorts, input: Input, ctx: ActionContext) =>
  findTarget(ports, input, 'candidate', ctx, CANDIDATES);

function emit(ports: ModulePorts, ctx: ActionContext, type: string, c: StoredRecord, extra = {}) {
  return emitModuleEvent(ports, ctx, type, c, {
    candidateId: c.id,
    candidate: candidateSnapshot(c),
    ...extra,
  });
}

/** Creates a record of `object` linked to the candidate (the step's key dedupes it). */
function attach(ports: ModulePorts, ctx: ActionContext, object: string, c: StoredRecord, values: Input) {
  return ports.records.create(object, { candidate: c.id, ...values }, mutation(ctx, `:${object}`));
}

/** Handlers for the hiring module's actions. */
export function hiringHandlers(ports: ModulePorts): ActionHandlers {
  return {
    move_stage: async (input, ctx) => {
      const c = await target(ports, input, ctx);
      const after = await updateFields(ports, ctx, c, { stage: required(input, 'stage') });
      const transition = { from: String(candidateSnapshot(c).stage), to: String(after.values.stage) };
      if (after.changed.includes('stage'))
        await emit(ports, ctx, 'candidate.stage_changed', after, transition);
      return output(after);
    },
    update_candidate: async (input, ctx) => {
      const c = await target(ports, input, ctx);
      const values: Input = { ...(isMap(input.values) ? input.values : {}) };
      const rating = numeric(input, 'rating');
      if (rating !== undefined) values.rating = rating;
      const notes = optional(input, 'notes');
      if (notes) values.notes = [c.values.notes, notes].filter(Boolean).join('\n\n');
      const after = await updateFields(ports, ctx, c, values);
      if (after.changed.length > 0) await emit(ports, ctx, 'candidate.updated', after);
      return output(after);
    },
    reject_candidate: async (input, ctx) => {
      const c = await target(ports, input, ctx);
      const reason = optional(input, 'reason') ?? '';
      const after = await updateFields(ports, ctx, c, { status: 'rejected', rejectionReason: reason });
      if (after.changed.includes('status')) await emit(ports, ctx, 'candidate.rejected', after, { reason });
      const email = String(c.values.email ?? '');
      if (input.notify !== false && email) {
        const message = `Thank you for your interest. We have decided not to move forward with your application.`;
        await notifyPerson(ports, ctx, {
          user: email,
          message,
          subject: 'Your application',
          channel: 'email',
        });
      }
      return output(after);
    },
    add_note: async (input, ctx) => {
      const c = await target(ports, input, ctx);
      await attach(ports, ctx, 'candidate_notes', c, {
        note: required(input, 'note'),
        authorId: `automation:${ctx.automation}`,
      });
      return output(c);
    },
    send_assessment: async (input, ctx) => {
      const c = await target(ports, input, ctx);
      const template = required(input, 'assessment');
      const due = optional(input, 'due') ?? null;
      await attach(ports, ctx, 'assessments', c, { template, due, status: 'sent' });
      const email = String(c.values.email ?? '');
      if (email) {
        const message = `Please complete the assessment ${template}${due ? ` (due ${due})` : ''}.`;
        await notifyPerson(ports, ctx, {
          user: email,
          message,
          subject: 'Your assessment',
          channel: 'email',
        });
      }
      return output(c);
    },
    schedule_interview: async (input, ctx) => {
      const c = await target(ports, input, ctx);
      const interviewer = required(input, 'interviewer');
      const at = required(input, 'at');
      const values = {
        interviewer,
        at,
        type: optional(input, 'type') ?? 'video',
        durationMinutes: numeric(input, 'durationMinutes') ?? 60,
        notes: optional(input, 'notes') ?? null,
        status: 'scheduled',
      };
      const interview = await attach(ports, ctx, 'interviews', c, values);
      const message = `Interview with ${String(c.values.name ?? c.id)} at ${at} (${values.type}).`;
      await notifyPerson(ports, ctx, { user: interviewer, message, subject: 'Interview scheduled' });
      return { interviewId: interview.id, at, joinUrl: null };
    },
    create_offer: async (input, ctx) => {
      const c = await target(ports, input, ctx);
      const values = {
        position: required(input, 'position'),
        salary: numeric(input, 'salary') ?? null,
        currency: optional(input, 'currency') ?? null,
        startDate: optional(input, 'startDate') ?? null,
        notes: optional(input, 'notes') ?? null,
        status: 'draft',
      };
      const offer = await attach(ports, ctx, 'offers', c, values);
      return { offerId: offer.id, status: 'draft' as const };
    },
  };
}

function isMap(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
