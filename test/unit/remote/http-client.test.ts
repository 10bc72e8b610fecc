/**
 * The remote client against a scripted HTTP peer on loopback: URL and token checks, which calls are
 * retried (GET/DELETE on connection errors and 502/503/504) and which never are (POST), timeouts,
 * and API errors turned back into the local store's classes.
 */
import { describe, expect, it } from 'vitest';
import {
  ForbiddenError,
  MissingTokenError,
  RequestTimeoutError,
  ServerError,
  ServerUnreachableError,
  UnauthenticatedError,
} from '../../../src/remote/errors.js';
import { HttpClient } from '../../../src/remote/http-client.js';
import { RemoteWorkspaceStore } from '../../../src/remote/workspace-store.js';
import { InvalidWorkspaceUrlError, parseWorkspaceUrl } from '../../../src/remote/workspace-url.js';
import { LockHeldError, StalePlanError } from '../../../src/workspace/errors.js';
import type { LockInfo } from '../../../src/workspace/store.js';
import { closedPort } from '../../helpers/closed-port.js';
import { startHttpPeer } from '../../helpers/http-peer.js';

const API = { 'x-aexy-api': '1' };
const fast = { token: 'tok', retryDelaysMs: [5, 5, 5] };
const client = (url: string, options: object = {}) =>
  new HttpClient(parseWorkspaceUrl(`${url}/workspaces/acme`), { ...fast, ...options });
const LOCK: LockInfo = {
  id: 'lock_1',
  holder: 'ann@ci',
  operation: 'apply',
  host: 'runner-7',
  pid: 42,
  createdAt: '2026-11-27T03:00:00.000Z',
  expiresAt: '2026-11-27T03:15:00.000Z',
};

describe('workspace URLs', () => {
  it('takes https://host[/prefix]/workspaces/NAME and refuses anything else with the form to use', () => {
    expect(parseWorkspaceUrl('https://u:p@aexy.example/api/workspaces/acme/')).toEqual({
      base: 'https://aexy.example/api/workspaces/acme',
      server: 'https://aexy.example/api',
      workspace: 'acme',
    });
    expect(() => parseWorkspaceUrl('https://aexy.example/acme')).toThrow(InvalidWorkspaceUrlError);
    expect(() => parseWorkspaceUrl('https://aexy.example/acme')).toThrow(
      /does not end in \/workspaces\/NAME/,
    );
    expect(() => parseWorkspaceUrl('ftp://h/workspaces/acme')).toThrow(/not http: or https:/);
  });

  it('needs a token, and says how to get one', () => {
    const target = parseWorkspaceUrl('http://127.0.0.1:1/workspaces/acme');
    const error = (() => {
      try {
        new HttpClient(target, { env: {} });
      } catch (e) {
        return e as MissingTokenError;
      }
    })();
    expect(error).toBeInstanceOf(MissingTokenError);
    expect(error?.message).toContain('AEXY_TOKEN is not set');
    expect(error?.hint).toContain('aexy tokens create');
  });
});

describe('retries', () => {
  it('retries a GET after 503 and a reset connection, and sends the bearer token', async () => {
    const peer = await startHttpPeer((_, i) =>
      i === 0
        ? { status: 503, headers: API }
        : i === 1
          ? { reset: true }
          : { body: { locks: [] }, headers: API },
    );
    expect(await new RemoteWorkspaceStore(client(peer.url)).locks()).toEqual([]);
    expect(peer.requests.map((r) => r.url)).toEqual(Array(3).fill('/workspaces/acme/locks'));
    expect(peer.requests[0].headers.authorization).toBe('Bearer tok');
  });

  it('never retries a POST, and names the server failure', async () => {
    const peer = await startHttpPeer(() => ({
      status: 503,
      headers: API,
      body: { error: { code: 'temporal_unavailable', message: 'Temporal is down' } },
    }));
    const http = client(peer.url);
    const error = await caught(http.request('POST', '/runs/r1/approve', { body: {} }), ServerError);
    expect(error.message).toContain('Temporal is down');
    expect(error.hint).toContain('cannot reach Temporal');
    expect(peer.requests).toHaveLength(1);
  });

  it('gives up on an unreachable server after 4 tries, quickly, naming the URL and the fix', async () => {
    const port = await closedPort();
    const started = Date.now();
    const error = await caught(
      client(`http://127.0.0.1:${port}`).request('GET', '/state'),
      ServerUnreachableError,
    );
    expect(error.attempts).toBe(4);
    expect(error.message).toContain(`http://127.0.0.1:${port}/workspaces/acme`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.hint).toContain('is `aexy serve` running');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('times a request out after AEXY_HTTP_TIMEOUT_MS', async () => {
    const peer = await startHttpPeer(() => ({ hang: true }));
    const http = client(peer.url, { env: { AEXY_HTTP_TIMEOUT_MS: '200' } });
    const error = await caught(http.request('POST', '/applies', { body: {} }), RequestTimeoutError);
    expect(error.message).toContain('did not answer within 0.2s');
  });
});

describe('errors', () => {
  const answer =
    <E extends Error>(status: number, error: object, type: new (...args: never[]) => E) =>
    async () => {
      const peer = await startHttpPeer(() => ({ status, headers: API, body: { error } }));
      return caught(client(peer.url).request('POST', '/applies', { body: {} }), type);
    };

  it('maps 409 lock_held to LockHeldError with the holder, and stale_plan to StalePlanError', async () => {
    const held = await answer(
      409,
      { code: 'lock_held', message: 'x', details: { lock: LOCK } },
      LockHeldError,
    )();
    expect(held.message).toBe(new LockHeldError(LOCK).message);
    const stale = await answer(
      409,
      {
        code: 'stale_plan',
        message: 'the saved plan is stale: it was made at serial 1, but the workspace is at serial 2',
        details: { expected: { lineage: 'l', serial: 1 }, actual: { lineage: 'l', serial: 2 } },
      },
      StalePlanError,
    )();
    expect(stale.actual).toEqual({ lineage: 'l', serial: 2 });
  });

  it('explains 401 and 403 with the scope needed and granted', async () => {
    const unauth = await answer(401, { code: 'unauthenticated', message: 'no' }, UnauthenticatedError)();
    expect(unauth.hint).toContain('check AEXY_TOKEN');
    const forbidden = await answer(
      403,
      {
        code: 'forbidden',
        message: 'no',
        details: { required: 'apply', granted: ['read', 'plan'] },
      },
      ForbiddenError,
    )();
    expect(forbidden.message).toContain('lacks the "apply" scope');
    expect(forbidden.message).toContain('it has: read, plan');
    expect(forbidden.hint).toContain('aexy tokens create --name NAME --scope apply');
  });
});

describe('the workspace lock', () => {
  it('asks again while the lock is held until its wait is over', async () => {
    const peer = await startHttpPeer((_, i) =>
      i < 2
        ? {
            status: 409,
            headers: API,
            body: { error: { code: 'lock_held', message: 'x', details: { lock: LOCK } } },
          }
        : { status: 201, headers: API, body: { ...LOCK, id: 'lock_2' } },
    );
    const store = new RemoteWorkspaceStore(client(peer.url));
    const request = { holder: 'me', operation: 'apply', host: 'h', pid: 1, ttlMs: 60_000, waitMs: 5_000 };
    expect((await store.acquireLock(request)).id).toBe('lock_2');
    expect(peer.requests).toHaveLength(3);
    expect((peer.requests[0].json as { waitMs: number }).waitMs).toBeLessThanOrEqual(5_000);
  });
});

/** The error `promise` fails with, checked to be a `type`. */
async function caught<E extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
): Promise<E> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}
