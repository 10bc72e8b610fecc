// biome-ignore-all lint/suspicious/noExplicitAny: the answers under test are untyped JSON, read field by field
/**
 * Runs (list, show, the SSE stream seeing a run row change), records and events, tokens (a revoked
 * token is refused at once), the webhook ingress, and the limits (413, malformed JSON 400, 404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../../src/runtime/ingress/signature.js';
import type { RuntimeEvent } from '../../../src/workspace/events/types.js';
import { automation, desired, type StoreKind, startTestServer, type TestServer } from './server-fixture.js';

let t: TestServer;

function event(id: string): RuntimeEvent {
  return {
    id,
    type: 'record.created',
    object: 'deals',
    payload: {},
    causation: [],
    occurredAt: new Date().toISOString(),
    source: 'cli',
  };
}

async function newRun(id: string) {
  await t.acme.runtime.runs.createRun({
    id,
    automation: 'welcome',
    versionId: null,
    version: null,
    status: 'RUNNING',
    event: event(`ev-${id}`),
  });
}

/** Reads SSE messages of `event: run` until `until` returns true for one. */
async function readStream(
  path: string,
  token: string,
  until: (data: any) => boolean,
  onOpen: () => Promise<void>,
) {
  const controller = new AbortController();
  const res = await fetch(`${t.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const seen: any[] = [];
  let buffer = '';
  let pings = 0;
  await onOpen();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (message.startsWith(': ping')) pings++;
      const data = /^event: run\ndata: (.*)$/m.exec(message)?.[1];
      if (data) seen.push(JSON.parse(data));
      end = buffer.indexOf('\n\n');
    }
    if (seen.some(until)) break;
  }
  controller.abort();
  return { seen, pings };
}

describe.each<StoreKind>(['sqlite', 'postgres'])('on %s workspaces', (kind) => {
  beforeAll(async () => {
    t = await startTestServer({}, kind);
  });
  afterAll(() => t.close());

  describe('runs', () => {
    it('lists and shows runs; 404 for an unknown run', async () => {
      await newRun('run_a');
      const token = t.tokens.acme.read;
      const list = await t.request('GET', '/workspaces/acme/runs?status=RUNNING&limit=10', { token });
      expect(list.body.runs.map((r: { id: string }) => r.id)).toEqual(['run_a']);
      const shown = await t.request('GET', '/workspaces/acme/runs/run_a', { token });
      expect(shown.body).toMatchObject({ run: { id: 'run_a', status: 'RUNNING' }, steps: [], notes: [] });
      expect((await t.request('GET', '/workspaces/acme/runs/run_zz', { token })).status).toBe(404);
      expect(
        (await t.request('GET', '/workspaces/beta/runs', { token: t.tokens.beta.read })).body.runs,
      ).toEqual([]);
      expect((await t.request('GET', '/workspaces/acme/runs?status=BOGUS', { token })).status).toBe(400);
    });

    it('streams a change when a run row changes, pings while idle, and stops polling on disconnect', async () => {
      await newRun('run_b');
      const { seen, pings } = await readStream(
        '/workspaces/acme/runs/stream?run=run_b',
        t.tokens.acme.read,
        (d) => d.run.status === 'COMPLETED',
        async () => {
          await new Promise((r) => setTimeout(r, 450));
          await t.acme.runtime.runs.writeStep('run_b', 'send', {
            stepId: 'send',
            kind: 'action',
            status: 'SUCCESS',
          });
          await t.acme.runtime.runs.updateRun('run_b', { status: 'COMPLETED' });
        },
      );
      expect(seen[0].run).toMatchObject({ id: 'run_b', status: 'RUNNING' });
      const last = seen.at(-1);
      expect(last.run.status).toBe('COMPLETED');
      expect(last.steps.map((s: { stepKey: string }) => s.stepKey)).toEqual(['send']);
      expect(pings).toBeGreaterThanOrEqual(1);
      // After the disconnect the stream stops polling the store.
      const runs = t.acme.runtime.runs;
      const getRun = runs.getRun.bind(runs);
      let reads = 0;
      runs.getRun = (id: string) => {
        reads++;
        return getRun(id);
      };
      await new Promise((r) => setTimeout(r, 200));
      const settled = reads;
      await new Promise((r) => setTimeout(r, 300));
      runs.getRun = getRun;
      expect(reads).toBe(settled);
    });
  });

  describe('records and events', () => {
    it('creates, reads, updates and deletes a record; its events land in the outbox', async () => {
      const token = t.tokens.acme.operate;
      const created = await t.request('POST', '/workspaces/acme/records', {
        token,
        body: { object: 'deals', values: { name: 'Big', amount: 5 } },
      });
      expect(created.status).toBe(201);
      const id = created.body.record.id;
      expect((await t.request('GET', `/workspaces/acme/records/${id}`, { token })).body.values).toEqual({
        name: 'Big',
        amount: 5,
      });
      const updated = await t.request('PATCH', `/workspaces/acme/records/${id}`, {
        token,
        body: { values: { amount: 9 } },
      });
      expect(updated.body.record.values.amount).toBe(9);
      const listed = await t.request('GET', '/workspaces/acme/records?object=deals', { token });
      expect(listed.body.records).toHaveLength(1);
      const events = await t.request('GET', '/workspaces/acme/events?limit=10', { token });
      const types = events.body.events.map((e: { event: { type: string } }) => e.event.type);
      expect(types).toContain('record.created');
      expect(types).toContain('field.changed');
      expect((await t.request('DELETE', `/workspaces/acme/records/${id}`, { token })).status).toBe(200);
      const gone = await t.request('GET', `/workspaces/acme/records/${id}`, { token });
      expect(gone.status).toBe(404);
      expect(gone.body.error.code).toBe('record_not_found');
      // beta cannot see acme's record even with its admin token
      expect(
        (await t.request('GET', `/workspaces/beta/records/${id}`, { token: t.tokens.beta.admin })).status,
      ).toBe(404);
    });

    it('appends events (an id twice counts once) and refuses malformed ones', async () => {
      const token = t.tokens.acme.operate;
      const first = await t.request('POST', '/workspaces/acme/events', {
        token,
        body: { events: [event('e1'), event('e2')] },
      });
      expect(first.body).toEqual({ added: 2 });
      const again = await t.request('POST', '/workspaces/acme/events', {
        token,
        body: { events: [event('e1')] },
      });
      expect(again.body).toEqual({ added: 0 });
      const bad = await t.request('POST', '/workspaces/acme/events', {
        token,
        body: { events: [{ id: 'x' }] },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.errors.length).toBeGreaterThan(0);
    });
  });

  describe('tokens', () => {
    it('creates a token whose secret works, and refuses it from the moment it is revoked', async () => {
      const admin = t.tokens.acme.admin;
      const created = await t.request('POST', '/workspaces/acme/tokens', {
        token: admin,
        body: { name: 'ci', scopes: ['plan'] },
      });
      expect(created.status).toBe(201);
      const { token, secret } = created.body;
      expect(token.scopes).toEqual(['plan']);
      expect((await t.request('GET', '/workspaces/acme/state', { token: secret })).status).toBe(200);
      const listed = await t.request('GET', '/workspaces/acme/tokens', { token: admin });
      expect(JSON.stringify(listed.body)).not.toContain(secret);
      expect(
        (await t.request('DELETE', `/workspaces/acme/tokens/${token.id}`, { token: admin })).body.token
          .revokedAt,
      ).toBeTruthy();
      expect((await t.request('GET', '/workspaces/acme/state', { token: secret })).status).toBe(401);
      expect((await t.request('DELETE', '/workspaces/acme/tokens/tok_nope', { token: admin })).status).toBe(
        404,
      );
    });
  });

  describe('webhook ingress', () => {
    it('accepts a signed request as a webhook.received event; refuses bad signatures and replays', async () => {
      const resources = await desired({
        'automations/h.yaml': automation('inbound', 'Hook', 'type: webhook.received', 'ops@example.com'),
      });
      const token = t.tokens.acme.apply;
      const plan = (
        await t.request('POST', '/workspaces/acme/plans', { token, body: { resources, prune: false } })
      ).body;
      const lock = (
        await t.request('POST', '/workspaces/acme/locks', {
          token,
          body: { holder: 'h', operation: 'apply', host: 'h', pid: 1, ttlMs: 60_000, waitMs: 5000 },
        })
      ).body;
      expect(
        (
          await t.request('POST', '/workspaces/acme/applies', {
            token,
            body: { plan, appliedBy: 'h', lockId: lock.id },
          })
        ).status,
      ).toBe(200);
      await t.request('DELETE', `/workspaces/acme/locks/${lock.id}`, { token });
      const { secret } = await t.acme.webhookSecrets.ensure('inbound');
      const raw = JSON.stringify({ hello: 'world' });
      const signed = signWebhook(secret, Math.floor(Date.now() / 1000), raw);
      const headers = { 'x-aexy-timestamp': signed.timestamp, 'x-aexy-signature': signed.signature };
      const accepted = await t.request('POST', '/workspaces/acme/hooks/inbound', { raw, headers });
      expect(accepted.status, accepted.text).toBe(202);
      const stored = await t.acme.runtime.events.get(accepted.body.eventId);
      expect(stored?.event).toMatchObject({
        type: 'webhook.received',
        target: 'inbound',
        payload: { body: { hello: 'world' } },
      });
      expect((await t.request('POST', '/workspaces/acme/hooks/inbound', { raw, headers })).status).toBe(409);
      const forged = await t.request('POST', '/workspaces/acme/hooks/inbound', {
        raw,
        headers: { ...headers, 'x-aexy-signature': `sha256=${'0'.repeat(64)}` },
      });
      expect(forged.status).toBe(401);
      expect(forged.body.error.details.reason).toBe('mismatch');
      expect((await t.request('POST', '/workspaces/beta/hooks/inbound', { raw, headers })).status).toBe(404);
    });
  });

  describe('limits', () => {
    it('answers 413 for a body over 10 MiB', async () => {
      const raw = `{"resources":[],"pad":"${'x'.repeat(10 * 1024 * 1024 + 10)}"}`;
      const answer = await t.request('POST', '/workspaces/acme/plans', { token: t.tokens.acme.plan, raw });
      expect(answer.status).toBe(413);
      expect(answer.body.error.code).toBe('payload_too_large');
    });

    it('answers 400 for malformed JSON and 404 for an unknown endpoint, in the error shape', async () => {
      const bad = await t.request('POST', '/workspaces/acme/plans', {
        token: t.tokens.acme.plan,
        raw: '{"resources": [',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'bad_request' });
      expect(bad.body.error.message).toContain('not valid JSON');
      const missing = await t.request('GET', '/nope');
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
    });
  });
});
