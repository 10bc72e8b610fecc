/**
 * Auth of every route in the route table (iterated, so a new route is covered at once): no token
 * -> 401; the other workspace's token -> 401 with exactly the no-token answer (nothing leaks); a
 * token lacking the scope -> 403 naming it; the right scope -> neither 401 nor 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../../src/server/context.js';
import { ROUTES } from '../../../src/server/routes.js';
import type { TokenScope } from '../../../src/workspace/backend.js';
import { type StoreKind, startTestServer, type TestServer } from './server-fixture.js';

const PARAMS: Record<string, string> = { kind: 'Automation', name: 'nope', id: 'x1', automation: 'nope' };

function pathFor(route: Route, ws: string): string {
  return route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'ws' ? ws : PARAMS[name]));
}

/** A scope that does not imply `required` (read is implied by every scope: none lacks it). */
const LACKING: Partial<Record<TokenScope, TokenScope>> = {
  plan: 'operate',
  apply: 'plan',
  operate: 'apply',
  admin: 'apply',
};

const tokenRoutes = ROUTES.filter((r) => r.access.kind === 'token');
const name = (r: Route) => `${r.method} ${r.path}`;

describe.each<StoreKind>(['sqlite', 'postgres'])('on %s workspaces', (kind) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({}, kind);
  });
  afterAll(() => t.close());

  describe('every token route', () => {
    it('covers the whole table', () => {
      expect(tokenRoutes.length).toBeGreaterThan(25);
    });

    it.each(tokenRoutes.map((r) => [name(r), r] as const))('%s: no token -> 401', async (_n, route) => {
      const answer = await t.request(route.method, pathFor(route, 'acme'), {
        body: route.body ? {} : undefined,
      });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('unauthenticated');
      expect(answer.headers.get('x-aexy-api')).toBe('1');
    });

    it.each(tokenRoutes.map((r) => [name(r), r] as const))(
      "%s: beta's admin token on acme -> the same 401 as no token",
      async (_n, route) => {
        const path = pathFor(route, 'acme');
        const anonymous = await t.request(route.method, path);
        const foreign = await t.request(route.method, path, {
          token: t.tokens.beta.admin,
          body: route.body ? {} : undefined,
        });
        expect(foreign.status).toBe(401);
        expect(foreign.text).toBe(anonymous.text);
        const unknownWs = await t.request(route.method, pathFor(route, 'nowhere'), {
          token: t.tokens.acme.admin,
        });
        expect(unknownWs.text).toBe(anonymous.text);
      },
    );

    const scoped = tokenRoutes.filter((r) => r.access.kind === 'token' && LACKING[r.access.scope]);
    it.each(scoped.map((r) => [name(r), r] as const))(
      '%s: a token lacking the scope -> 403 naming it',
      async (_n, route) => {
        const required = (route.access as { scope: TokenScope }).scope;
        const answer = await t.request(route.method, pathFor(route, 'acme'), {
          token: t.tokens.acme[LACKING[required] as TokenScope],
          body: route.body ? {} : undefined,
        });
        expect(answer.status).toBe(403);
        expect(answer.body.error.details.required).toBe(required);
        expect(answer.body.error.message).toContain(required);
      },
    );

    it.each(tokenRoutes.map((r) => [name(r), r] as const))(
      '%s: the right scope -> not 401/403',
      async (_n, route) => {
        const scope = (route.access as { scope: TokenScope }).scope;
        const controller = new AbortController();
        const res = await fetch(`${t.url}${pathFor(route, 'acme')}`, {
          method: route.method,
          headers: { authorization: `Bearer ${t.tokens.acme[scope]}`, 'content-type': 'application/json' },
          body: route.body ? '{}' : undefined,
          signal: controller.signal,
        });
        controller.abort(); // the runs stream never ends by itself
        expect([401, 403]).not.toContain(res.status);
      },
    );
  });

  describe('scope details', () => {
    it('force unlock needs admin even though release needs apply', async () => {
      const answer = await t.request('DELETE', '/workspaces/acme/locks/l1?force=true', {
        token: t.tokens.acme.apply,
      });
      expect(answer.status).toBe(403);
      expect(answer.body.error.details).toEqual({ required: 'admin', granted: ['apply'] });
      const ok = await t.request('DELETE', '/workspaces/acme/locks/l1?force=true', {
        token: t.tokens.acme.admin,
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ lock: null });
    });

    it('admin implies every scope; operate implies read but not plan', async () => {
      expect(
        (
          await t.request('POST', '/workspaces/acme/plans', {
            token: t.tokens.acme.admin,
            body: { resources: [] },
          })
        ).status,
      ).toBe(200);
      expect(
        (await t.request('GET', '/workspaces/acme/state', { token: t.tokens.acme.operate })).status,
      ).toBe(200);
      expect(
        (
          await t.request('POST', '/workspaces/acme/plans', {
            token: t.tokens.acme.operate,
            body: { resources: [] },
          })
        ).status,
      ).toBe(403);
    });

    it('unauthenticated meta routes answer without a token and do not list workspace names', async () => {
      const health = await t.request('GET', '/healthz');
      expect(health.body).toMatchObject({ status: 'ok', workspaces: 2 });
      expect(health.text).not.toContain('acme');
      expect((await t.request('GET', '/openapi.json')).status).toBe(200);
    });

    it('logs one line per request without the token', () => {
      expect(t.logs.some((l) => /^GET \/workspaces\/acme\/state 200 \d+\.\dms$/.test(l))).toBe(true);
      for (const secret of Object.values(t.tokens.acme)) expect(t.logs.join('\n')).not.toContain(secret);
    });
  });
});
