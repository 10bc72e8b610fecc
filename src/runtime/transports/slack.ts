/**
 * Slack: the Web API (`chat.postMessage` with a bot token; `users.lookupByEmail` for direct
 * messages) or, without a token, an incoming-webhook URL. Slack answers most errors with HTTP 200 and
 * `{ok: false, error}`; rate limits come as HTTP 429 with Retry-After (seconds).
 */
import type { ActionContext } from '../activities/ports.js';
import { assertSuccess, bodySnippet, parseBody, retryAfterMs } from './classify.js';
import { resolveSetting, type SlackSettings, type TransportConfig } from './config.js';
import { finalFailure, retryableFailure, TRANSPORT_ERROR_TYPES } from './failure.js';
import type { HttpResponse } from './http-client.js';
import { callProvider, jsonBody } from './provider.js';

export interface SlackMessage {
  /** Channel name or id; for webhooks only informational (the webhook owns its channel). */
  channel?: string;
  /** Email of a workspace member to message directly (Web API only). */
  user?: string;
  text: string;
  blocks?: unknown[];
  /** Parent message `ts` to reply in a thread. */
  thread?: string;
}

/** Where the message went: channel id and message ts (empty for webhooks, which return no ts). */
export interface SlackPosted {
  channel: string;
  ts: string;
}

/** Slack error codes worth retrying; every other `ok: false` is final. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Posts a message with the configured token, or through the webhook when there is no token. */
export async function postSlackMessage(
  message: SlackMessage,
  config: TransportConfig,
  ctx: Pick<ActionContext, 'signal'>,
): Promise<SlackPosted> {
  const settings = config.slack;
  if (settings?.token) {
    const token = resolveSetting(settings.token, config);
    const channel = message.user
      ? await lookupUser(message.user, settings, token, config, ctx)
      : message.channel;
    if (!channel) throw finalFailure(TRANSPORT_ERROR_TYPES.input, 'send_slack needs `channel` or `user`');
    const payload = { channel, text: message.text, blocks: message.blocks, thread_ts: message.thread };
    const result = await webApi(settings, 'chat.postMessage', token, payload, config, ctx);
    return { channel: String(result.channel ?? channel), ts: String(result.ts ?? '') };
  }
  if (settings?.webhookUrl) {
    if (message.user) {
      throw finalFailure(
        TRANSPORT_ERROR_TYPES.notConfigured,
        'direct messages need `slack.token` (a bot token)',
      );
    }
    const url = resolveSetting(settings.webhookUrl, config);
    const { body, type } = jsonBody({
      text: message.text,
      blocks: message.blocks,
      thread_ts: message.thread,
    });
    const headers = { 'content-type': type };
    const response = await callProvider({ url, method: 'POST', headers, body }, ctx, config, 'slack webhook');
    assertSuccess(response, 'slack webhook');
    return { channel: message.channel ?? 'webhook', ts: '' };
  }
  throw finalFailure(
    TRANSPORT_ERROR_TYPES.notConfigured,
    'Slack is not configured: set `slack.token` or `slack.webhookUrl`',
  );
}

async function lookupUser(
  email: string,
  settings: SlackSettings,
  token: string,
  config: TransportConfig,
  ctx: Pick<ActionContext, 'signal'>,
): Promise<string> {
  const url = `${settings.baseUrl}/users.lookupByEmail?email=${encodeURIComponent(email)}`;
  const headers = { authorization: `Bearer ${token}` };
  const response = await callProvider(
    { url, method: 'GET', headers },
    ctx,
    config,
    'slack users.lookupByEmail',
  );
  const result = slackResult(response, 'users.lookupByEmail');
  const id = (result.user as { id?: string } | undefined)?.id;
  if (!id) throw finalFailure(TRANSPORT_ERROR_TYPES.provider, `slack: no user id for ${email}`);
  return id;
}

async function webApi(
  settings: SlackSettings,
  method: string,
  token: string,
  payload: unknown,
  config: TransportConfig,
  ctx: Pick<ActionContext, 'signal'>,
): Promise<Record<string, unknown>> {
  const { body, type } = jsonBody(payload);
  const headers = { authorization: `Bearer ${token}`, 'content-type': type };
  const url = `${settings.baseUrl}/${method}`;
  const response = await callProvider({ url, method: 'POST', headers, body }, ctx, config, `slack ${method}`);
  return slackResult(response, method);
}

/** The parsed `{ok: true, ...}` result, or the classified failure. */
function slackResult(response: HttpResponse, method: string): Record<string, unknown> {
  assertSuccess(response, `slack ${method}`);
  const result = parseBody(response);
  if (!result || typeof result !== 'object') {
    throw finalFailure(
      TRANSPORT_ERROR_TYPES.provider,
      `slack ${method}: unexpected answer ${bodySnippet(response.body)}`,
    );
  }
  const record = result as Record<string, unknown>;
  if (record.ok === true) return record;
  const code = String(record.error ?? 'unknown_error');
  const message = `slack ${method}: ${code}`;
  if (code === 'ratelimited')
    throw retryableFailure('rate_limit', message, retryAfterMs(response.headers['retry-after']));
  if (TRANSIENT.has(code)) throw retryableFailure('server_error', message);
  throw finalFailure(TRANSPORT_ERROR_TYPES.provider, message);
}
