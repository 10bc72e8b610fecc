/**
 * Tracking actions on `members` records (`name`, `email`, `teamId`) and `blockers` records.
 * Reminders and celebrations go through the notify path (stored, Slack/email when configured);
 * escalating a blocker emits `blocker.escalated`; anomaly flags are `anomaly_flags` records.
 */
import type { ActionContext, ActionHandlers, StoredRecord } from '../../activities/ports.js';
import {
  emitModuleEvent,
  findTarget,
  type Input,
  type ModulePorts,
  mutation,
  notifyChannel,
  notifyPerson,
  optional,
  required,
  snapshot,
  updateFields,
} from './kit.js';

export const MEMBERS = 'members';
export const BLOCKERS = 'blockers';

/** The member's address for a direct message: email, else the id (a Slack user id works too). */
export function address(member: StoredRecord): string {
  return typeof member.values.email === 'string' && member.values.email ? member.values.email : member.id;
}

const blockerSnapshot = (r: StoredRecord) =>
  snapshot(r, { title: '', status: 'open', ownerId: '', taskId: null, openedAt: new Date(0).toISOString() });

/** Handlers for the tracking module's actions. */
export function trackingHandlers(ports: ModulePorts): ActionHandlers {
  const member = (input: Input, ctx: ActionContext) => findTarget(ports, input, 'member', ctx, MEMBERS);
  return {
    send_standup_reminder: async (input, ctx) => {
      const m = await member(input, ctx);
      const extra = optional(input, 'message');
      const message = `Reminder: please post your standup.${extra ? ` ${extra}` : ''}`;
      const sent = await notifyPerson(ports, ctx, { user: address(m), message, subject: 'Standup reminder' });
      return { delivered: sent.delivered.length > 0 };
    },
    celebrate_streak: async (input, ctx) => {
      const m = await member(input, ctx);
      const days = typeof m.values.standupStreak === 'number' ? ` (${m.values.standupStreak} days)` : '';
      const message =
        optional(input, 'message') ??
        `Congratulations ${String(m.values.name ?? m.id)} on your standup streak${days}!`;
      const team = typeof m.values.teamId === 'string' ? m.values.teamId : undefined;
      return notifyChannel(ports, ctx, { team, message });
    },
    escalate_blocker: async (input, ctx) => {
      const blocker = await findTarget(ports, input, 'blocker', ctx, BLOCKERS);
      const to = required(input, 'to');
      const note = optional(input, 'note') ?? null;
      const after = await updateFields(ports, ctx, blocker, {
        status: 'escalated',
        escalatedTo: to,
        escalationNote: note,
      });
      if (after.changed.includes('status'))
        await emitModuleEvent(ports, ctx, 'blocker.escalated', after, {
          blockerId: after.id,
          blocker: blockerSnapshot(after),
        });
      const message = `Blocker escalated to you: ${String(blocker.values.title ?? blocker.id)}${note ? `\n${note}` : ''}`;
      await notifyPerson(ports, ctx, { user: to, message, subject: 'Blocker escalated' });
      return { blockerId: after.id, status: String(after.values.status) };
    },
    flag_anomaly: async (input, ctx) => {
      const m = await member(input, ctx);
      const values = { member: m.id, reason: required(input, 'reason'), status: 'open' };
      const flag = await ports.records.create('anomaly_flags', values, mutation(ctx));
      return { flagId: flag.id };
    },
    update_activity_pattern: async (input, ctx) => {
      const m = await member(input, ctx);
      const pattern = required(input, 'pattern');
      await updateFields(ports, ctx, m, {
        activityPattern: pattern,
        activityPatternNotes: optional(input, 'notes') ?? null,
      });
      return { memberId: m.id, pattern };
    },
  };
}
