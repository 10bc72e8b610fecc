/**
 * SMS through the Twilio Messages API shape: a form-encoded POST to
 * `{baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json` with basic auth (sid:token). Errors are
 * JSON `{code, message, status}`; 429 (code 20429, "too many requests") is a rate limit.
 */
import type { ActionContext } from '../activities/ports.js';
import { assertSuccess, parseBody } from './classify.js';
import { resolveSetting, type TransportConfig } from './config.js';
import { finalFailure, TRANSPORT_ERROR_TYPES } from './failure.js';
import { callProvider } from './provider.js';

export interface SmsMessage {
  to: string;
  text: string;
  /** Sender number or a Messaging Service sid (`MG...`); default `sms.from`. */
  from?: string;
}

export interface SmsSent {
  messageId: string;
  to: string;
  status: 'sent' | 'queued';
}

/** Sends one SMS. */
export async function sendSms(
  message: SmsMessage,
  config: TransportConfig,
  ctx: Pick<ActionContext, 'signal'>,
): Promise<SmsSent> {
  const settings = config.sms;
  if (!settings)
    throw finalFailure(TRANSPORT_ERROR_TYPES.notConfigured, 'SMS is not configured: set `sms` in aexy.yaml');
  const sid = resolveSetting(settings.accountSid, config);
  const token = resolveSetting(settings.authToken, config);
  const from = message.from ?? (settings.from ? resolveSetting(settings.from, config) : undefined);
  if (!from) throw finalFailure(TRANSPORT_ERROR_TYPES.notConfigured, 'send_sms needs `from` or `sms.from`');
  const form = new URLSearchParams({ To: message.to, Body: message.text });
  form.set(from.startsWith('MG') ? 'MessagingServiceSid' : 'From', from);
  const url = `${settings.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`;
  const headers = {
    authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  };
  const body = Buffer.from(form.toString(), 'utf8');
  const response = await callProvider({ url, method: 'POST', headers, body }, ctx, config, 'twilio messages');
  const result = (parseBody(response) ?? {}) as Record<string, unknown>;
  assertSuccess(response, 'twilio messages', undefined, twilioDetail(result));
  const status = String(result.status ?? 'queued');
  return {
    messageId: String(result.sid ?? ''),
    to: String(result.to ?? message.to),
    status: status === 'sent' || status === 'delivered' ? 'sent' : 'queued',
  };
}

function twilioDetail(result: Record<string, unknown>): string {
  return result.code !== undefined ? `(code ${String(result.code)}: ${String(result.message ?? '')})` : '';
}
