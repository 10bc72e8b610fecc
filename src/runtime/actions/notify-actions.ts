/**
 * `notify_user` and `notify_team` with delivery: the notification is stored as a `notifications`
 * record (what in-app views read, as the built-in handlers do), then delivered by Slack and/or email
 * when those transports are configured. The output lists only the channels it really went out on.
 */
import type { ActionContext, ActionHandlers, MutationContext, RecordStore } from '../activities/ports.js';
import type { TransportConfig } from '../transports/config.js';
import { finalFailure, TRANSPORT_ERROR_TYPES } from '../transports/failure.js';
import { postSlackMessage } from '../transports/slack.js';
import { sendEmail } from '../transports/smtp.js';

type Channel = 'slack' | 'email' | 'in_app';

/** Delivering notification handlers; they replace the store-only built-ins when a record store is given. */
export function createNotifyHandlers(config: TransportConfig): ActionHandlers {
  const records = config.records;
  if (!records) return {};
  return {
    notify_user: async (input, ctx) => ({
      delivered: (await deliverUserNotification(input, ctx, config, records)).delivered,
    }),
    notify_team: (input, ctx) => notifyTeam(input, ctx, config, records),
  };
}

/**
 * notify_user's work: stores the notification, delivers it where configured, and also returns the
 * stored notification's id (module actions that "send" or "page" report it as their message id).
 */
export async function deliverUserNotification(
  input: Record<string, unknown>,
  ctx: ActionContext,
  config: TransportConfig,
  records: RecordStore,
): Promise<{ delivered: Channel[]; notificationId: string }> {
  const user = text(input, 'user');
  const message = text(input, 'message');
  const channel = typeof input.channel === 'string' ? input.channel : 'slack';
  const subject = typeof input.subject === 'string' ? input.subject : undefined;
  const note = await records.create(
    'notifications',
    { kind: 'user', user, message, channel, subject: subject ?? null },
    mutation(ctx),
  );
  const wanted: Channel[] = channel === 'all' ? ['slack', 'email', 'in_app'] : [channel as Channel];
  const delivered: Channel[] = [];
  // A direct message needs the bot token and a user Slack can find: an email or a Slack user id.
  const target = isEmail(user) ? { user } : /^[UW][A-Z0-9]{6,}$/.test(user) ? { channel: user } : undefined;
  if (wanted.includes('slack') && config.slack?.token && target) {
    await postSlackMessage({ ...target, text: message }, config, ctx);
    delivered.push('slack');
  }
  if (wanted.includes('email') && config.email && isEmail(user)) {
    const emailSubject = subject ?? `Notification from ${ctx.automation}`;
    const emailCtx = { signal: ctx.signal, idempotencyKey: `${ctx.idempotencyKey}:email` };
    await sendEmail({ to: [user], cc: [], bcc: [], subject: emailSubject, body: message }, config, emailCtx);
    delivered.push('email');
  }
  if (wanted.includes('in_app')) delivered.push('in_app');
  return { delivered, notificationId: note.id };
}

/** A team's channel is `channel`, else `#<team>`; without Slack the stored notification is the result. */
export async function notifyTeam(
  input: Record<string, unknown>,
  ctx: ActionContext,
  config: TransportConfig,
  records: RecordStore,
) {
  const message = text(input, 'message');
  const team = typeof input.team === 'string' && input.team !== '' ? input.team : undefined;
  const channel =
    typeof input.channel === 'string' && input.channel !== '' ? input.channel : team ? `#${team}` : undefined;
  const note = await records.create(
    'notifications',
    { kind: 'team', team: team ?? null, channel: channel ?? 'default', message },
    mutation(ctx),
  );
  if (!slackReady(config) || (!channel && !config.slack?.webhookUrl))
    return { channel: channel ?? 'default', ts: note.id };
  const posted = await postSlackMessage({ channel, text: message }, config, ctx);
  return { channel: posted.channel, ts: posted.ts || note.id };
}

function slackReady(config: TransportConfig): boolean {
  return Boolean(config.slack?.token || config.slack?.webhookUrl);
}

function isEmail(value: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value);
}

function text(input: Record<string, unknown>, key: string): string {
  const value = input[key];
  if (typeof value !== 'string' || value === '')
    throw finalFailure(TRANSPORT_ERROR_TYPES.input, `\`${key}\` is required`);
  return value;
}

function mutation(ctx: ActionContext): MutationContext {
  return {
    idempotencyKey: ctx.idempotencyKey,
    workspace: ctx.workspace,
    runId: ctx.runId,
    automation: ctx.automation,
    causation: ctx.causation,
  };
}
