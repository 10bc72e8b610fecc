/**
 * Compliance actions on `members` records (`complianceStatus`, `permissions`) and
 * `training_assignments` records (`userId`, `trainingId`, `dueAt`, `status`). Status changes emit
 * `compliance.status_changed`, permission removals `audit.logged`; reminders and digests go through
 * the notify path (a digest is also kept as a `compliance_digests` record).
 */
import type { ActionContext, ActionHandlers, StoredRecord } from '../../activities/ports.js';
import {
  emitModuleEvent,
  findTarget,
  type Input,
  type ModulePorts,
  mutation,
  notifyPerson,
  optional,
  required,
  strings,
  updateFields,
} from './kit.js';
import { address, MEMBERS } from './tracking.js';

export const ASSIGNMENTS = 'training_assignments';

const userShape = (m: StoredRecord) => ({ id: m.id, email: String(m.values.email ?? '') });

function emitUser(ports: ModulePorts, ctx: ActionContext, type: string, m: StoredRecord, extra: Input) {
  return emitModuleEvent(ports, ctx, type, m, { userId: m.id, user: userShape(m), ...extra });
}

/** Handlers for the compliance module's actions. */
export function complianceHandlers(ports: ModulePorts): ActionHandlers {
  const user = (input: Input, ctx: ActionContext) => findTarget(ports, input, 'user', ctx, MEMBERS);
  return {
    send_training_reminder: async (input, ctx) => {
      const assignment = await findTarget(ports, input, 'assignment', ctx, ASSIGNMENTS);
      const member = await ports.records.get(String(assignment.values.userId ?? ''));
      const to = member ? address(member) : String(assignment.values.userId ?? '');
      const due = assignment.values.dueAt ? ` (due ${String(assignment.values.dueAt)})` : '';
      const extra = optional(input, 'message');
      const message = `Reminder: please complete training ${String(assignment.values.trainingId ?? '')}${due}.${extra ? ` ${extra}` : ''}`;
      const sent = await notifyPerson(ports, ctx, { user: to, message, subject: 'Training reminder' });
      await updateFields(ports, ctx, assignment, { lastRemindedAt: new Date().toISOString() }, ':reminded');
      return { delivered: sent.delivered.length > 0 };
    },
    update_compliance_status: async (input, ctx) => {
      const m = await user(input, ctx);
      const status = required(input, 'status');
      const from = String(m.values.complianceStatus ?? 'compliant');
      const after = await updateFields(ports, ctx, m, {
        complianceStatus: status,
        complianceReason: optional(input, 'reason') ?? null,
      });
      if (after.changed.includes('complianceStatus'))
        await emitUser(ports, ctx, 'compliance.status_changed', after, { from, to: status });
      return { userId: m.id, status };
    },
    restrict_permissions: async (input, ctx) => {
      const m = await user(input, ctx);
      const wanted = strings(input, 'permissions') ?? [];
      const held = Array.isArray(m.values.permissions) ? (m.values.permissions as string[]) : [];
      const removed = held.filter((p) => wanted.includes(p));
      const restricted = Array.isArray(m.values.restrictedPermissions)
        ? (m.values.restrictedPermissions as string[])
        : [];
      const values = {
        permissions: held.filter((p) => !wanted.includes(p)),
        restrictedPermissions: [...new Set([...restricted, ...removed])],
      };
      const after = await updateFields(ports, ctx, m, values);
      if (after.changed.includes('permissions')) {
        const details = {
          removed,
          reason: optional(input, 'reason') ?? null,
          by: `automation:${ctx.automation}`,
        };
        await emitUser(ports, ctx, 'audit.logged', after, { action: 'permission.revoked', details });
      }
      return { userId: m.id, removed };
    },
    send_compliance_digest: (input, ctx) => sendDigest(ports, input, ctx),
  };
}

/** Counts members who are not compliant and open assignments past due, then mails the digest. */
async function sendDigest(ports: ModulePorts, input: Input, ctx: ActionContext) {
  const to = strings(input, 'to') ?? [];
  const period = optional(input, 'period') ?? 'week';
  const lines: string[] = [];
  for (const status of ['at_risk', 'non_compliant']) {
    const { records } = await ports.records.search({
      object: MEMBERS,
      where: { complianceStatus: status },
      limit: 500,
    });
    for (const m of records) lines.push(`- ${String(m.values.name ?? m.id)}: ${status}`);
  }
  const now = new Date().toISOString();
  const { records: open } = await ports.records.search({
    object: ASSIGNMENTS,
    where: { status: 'assigned' },
    limit: 500,
  });
  for (const a of open.filter((x) => typeof x.values.dueAt === 'string' && x.values.dueAt < now))
    lines.push(
      `- ${String(a.values.userId)}: training ${String(a.values.trainingId)} overdue since ${String(a.values.dueAt)}`,
    );
  const body = lines.length > 0 ? lines.join('\n') : 'Everyone is compliant.';
  const digest = await ports.records.create(
    'compliance_digests',
    { to, period, items: lines.length, body },
    mutation(ctx, ':digest'),
  );
  for (const [index, recipient] of to.entries()) {
    const subject = `Compliance digest (${period})`;
    await notifyPerson(
      ports,
      ctx,
      { user: recipient, message: body, subject, channel: 'email' },
      `:digest:${index}`,
    );
  }
  return { messageId: digest.id, items: lines.length };
}
