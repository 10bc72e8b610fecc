/**
 * Loopback stand-ins for Slack and Twilio that check auth and payload the way the real APIs do and
 * answer in their shapes (including their rate-limit responses), for the transport tests.
 */
import { type HttpPeer, type PeerResponse, type RecordedRequest, startHttpPeer } from './http-peer.js';

export interface FakeSlackOptions {
  token: string;
  /** Users known to users.lookupByEmail: email -> id. */
  users?: Record<string, string>;
  /** Answer the next N postMessage calls with 429 + Retry-After: seconds. */
  rateLimit?: { count: number; retryAfterSeconds: number };
}

/** Slack Web API (chat.postMessage, users.lookupByEmail) and an incoming webhook at /webhook/T1/B1/x. */
export async function startFakeSlack(
  options: FakeSlackOptions,
): Promise<HttpPeer & { limited: { left: number } }> {
  const limited = { left: options.rateLimit?.count ?? 0 };
  let ts = 1_732_665_600;
  const answer = (req: RecordedRequest): PeerResponse => {
    if (req.url.startsWith('/webhook/')) {
      const text = (req.json as { text?: string } | undefined)?.text;
      return text ? { status: 200, body: 'ok' } : { status: 400, body: 'invalid_payload' };
    }
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return { body: { ok: false, error: 'invalid_auth' } };
    if (req.url.startsWith('/api/users.lookupByEmail')) {
      const email = new URL(req.url, 'http://x').searchParams.get('email') ?? '';
      const id = options.users?.[email];
      return { body: id ? { ok: true, user: { id } } : { ok: false, error: 'users_not_found' } };
    }
    if (req.url === '/api/chat.postMessage') {
      if (limited.left > 0) {
        limited.left--;
        return {
          status: 429,
          headers: { 'retry-after': String(options.rateLimit!.retryAfterSeconds) },
          body: { ok: false, error: 'ratelimited' },
        };
      }
      const { channel, text } = (req.json ?? {}) as { channel?: string; text?: string };
      if (!req.headers['content-type']?.startsWith('application/json'))
        return { body: { ok: false, error: 'invalid_form_data' } };
      if (!text) return { body: { ok: false, error: 'no_text' } };
      if (channel === '#missing') return { body: { ok: false, error: 'channel_not_found' } };
      const id = channel?.startsWith('#') ? 'C0SALES01' : channel;
      return { body: { ok: true, channel: id, ts: `${ts++}.000100`, message: { text } } };
    }
    return { status: 404, body: { ok: false, error: 'unknown_method' } };
  };
  const peer = await startHttpPeer(answer);
  return Object.assign(peer, { limited });
}

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  /** Answer the next N sends with 429 / code 20429. */
  rateLimit?: number;
}

/** Twilio's Messages resource: form-encoded POST, basic auth, 201 with the message resource. */
export async function startFakeTwilio(options: FakeTwilioOptions): Promise<HttpPeer> {
  let left = options.rateLimit ?? 0;
  let n = 0;
  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  return startHttpPeer((req) => {
    if (req.url !== `/2010-04-01/Accounts/${options.accountSid}/Messages.json` || req.method !== 'POST') {
      return {
        status: 404,
        body: { code: 20404, message: 'The requested resource was not found', status: 404 },
      };
    }
    if (req.headers.authorization !== expectedAuth) {
      return { status: 401, body: { code: 20003, message: 'Authenticate', status: 401 } };
    }
    if (left > 0) {
      left--;
      return { status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 } };
    }
    const form = req.form ?? {};
    if (!form.To?.startsWith('+')) {
      return {
        status: 400,
        body: {
          code: 21211,
          message: `The 'To' number ${form.To} is not a valid phone number.`,
          status: 400,
        },
      };
    }
    n++;
    return {
      status: 201,
      body: {
        sid: `SM${String(n).padStart(32, '0')}`,
        to: form.To,
        from: form.From ?? null,
        body: form.Body,
        status: 'queued',
      },
    };
  });
}
