// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
import { describe, expect, it } from 'vitest';
import { createMessagingHandlers } from '../../../src/runtime/actions/messaging-actions.js';
import { ActionError } from '../../../src/runtime/activities/errors.js';
import type { TransportConfig } from '../../../src/runtime/transports/config.js';
import { parseAllowList } from '../../../src/runtime/transports/ssrf.js';
import { makeActionContext } from '../../helpers/action-context.js';
import { startFakeSlack, startFakeTwilio } from '../../helpers/provider-peers.js';

const http = { allow: parseAllowList([]).allow };
const secrets: Record<string, string> = { SLACK_TOKEN: 'xoxb-test-1', TWILIO_TOKEN: 'tw-secret' };
const secret = (name: string) => secrets[name];

async function failure(promise: Promise<unknown>): Promise<ActionError> {
  const error = await promise.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(ActionError);
  return error as ActionError;
}

describe('send_slack (Web API)', async () => {
  const slack = await startFakeSlack({
    token: 'xoxb-test-1',
    users: { 'ada@example.com': 'U0ADA' },
    rateLimit: { count: 1, retryAfterSeconds: 30 },
  });
  const config: TransportConfig = {
    http,
    secret,
    slack: { token: '${{ secrets.SLACK_TOKEN }}', baseUrl: `${slack.url}/api` },
  };
  const handlers = createMessagingHandlers(config);

  it('maps a 429 with Retry-After to rate_limit with the delay hint, then posts', async () => {
    const input = { channel: '#sales', message: 'Deal *won*', thread: '1732665599.000001' };
    const limited = await failure(handlers.send_slack!(input, makeActionContext()));
    expect(limited).toMatchObject({ type: 'rate_limit', retryable: true });
    expect(limited.options.nextRetryDelayMs).toBe(30_000);

    const out = await handlers.send_slack!(input, makeActionContext());
    expect(out).toEqual({ channel: 'C0SALES01', ts: expect.stringMatching(/^\d+\.\d+$/) });
    const sent = slack.requests.at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer xoxb-test-1');
    expect(sent.json).toEqual({ channel: '#sales', text: 'Deal *won*', thread_ts: '1732665599.000001' });
  });

  it('direct-messages a user found by email', async () => {
    const out = await handlers.send_slack!({ user: 'ada@example.com', message: 'hi' }, makeActionContext());
    expect(out).toMatchObject({ channel: 'U0ADA' });
    expect(slack.requests.at(-2)!.url).toBe('/api/users.lookupByEmail?email=ada%40example.com');
  });

  it('turns ok:false answers into final provider errors', async () => {
    const error = await failure(
      handlers.send_slack!({ channel: '#missing', message: 'x' }, makeActionContext()),
    );
    expect(error).toMatchObject({ type: 'provider_error', retryable: false });
    expect(error.message).toContain('channel_not_found');
    const unknown = await failure(
      handlers.send_slack!({ user: 'nobody@example.com', message: 'x' }, makeActionContext()),
    );
    expect(unknown.message).toContain('users_not_found');
  });

  it('reports a wrong token as a final error', async () => {
    const wrong = createMessagingHandlers({ ...config, secret: () => 'xoxb-wrong' });
    const error = await failure(wrong.send_slack!({ channel: '#sales', message: 'x' }, makeActionContext()));
    expect(error.message).toContain('invalid_auth');
  });
});

describe('send_slack (incoming webhook)', async () => {
  const slack = await startFakeSlack({ token: 'unused' });
  const handlers = createMessagingHandlers({
    http,
    slack: { webhookUrl: `${slack.url}/webhook/T1/B1/x`, baseUrl: 'unused' },
  });

  it('posts the text and blocks to the webhook URL', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }];
    const out = await handlers.send_slack!(
      { channel: '#ops', message: 'hello', blocks },
      makeActionContext(),
    );
    expect(out).toEqual({ channel: '#ops', ts: '' });
    expect(slack.requests.at(-1)!.json).toEqual({ text: 'hello', blocks });
  });

  it('needs a token for direct messages, and Slack configured at all', async () => {
    expect(
      await failure(handlers.send_slack!({ user: 'a@b.c', message: 'x' }, makeActionContext())),
    ).toMatchObject({
      type: 'not_configured',
    });
    const none = createMessagingHandlers({ http });
    expect(
      await failure(none.send_slack!({ channel: '#x', message: 'x' }, makeActionContext())),
    ).toMatchObject({
      type: 'not_configured',
    });
  });
});

describe('send_sms (Twilio Messages API)', async () => {
  const twilio = await startFakeTwilio({ accountSid: 'AC123', authToken: 'tw-secret', rateLimit: 1 });
  const config: TransportConfig = {
    http,
    secret,
    sms: {
      accountSid: 'AC123',
      authToken: '${{ secrets.TWILIO_TOKEN }}',
      from: '+15550001111',
      baseUrl: twilio.url,
    },
  };
  const handlers = createMessagingHandlers(config);

  it('maps 429 / code 20429 to rate_limit, then sends form-encoded with basic auth', async () => {
    const input = { to: '+4915123456789', message: 'Your demo is at 3pm & on time' };
    const limited = await failure(handlers.send_sms!(input, makeActionContext()));
    expect(limited).toMatchObject({ type: 'rate_limit', retryable: true });
    expect(limited.message).toContain('20429');

    const out = await handlers.send_sms!(input, makeActionContext());
    expect(out).toEqual({
      messageId: expect.stringMatching(/^SM\d{32}$/),
      to: '+4915123456789',
      status: 'queued',
    });
    const sent = twilio.requests.at(-1)!;
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent.form).toEqual({
      To: '+4915123456789',
      Body: 'Your demo is at 3pm & on time',
      From: '+15550001111',
    });
  });

  it('uses a Messaging Service sid as MessagingServiceSid', async () => {
    await handlers.send_sms!({ to: '+4915100000000', message: 'x', from: 'MG0001' }, makeActionContext());
    expect(twilio.requests.at(-1)!.form).toMatchObject({ MessagingServiceSid: 'MG0001' });
  });

  it('reports invalid numbers (400) and bad credentials (401) as final errors', async () => {
    const invalid = await failure(handlers.send_sms!({ to: '0151', message: 'x' }, makeActionContext()));
    expect(invalid).toMatchObject({ type: 'http_error', retryable: false });
    expect(invalid.message).toContain('21211');
    const wrong = createMessagingHandlers({ ...config, secret: () => 'nope' });
    const denied = await failure(
      wrong.send_sms!({ to: '+4915100000000', message: 'x' }, makeActionContext()),
    );
    expect(denied.message).toContain('HTTP 401');
  });
});
