/**
 * `send_slack` and `send_sms`: map the registry inputs onto the Slack and Twilio transports and
 * return the registry outputs.
 */
import type { ActionHandlers } from '../activities/ports.js';
import type { TransportConfig } from '../transports/config.js';
import { postSlackMessage } from '../transports/slack.js';
import { sendSms } from '../transports/twilio.js';

/** The messaging action handlers. */
export function createMessagingHandlers(config: TransportConfig): ActionHandlers {
  return {
    send_slack: async (input, ctx) =>
      postSlackMessage(
        {
          channel: optionalString(input.channel),
          user: optionalString(input.user),
          text: String(input.message),
          blocks: Array.isArray(input.blocks) ? input.blocks : undefined,
          thread: optionalString(input.thread),
        },
        config,
        ctx,
      ),
    send_sms: async (input, ctx) =>
      sendSms(
        { to: String(input.to), text: String(input.message), from: optionalString(input.from) },
        config,
        ctx,
      ),
  };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
