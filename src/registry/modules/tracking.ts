/** Tracking: standups, time entries, blockers (shared with sprints), work logs and team signals. */
import { defineAction } from '../define.js';
import { data, input, object } from '../schema-helpers.js';
import type { ActionDef, TriggerDef } from '../types.js';
import { eventKit } from './module-kit.js';

const memberShape = object(
  {
    id: data.string('User id.'),
    name: data.string('Display name.'),
    email: data.string('Email.'),
    teamId: data.nullableString('Team.'),
  },
  ['id', 'name', 'email'],
  'The team member the event is about.',
);
const memberEvent = eventKit('tracking', 'member', memberShape, {
  team: data.string('Only members of this team id.'),
});

const blockerShape = object(
  {
    id: data.string('Blocker id.'),
    title: data.string('What is blocked.'),
    status: data.enum(['open', 'escalated', 'resolved'], 'Status.'),
    ownerId: data.string('Who reported it.'),
    taskId: data.nullableString('Blocked task, if any.'),
    openedAt: data.dateTime('When it was reported.'),
  },
  ['id', 'title', 'status', 'ownerId', 'openedAt'],
  'The blocker.',
);
const blockerEvent = eventKit('tracking', 'blocker', blockerShape, {
  team: data.string('Only blockers of this team id.'),
});

export const trackingTriggers: TriggerDef[] = [
  memberEvent('standup.submitted', 'A standup was submitted.', {
    payload: { standupId: data.string('Standup id.') },
  }),
  memberEvent('standup.missed', 'A member missed the daily standup.', {
    payload: { date: data.string('Standup date.') },
  }),
  memberEvent('standup.streak', 'A member reached a standup streak.', {
    payload: { days: data.integer('Streak length in days.') },
  }),
  memberEvent('time_entry.created', 'A time entry was logged.', {
    payload: { minutes: data.integer('Logged minutes.') },
  }),
  memberEvent('time_entry.threshold', 'Logged time crossed a threshold.', {
    config: { hours: data.number('Only above this many hours per day.', { minimum: 0 }) },
    payload: { hours: data.number('Hours logged that day.') },
  }),
  memberEvent('time_entry.anomaly', 'Logged time looks unusual.', {
    payload: { reason: data.string('What is unusual.') },
  }),
  blockerEvent('blocker.created', 'A blocker was reported.', { modules: ['sprints', 'tracking'] }),
  blockerEvent('blocker.escalated', 'A blocker was escalated.'),
  blockerEvent('blocker.resolved', 'A blocker was resolved.', { modules: ['sprints', 'tracking'] }),
  blockerEvent('blocker.stale', 'A blocker has been open too long.', {
    config: { olderThan: data.duration('Only blockers open longer than this; default `3d`.') },
  }),
  blockerEvent('blocker.pattern_detected', 'The same kind of blocker keeps recurring.', {
    payload: { pattern: data.string('Recurring theme.'), occurrences: data.integer('How often.') },
  }),
  memberEvent('work_log.submitted', 'A work log was submitted.', {
    payload: { workLogId: data.string('Work log id.') },
  }),
  memberEvent('sentiment.negative', 'Negative sentiment detected in a member’s updates.', {
    payload: { score: data.number('Sentiment -1..1.') },
  }),
  memberEvent('participation.low', 'A member’s participation dropped.', {
    payload: { rate: data.number('Participation 0..1.') },
  }),
];

const memberInput = input.string('User id; default: the member the trigger is about.');

export const trackingActions: ActionDef[] = [
  defineAction({
    id: 'send_standup_reminder',
    module: 'tracking',
    summary: 'Remind a member to post their standup.',
    input: { member: memberInput, message: input.string('Extra text.') },
    output: { delivered: data.boolean('True when delivered.') },
    sideEffect: true,
    example: { delivered: true },
  }),
  defineAction({
    id: 'celebrate_streak',
    module: 'tracking',
    summary: 'Post a celebration of a standup streak to the team channel.',
    input: { member: memberInput, message: input.string('Message; default a generated one.') },
    output: { channel: data.string('Channel id.'), ts: data.string('Message timestamp.') },
    sideEffect: true,
    example: { channel: 'C0TEAM', ts: '1732665602.000400' },
  }),
  defineAction({
    id: 'escalate_blocker',
    module: 'tracking',
    summary: 'Escalate a blocker to a lead.',
    input: {
      blocker: input.string('Blocker id; default: the trigger’s blocker.'),
      to: input.string('User id or email of the lead.'),
      note: input.string('Note.'),
    },
    required: ['to'],
    output: { blockerId: data.string('Blocker id.'), status: data.string('Status afterwards.') },
    sideEffect: true,
    example: { blockerId: 'blk_4', status: 'escalated' },
  }),
  defineAction({
    id: 'flag_anomaly',
    module: 'tracking',
    summary: 'Flag a time or activity anomaly for review.',
    input: { member: memberInput, reason: input.string('What looks wrong.', { minLength: 1 }) },
    required: ['reason'],
    output: { flagId: data.string('Flag id.') },
    sideEffect: true,
    example: { flagId: 'flg_2' },
  }),
  defineAction({
    id: 'update_activity_pattern',
    module: 'tracking',
    summary: 'Record an observed activity pattern on a member profile.',
    input: { member: memberInput, pattern: input.string('Pattern slug.'), notes: input.string('Notes.') },
    required: ['pattern'],
    output: { memberId: data.string('User id.'), pattern: data.string('Pattern slug.') },
    sideEffect: true,
    example: { memberId: 'usr_12', pattern: 'late_standups' },
  }),
];
