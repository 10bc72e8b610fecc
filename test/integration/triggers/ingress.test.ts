/**
 * The HTTP ingress on 127.0.0.1 with a real HTTP client: every refused request (unsigned, badly
 * signed, stale, replayed, oversized, unknown automation or workspace, over the rate limit, wrong
 * token) gets its 4xx and leaves the outbox untouched; valid ones append exactly one event.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutomationIR } from '../../../src/ir/types.js';
import { type Ingress, startIngress } from '../../../src/runtime/ingress/server.js';
import { signWebhook } from '../../../src/runtime/ingress/signature.js';
import { SqliteEventStore } from '../../../src/workspace/sqlite/event-store.js';
import { openDatabase } from '../../../src/workspace/sqlite/open.js';
import { SqliteWebhookSecretStore } from '../../../src/workspace/sqlite/webhook-secret-store.js';

function hook(name: string, config: Record<string, unknown> = {}): AutomationIR {
  return {
    kind: 'Automation',
    metadata: { name, labels: {}, protected: false },
    module: 'crm',
    enabled: true,
    trigger: { type: 'webhook.received', config },
    agents: [],
    limits: { concurrency: { mode: 'parallel' } },
    onError: 'stop',
    retry: { maxAttempts: 1, initialIntervalMs: 1000, backoff: 2, maxIntervalMs: 1000, on: [] },
    steps: [],
    source: { file: `${name}.yaml`, text: '' },
  } as AutomationIR;
}

let dir: string;
let db: Database;
let events: SqliteEventStore;
let secrets: SqliteWebhookSecretStore;
let ingress: Ingress;
const TOKEN = 'ingress-token-for-tests';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aexy-ingress-'));
  db = openDatabase(join(dir, 'workspace.db'));
  events = new SqliteEventStore(db);
  secrets = new SqliteWebhookSecretStore(db);
  for (const name of ['orders', 'limited', 'rotating']) await secrets.ensure(name);
  ingress = await startIngress({
    workspace: 'shop',
    events,
    secrets,
    automations: async () => [hook('orders'), hook('limited'), hook('rotating')],
    token: TOKEN,
    maxBodyBytes: 64 * 1024,
    rate: { burst: 100, perSecond: 50 },
  });
});

afterAll(async () => {
  await ingress.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = async () => (await events.list({ limit: 10_000 })).length;

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${ingress.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

function signed(secret: string, body: string, at = Math.floor(Date.now() / 1000)) {
  const s = signWebhook(secret, at, body);
  return { 'x-aexy-timestamp': s.timestamp, 'x-aexy-signature': s.signature };
}

/** Asserts the request is refused with `status` and writes nothing. */
async function refused(status: number, path: string, body: string, headers: Record<string, string> = {}) {
  const before = await count();
  const answer = await post(path, body, headers);
  expect(answer.status).toBe(status);
  expect(await count()).toBe(before);
  return answer;
}

describe('POST /hooks/WORKSPACE/AUTOMATION', () => {
  const body = JSON.stringify({ order: 42, total: 99.5 });

  it('refuses unsigned, badly signed and stale requests with 401 and the reason', async () => {
    const secret = (await secrets.get('orders'))!.secret;
    expect((await refused(401, '/hooks/shop/orders', body)).json.reason).toBe('missing');
    const wrong = signed('whsec_not-the-secret', body);
    expect((await refused(401, '/hooks/shop/orders', body, wrong)).json.reason).toBe('mismatch');
    const tampered = signed(secret, body);
    expect((await refused(401, '/hooks/shop/orders', `${body} `, tampered)).json.reason).toBe('mismatch');
    const old = signed(secret, body, Math.floor(Date.now() / 1000) - 6 * 60);
    expect((await refused(401, '/hooks/shop/orders', body, old)).json.reason).toBe('stale');
    const bad = { 'x-aexy-timestamp': 'yesterday', 'x-aexy-signature': 'md5=abc' };
    expect((await refused(401, '/hooks/shop/orders', body, bad)).json.reason).toBe('malformed');
  });

  it('refuses unknown automations and workspaces with 404, oversized bodies with 413', async () => {
    const secret = (await secrets.get('orders'))!.secret;
    await refused(404, '/hooks/shop/nobody', body, signed(secret, body));
    await refused(404, '/hooks/other-workspace/orders', body, signed(secret, body));
    await refused(404, '/hooks/shop/%E0%A4%A', body, signed(secret, body));
    await refused(404, '/hooks/shop/orders/extra', body, signed(secret, body));
    expect((await fetch(`${ingress.url}/hooks/shop/orders`)).status).toBe(405);
    const big = JSON.stringify({ blob: 'x'.repeat(100 * 1024) });
    await refused(413, '/hooks/shop/orders', big, signed(secret, big));
  });

  it('accepts a valid request once (202 with the event id) and refuses its replay with 409', async () => {
    const secret = (await secrets.get('orders'))!.secret;
    const headers = signed(secret, body);
    const before = await count();
    const ok = await post('/hooks/shop/orders', body, {
      ...headers,
      'x-request-id': 'r1',
      authorization: 'x',
    });
    expect(ok.status).toBe(202);
    expect(await count()).toBe(before + 1);
    const stored = await events.get(String(ok.json.eventId));
    expect(stored?.event).toMatchObject({ type: 'webhook.received', target: 'orders', source: 'ingress' });
    expect(stored?.event.payload.body).toEqual({ order: 42, total: 99.5 });
    const seen = stored?.event.payload.headers as Record<string, string>;
    expect(seen['x-request-id']).toBe('r1');
    expect(seen.authorization).toBeUndefined();
    expect((await refused(409, '/hooks/shop/orders', body, headers)).json.reason).toBe('replay');
  });

  it('rate-limits per automation with 429 and Retry-After', async () => {
    const small = await startIngress({
      workspace: 'shop',
      events,
      secrets,
      automations: async () => [hook('orders'), hook('limited')],
      rate: { burst: 3, perSecond: 0.5 },
    });
    const send = async (name: string, b: string, headers: Record<string, string>) =>
      (await fetch(`${small.url}/hooks/shop/${name}`, { method: 'POST', body: b, headers })).status;
    try {
      const secret = (await secrets.get('limited'))!.secret;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const b = JSON.stringify({ i });
        statuses.push(await send('limited', b, signed(secret, b)));
      }
      expect(statuses).toEqual([202, 202, 202]);
      const before = await count();
      const b = JSON.stringify({ i: 4 });
      const limited = await fetch(`${small.url}/hooks/shop/limited`, {
        method: 'POST',
        body: b,
        headers: signed(secret, b),
      });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await count()).toBe(before);
      // Another automation has its own bucket.
      const other = JSON.stringify({ other: true });
      expect(await send('orders', other, signed((await secrets.get('orders'))!.secret, other))).toBe(202);
    } finally {
      await small.close();
    }
  });

  it('after a rotation both secrets are valid during the grace period; without grace only the new one', async () => {
    const old = (await secrets.get('rotating'))!.secret;
    const rotated = await secrets.rotate('rotating');
    expect(rotated.secret).not.toBe(old);
    const a = JSON.stringify({ n: 1 });
    expect((await post('/hooks/shop/rotating', a, signed(old, a))).status).toBe(202);
    const b = JSON.stringify({ n: 2 });
    expect((await post('/hooks/shop/rotating', b, signed(rotated.secret, b))).status).toBe(202);
    const again = await secrets.rotate('rotating', 0);
    const c = JSON.stringify({ n: 3 });
    await refused(401, '/hooks/shop/rotating', c, signed(rotated.secret, c));
    expect((await post('/hooks/shop/rotating', c, signed(again.secret, c))).status).toBe(202);
  });
});

describe('allowUnsigned', () => {
  it('is honoured only by the dev ingress (aexy dev), and a signed request is still verified', async () => {
    const open = hook('open-hook', { allowUnsigned: true });
    await secrets.ensure('open-hook');
    const base = { workspace: 'shop', events, secrets, automations: async () => [open] };
    const strict = await startIngress(base);
    const dev = await startIngress({ ...base, allowUnsigned: true });
    try {
      const body = JSON.stringify({ ping: 1 });
      const before = await count();
      const refusedStrict = await fetch(`${strict.url}/hooks/shop/open-hook`, { method: 'POST', body });
      expect(refusedStrict.status).toBe(401);
      expect(await count()).toBe(before);
      const accepted = await fetch(`${dev.url}/hooks/shop/open-hook`, { method: 'POST', body });
      expect(accepted.status).toBe(202);
      expect(await count()).toBe(before + 1);
      const wrong = signed('whsec_wrong', body);
      expect(
        (await fetch(`${dev.url}/hooks/shop/open-hook`, { method: 'POST', body, headers: wrong })).status,
      ).toBe(401);
    } finally {
      await strict.close();
      await dev.close();
    }
  });
});

describe('POST /events/WORKSPACE', () => {
  const opened = JSON.stringify({
    type: 'email.opened',
    id: 'esp-1',
    payload: { emailId: 'm1', recipientEmail: 'a@b.c' },
  });

  it('needs the bearer token and a communication event type', async () => {
    await refused(401, '/events/shop', opened);
    await refused(401, '/events/shop', opened, { authorization: 'Bearer wrong' });
    const auth = { authorization: `Bearer ${TOKEN}` };
    await refused(422, '/events/shop', JSON.stringify({ type: 'record.created' }), auth);
    await refused(400, '/events/shop', '{not json', auth);
    const ok = await post('/events/shop', opened, auth);
    expect(ok.status).toBe(202);
    expect(ok.json).toMatchObject({ eventId: 'ext:esp-1', type: 'email.opened', duplicate: false });
    const stored = await events.get('ext:esp-1');
    expect(stored?.event.target).toBeUndefined();
    expect(stored?.event.payload).toMatchObject({ emailId: 'm1' });
    // The sender's id makes a redelivery a duplicate, not a second event.
    expect((await post('/events/shop', opened, auth)).json.duplicate).toBe(true);
  });
});
