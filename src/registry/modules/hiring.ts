/** Hiring: candidates, assessments, requirements (open roles) and offers. */
import { defineAction } from '../define.js';
import { data, input, object } from '../schema-helpers.js';
import type { ActionDef, TriggerDef } from '../types.js';
import { eventKit, filterValue } from './module-kit.js';

const candidateShape = object(
  {
    id: data.string('Candidate id.'),
    name: data.string('Full name.'),
    email: data.string('Email.'),
    stage: data.string('Pipeline stage slug, e.g. `applied`, `screen`, `interview`, `offer`.'),
    status: data.enum(['active', 'rejected', 'hired', 'withdrawn'], 'Status.'),
    requirementId: data.nullableString('Role (requirement) applied for.'),
    rating: data.integer('Overall rating 0..5 (0 = none).'),
    recruiterId: data.nullableString('Recruiter.'),
  },
  ['id', 'name', 'email', 'stage', 'status'],
  'The candidate after the event.',
);

const candidateFilters = {
  requirement: data.string('Only candidates for this requirement (role) id.'),
};
const candidateEvent = eventKit('hiring', 'candidate', candidateShape, candidateFilters);

const requirementShape = object(
  {
    id: data.string('Requirement id.'),
    title: data.string('Role title.'),
    status: data.enum(['draft', 'open', 'on_hold', 'filled', 'closed'], 'Status.'),
    department: data.nullableString('Department.'),
  },
  ['id', 'title', 'status'],
  'The requirement (open role).',
);
const requirementEvent = eventKit('hiring', 'requirement', requirementShape, {});

const assessment = {
  assessmentId: data.string('Assessment id.'),
  score: data.number('Score 0..100.'),
};
const threshold = { threshold: data.number('Score threshold 0..100.', { minimum: 0, maximum: 100 }) };

const offerPayload = { offerId: data.string('Offer id.') };

export const hiringTriggers: TriggerDef[] = [
  candidateEvent('candidate.created', 'A candidate applied or was added.'),
  candidateEvent('candidate.updated', 'A candidate was updated.'),
  candidateEvent('candidate.stage_changed', 'A candidate moved to another stage.', {
    config: { from: filterValue('Only from this stage.'), to: filterValue('Only to this stage.') },
    payload: { from: data.string('Old stage.'), to: data.string('New stage.') },
  }),
  candidateEvent('candidate.rejected', 'A candidate was rejected.', {
    payload: { reason: data.string('Reason.') },
  }),
  candidateEvent('candidate.hired', 'A candidate was hired.'),
  candidateEvent('assessment.completed', 'A candidate completed an assessment.', { payload: assessment }),
  candidateEvent('assessment.score_above', 'An assessment score is above a threshold.', {
    config: threshold,
    required: ['threshold'],
    payload: assessment,
  }),
  candidateEvent('assessment.score_below', 'An assessment score is below a threshold.', {
    config: threshold,
    required: ['threshold'],
    payload: assessment,
  }),
  requirementEvent('requirement.created', 'A requirement (open role) was created.'),
  requirementEvent('requirement.status_changed', 'A requirement changed status.', {
    config: { to: filterValue('Only to this status.') },
    payload: { from: data.string('Old status.'), to: data.string('New status.') },
  }),
  candidateEvent('offer.sent', 'An offer was sent to a candidate.', { payload: offerPayload }),
  candidateEvent('offer.accepted', 'A candidate accepted an offer.', { payload: offerPayload }),
  candidateEvent('offer.declined', 'A candidate declined an offer.', { payload: offerPayload }),
];

const candidateInput = input.string('Candidate id; default: the candidate the trigger is about.');
const candidateOut = { candidateId: data.string('Candidate id.'), candidate: candidateShape };
const candidateExample = {
  candidateId: 'cand_88',
  candidate: {
    id: 'cand_88',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    stage: 'interview',
    status: 'active',
    requirementId: 'req_9',
    rating: 4,
    recruiterId: 'usr_3',
  },
};

function candidateAction(
  id: string,
  summary: string,
  props: Record<string, Record<string, unknown>>,
  required: string[] = [],
): ActionDef {
  return defineAction({
    id,
    module: 'hiring',
    summary,
    input: { candidate: candidateInput, ...props },
    required,
    output: candidateOut,
    sideEffect: true,
    example: candidateExample,
  });
}

export const hiringActions: ActionDef[] = [
  candidateAction(
    'move_stage',
    'Move a candidate to a pipeline stage.',
    { stage: input.string('Target stage slug.') },
    ['stage'],
  ),
  candidateAction('update_candidate', 'Update candidate fields.', {
    rating: input.integer('Rating 0..5.', { minimum: 0, maximum: 5 }),
    notes: input.string('Notes to append.'),
    values: input.map('Custom field values.'),
  }),
  candidateAction('reject_candidate', 'Reject a candidate (optionally with a rejection email).', {
    reason: input.string('Reason (internal).'),
    notify: input.boolean('Send the rejection email; default true.'),
  }),
  candidateAction(
    'add_note',
    'Add a note to a candidate.',
    { note: input.string('Note (Markdown).', { minLength: 1 }) },
    ['note'],
  ),
  candidateAction(
    'send_assessment',
    'Send an assessment to a candidate.',
    {
      assessment: input.string('Assessment template id.'),
      due: input.string('Due in (duration) or at (ISO date).'),
    },
    ['assessment'],
  ),
  defineAction({
    id: 'schedule_interview',
    module: 'hiring',
    summary: 'Schedule an interview with a candidate.',
    input: {
      candidate: candidateInput,
      interviewer: input.string('Interviewer user id or email.'),
      type: input.enum(['video', 'phone', 'onsite'], 'Interview type; default video.'),
      at: input.string('Start, ISO date-time.'),
      durationMinutes: input.integer('Length in minutes; default 60.', { minimum: 5 }),
      notes: input.string('Notes for the interviewer.'),
    },
    required: ['interviewer', 'at'],
    output: {
      interviewId: data.string('Interview id.'),
      at: data.string('Start time.'),
      joinUrl: data.nullableString('Video link.'),
    },
    sideEffect: true,
    example: {
      interviewId: 'int_14',
      at: '2026-12-01T10:00:00Z',
      joinUrl: 'https://meet.example.com/int_14',
    },
  }),
  defineAction({
    id: 'create_offer',
    module: 'hiring',
    summary: 'Draft an offer for a candidate.',
    input: {
      candidate: candidateInput,
      position: input.string('Position title.'),
      salary: input.number('Annual salary.', { minimum: 0 }),
      currency: input.string('ISO currency code; default the workspace currency.'),
      startDate: input.string('Start date, ISO date.'),
      notes: input.string('Notes.'),
    },
    required: ['position'],
    output: { offerId: data.string('Offer id.'), status: data.enum(['draft'], 'Offers start as drafts.') },
    sideEffect: true,
    example: { offerId: 'off_5', status: 'draft' },
  }),
];
