import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHttpHandlers } from '../../../src/runtime/actions/http-actions.js';
import { ActionError } from '../../../src/runtime/activities/errors.js';
import { verifyWebhook } from '../../../src/runtime/ingress/signature.js';
import type { TransportConfig } from '../../../src/runtime/transports/config.js';
import { parseAllowList, type Resolver } from '../../../src/runtime/transports/ssrf.js';
import { makeActionContext } from '../../helpers/action-context.js';
import { type HttpPeer, startHttpPeer } from '../../helpers/http-peer.js';

/** Test names resolve like a hostile DNS server would: public-looking names with loopback/private answers. */
const resolver: Resolver = async (host) => {
  const table: Record<string, string> = {
    'peer.test': '127.0.0.1',
    'other-peer.test': '127.0.0.1',
    'evil.example.com': '127.0.0.1',
    'intranet.example.com': '10.0.0.8',
  };
  const address = table[host];
  if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return [{ address, family: 4 }];
};

const configWith = (allow: string[]): TransportConfig => ({
  http: { allow: parseAllowList(allow).allow, resolver },
});
const allowed = createHttpHandlers(configWith(['127.0.0.1', 'peer.test']));
const strict = createHttpHandlers(configWith([]));

async function failure(promise: Promise<unknown>): Promise<ActionError> {
  const error = await promise.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(ActionError);
  return error as ActionError;
}

let peer: HttpPeer;
beforeAll(async () => {
  peer = await startHttpPeer();
});

describe('webhook_call', () => {
  it('POSTs the body as JSON data, signed over the exact bytes, with a stable Idempotency-Key', async () => {
    peer.respond(() => ({ status: 202, body: { accepted: true }, headers: { 'x-request-id': 'r1' } }));
    const body = { note: 'he said "hi"\n}, {"injected": true', amount: 24000, nested: { list: [1, null] } };
    const ctx = makeActionContext({ stepKey: 'notify[2]' });
    const input = { url: `${peer.url}/hooks/deal`, body, secret: 'whsec_1', headers: { 'X-Custom': 'yes' } };
    const first = await allowed.webhook_call!(input, ctx);
    await allowed.webhook_call!(input, { ...ctx, attempt: 2 });

    const [a, b] = peer.requests.slice(-2);
    expect(a!.method).toBe('POST');
    expect(a!.json).toEqual(body);
    expect(a!.headers['content-type']).toBe('application/json');
    expect(a!.headers['x-custom']).toBe('yes');
    expect(a!.headers['idempotency-key']).toBe(ctx.idempotencyKey);
    expect(b!.headers['idempotency-key']).toBe(ctx.idempotencyKey);
    const verdict = verifyWebhook({
      secret: 'whsec_1',
      timestamp: a!.headers['x-aexy-timestamp'] as string,
      signature: a!.headers['x-aexy-signature'] as string,
      rawBody: a!.body,
      now: Date.now(),
    });
    expect(verdict.ok).toBe(true);
    expect(first).toMatchObject({ status: 202, body: { accepted: true }, headers: { 'x-request-id': 'r1' } });
    expect((first as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
  });

  it('sends a default body describing the run when none is given, unsigned without a secret', async () => {
    peer.respond(() => ({ status: 200, body: 'ok' }));
    const ctx = makeActionContext({ record: { id: 'rec_1', object: 'deals' } });
    const out = await allowed.webhook_call!({ url: `${peer.url}/x` }, ctx);
    const last = peer.requests.at(-1)!;
    expect(last.json).toMatchObject({
      event: 'automation.triggered',
      run: ctx.runId,
      record: { id: 'rec_1' },
    });
    expect(last.headers['x-aexy-signature']).toBeUndefined();
    expect(out).toMatchObject({ status: 200, body: 'ok' });
  });
});

describe('limits', () => {
  it('refuses a response larger than the configured limit, and sends no default body with GET', async () => {
    peer.respond(() => ({ status: 200, body: 'x'.repeat(5000) }));
    const small = createHttpHandlers({ http: { ...configWith(['127.0.0.1']).http, maxResponseBytes: 1000 } });
    const error = await failure(
      small.webhook_call!({ url: `${peer.url}/big`, method: 'GET' }, makeActionContext()),
    );
    expect(error).toMatchObject({ type: 'request_error', retryable: false });
    expect(error.message).toContain('larger than 1000 bytes');
    expect(peer.requests.at(-1)!.body.length).toBe(0);
  });
});

describe('SSRF guard', () => {
  it.each([
    ['http://10.0.0.5/hook', 'private'],
    ['http://127.0.0.1:9/hook', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[::1]:9/hook', 'loopback'],
    ['http://evil.example.com/hook', 'loopback'],
    ['http://intranet.example.com/hook', 'private'],
  ])('refuses %s', async (url, reason) => {
    const error = await failure(strict.webhook_call!({ url }, makeActionContext()));
    expect(error.type).toBe('ssrf_blocked');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(reason);
  });

  it('refuses the loopback peer when not allow-listed and never connects', async () => {
    const before = peer.requests.length;
    const error = await failure(strict.api_request!({ url: `${peer.url}/data` }, makeActionContext()));
    expect(error.type).toBe('ssrf_blocked');
    expect(peer.requests.length).toBe(before);
  });

  it('connects an allow-listed name to the checked address (pinned), with the name as Host', async () => {
    peer.respond(() => ({ status: 200, body: { via: 'pinned' } }));
    const out = await allowed.api_request!({ url: `http://peer.test:${peer.port}/p` }, makeActionContext());
    expect(out).toMatchObject({ status: 200, body: { via: 'pinned' } });
    expect(peer.requests.at(-1)!.headers.host).toBe(`peer.test:${peer.port}`);
  });

  it('checks every redirect hop: a redirect to a private or metadata address is refused', async () => {
    const onlyName = createHttpHandlers(configWith(['peer.test']));
    for (const location of [
      'http://169.254.169.254/latest/meta-data/',
      `http://127.0.0.1:${peer.port}/internal`,
    ]) {
      peer.respond((req) =>
        req.url === '/internal' ? { status: 200, body: 'secret' } : { status: 302, headers: { location } },
      );
      const error = await failure(
        onlyName.webhook_call!({ url: `http://peer.test:${peer.port}/start` }, makeActionContext()),
      );
      expect(error.type).toBe('ssrf_blocked');
      expect(peer.requests.at(-1)!.url).toBe('/start');
    }
  });

  it('follows at most 5 redirects', async () => {
    peer.respond((_req, i) => ({ status: 307, headers: { location: `/hop-${i}` } }));
    const before = peer.requests.length;
    const error = await failure(allowed.api_request!({ url: `${peer.url}/loop` }, makeActionContext()));
    expect(error.type).toBe('request_error');
    expect(error.message).toContain('more than 5 redirects');
    expect(peer.requests.length - before).toBe(6);
  });
});

describe('redirects', () => {
  it('turns a 303 after POST into a body-less GET and keeps credentials on the same origin only', async () => {
    peer.respond((req) =>
      req.url === '/submit'
        ? { status: 303, headers: { location: '/result' } }
        : req.url === '/result'
          ? { status: 302, headers: { location: `http://other-peer.test:${peer.port}/elsewhere` } }
          : { status: 200, body: { done: true } },
    );
    const handlers = createHttpHandlers(configWith(['127.0.0.1', 'other-peer.test']));
    const out = await handlers.api_request!(
      {
        url: `${peer.url}/submit`,
        method: 'POST',
        body: { a: 1 },
        auth: { type: 'bearer', token: 'tok_secret' },
      },
      makeActionContext(),
    );
    expect(out).toMatchObject({ status: 200, body: { done: true } });
    const [submit, result, elsewhere] = peer.requests.slice(-3);
    expect(submit!.headers.authorization).toBe('Bearer tok_secret');
    expect(result!.method).toBe('GET');
    expect(result!.body.length).toBe(0);
    expect(result!.headers.authorization).toBe('Bearer tok_secret');
    expect(elsewhere!.headers.authorization).toBeUndefined();
  });
});

describe('api_request', () => {
  it('sends query, auth schemes and parses JSON vs text responses', async () => {
    peer.respond((req) =>
      req.url!.startsWith('/json') ? { status: 200, body: { n: 1 } } : { status: 200, body: 'plain' },
    );
    const ctx = makeActionContext();
    const json = await allowed.api_request!(
      {
        url: `${peer.url}/json`,
        query: { q: 'a b&c', tag: ['x', 'y'] },
        auth: { type: 'api_key', token: 'k1', header: 'X-Key' },
      },
      ctx,
    );
    expect(peer.requests.at(-1)!.url).toBe('/json?q=a+b%26c&tag=x&tag=y');
    expect(peer.requests.at(-1)!.headers['x-key']).toBe('k1');
    expect(peer.requests.at(-1)!.method).toBe('GET');
    expect(json).toMatchObject({ body: { n: 1 } });
    const text = await allowed.api_request!(
      { url: `${peer.url}/text`, auth: { type: 'basic', username: 'u', password: 'p' } },
      ctx,
    );
    expect(peer.requests.at(-1)!.headers.authorization).toBe(
      `Basic ${Buffer.from('u:p').toString('base64')}`,
    );
    expect(text).toMatchObject({ body: 'plain' });
  });

  it('counts expectStatus codes as success', async () => {
    peer.respond(() => ({ status: 404, body: { error: 'nope' } }));
    const out = await allowed.api_request!(
      { url: `${peer.url}/missing`, expectStatus: [200, 404] },
      makeActionContext(),
    );
    expect(out).toMatchObject({ status: 404, body: { error: 'nope' } });
  });
});

describe('retry classification', () => {
  const call = (url: string, extra: Record<string, unknown> = {}) =>
    failure(allowed.webhook_call!({ url, ...extra }, makeActionContext()));

  it('5xx -> server_error, 429 + Retry-After -> rate_limit with the delay, other 4xx final', async () => {
    peer.respond(() => ({ status: 503, body: { error: 'down' } }));
    expect(await call(`${peer.url}/a`)).toMatchObject({ type: 'server_error', retryable: true });
    peer.respond(() => ({ status: 429, headers: { 'retry-after': '7' }, body: {} }));
    const limited = await call(`${peer.url}/b`);
    expect(limited).toMatchObject({ type: 'rate_limit', retryable: true });
    expect(limited.options.nextRetryDelayMs).toBe(7000);
    peer.respond(() => ({ status: 422, body: { error: 'bad field' } }));
    const bad = await call(`${peer.url}/c`);
    expect(bad).toMatchObject({ type: 'http_error', retryable: false });
    expect(bad.message).toContain('HTTP 422');
  });

  it('connection refused and reset -> connection_error; no answer in time -> timeout', async () => {
    const closedPort = await freePort();
    expect(await call(`http://127.0.0.1:${closedPort}/x`)).toMatchObject({
      type: 'connection_error',
      retryable: true,
    });
    peer.respond(() => ({ reset: true }));
    expect(await call(`${peer.url}/reset`)).toMatchObject({ type: 'connection_error' });
    peer.respond(() => ({ hang: true }));
    const started = Date.now();
    expect(await call(`${peer.url}/slow`, { timeout: '300ms' })).toMatchObject({
      type: 'timeout',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('aborting the step signal ends the request as a timeout', async () => {
    peer.respond(() => ({ hang: true }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(
      allowed.webhook_call!({ url: `${peer.url}/s` }, makeActionContext({ signal: controller.signal })),
    );
    expect(error.type).toBe('timeout');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
