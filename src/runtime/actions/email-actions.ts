/**
 * `send_email`: the registry input onto the SMTP transport, the registry output back. Open and click
 * tracking (`trackOpens`, `trackClicks`) need the ingress's tracking endpoints and are accepted but
 * not applied yet (see docs/actions.md).
 */
import type { ActionHandlers } from '../activities/ports.js';
import type { TransportConfig } from '../transports/config.js';
import { finalFailure, TRANSPORT_ERROR_TYPES } from '../transports/failure.js';
import { sendEmail } from '../transports/smtp.js';

/** The email action handlers. */
export function createEmailHandlers(config: TransportConfig): ActionHandlers {
  return {
    send_email: async (input, ctx) => {
      const to = addresses(input.to);
      if (to.length === 0)
        throw finalFailure(TRANSPORT_ERROR_TYPES.input, 'send_email needs at least one `to` address');
      const sent = await sendEmail(
        {
          to,
          cc: addresses(input.cc),
          bcc: addresses(input.bcc),
          from: optionalString(input.from),
          replyTo: optionalString(input.replyTo),
          subject: String(input.subject ?? ''),
          body: String(input.body ?? ''),
        },
        config,
        ctx,
      );
      const accepted = new Set(sent.accepted.map((a) => a.toLowerCase()));
      return {
        messageId: sent.messageId,
        threadId: sent.threadId,
        to: to.filter((address) => accepted.has(bare(address).toLowerCase())),
        status: 'sent',
      };
    },
  };
}

/** A recipient field as a list: one address, a comma-separated string, or a list. */
function addresses(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return list.map((item) => String(item).trim()).filter((item) => item.length > 0);
}

/** `Ada <ada@example.com>` -> `ada@example.com`. */
function bare(address: string): string {
  return /<([^>]+)>/.exec(address)?.[1] ?? address;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
