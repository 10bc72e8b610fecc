/**
 * Plan and apply through the API with the local path's rules: the plan is the same pure diff, an
 * apply needs the held lock, a stale plan is refused (409 stale_plan), a held lock is refused with
 * its holder (409 lock_held), and of two concurrent applies exactly one wins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diff } from '../../../src/plan/diff.js';
import { automation, desired, type StoreKind, startTestServer, type TestServer } from './server-fixture.js';

let t: TestServer;

const LOCK = { holder: 'ci@runner', operation: 'apply', host: 'runner', pid: 42, ttlMs: 60_000, waitMs: 0 };

async function lock(token: string, holder = LOCK.holder) {
  return t.request('POST', '/workspaces/acme/locks', { token, body: { ...LOCK, holder } });
}

async function applyLocked(token: string, plan: unknown, holder = LOCK.holder) {
  const taken = await lock(token, holder);
  if (taken.status !== 201) return taken;
  try {
    return await t.request('POST', '/workspaces/acme/applies', {
      token,
      body: { plan, appliedBy: holder, lockId: taken.body.id },
    });
  } finally {
    await t.request('DELETE', `/workspaces/acme/locks/${taken.body.id}`, { token });
  }
}

describe.each<StoreKind>(['sqlite', 'postgres'])('plan and apply over HTTP on %s', (kind) => {
  beforeAll(async () => {
    t = await startTestServer({}, kind);
  });
  afterAll(() => t.close());

  it('plans with the same pure diff as the CLI and applies under the lock', async () => {
    const resources = await desired({ 'automations/a.yaml': automation('welcome') });
    const token = t.tokens.acme.apply;
    const planned = await t.request('POST', '/workspaces/acme/plans', { token, body: { resources } });
    expect(planned.status).toBe(200);
    const local = diff(resources, await t.acme.store.state(), { createdAt: planned.body.createdAt });
    expect(planned.body).toEqual(JSON.parse(JSON.stringify(local)));
    expect(planned.body.summary.add).toBe(1);
    const applied = await applyLocked(token, planned.body);
    expect(applied.status, applied.text).toBe(200);
    expect(applied.body).toMatchObject({ serial: 1, created: 1 });
    const state = await t.request('GET', '/workspaces/acme/state', { token: t.tokens.acme.read });
    expect(state.body.resources.map((r: { name: string }) => r.name)).toEqual(['welcome']);
    const history = await t.request('GET', '/workspaces/acme/resources/Automation/welcome', { token });
    expect(history.body.current.version).toBe(1);
    // beta saw nothing
    expect((await t.beta.store.info()).serial).toBe(0);
  });

  it('refuses a plan made before the workspace moved on (409 stale_plan)', async () => {
    const token = t.tokens.acme.apply;
    const v2 = await desired({ 'automations/a.yaml': automation('welcome', 'Hello') });
    const first = (await t.request('POST', '/workspaces/acme/plans', { token, body: { resources: v2 } }))
      .body;
    const v3 = await desired({ 'automations/a.yaml': automation('welcome', 'Hi there') });
    const second = (await t.request('POST', '/workspaces/acme/plans', { token, body: { resources: v3 } }))
      .body;
    expect((await applyLocked(token, first)).status).toBe(200);
    const stale = await applyLocked(token, second);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_plan');
    expect(stale.body.error.details.expected.serial).toBe(second.base.serial);
  });

  it('refuses a second lock naming the holder (409 lock_held), and an apply without the lock', async () => {
    const token = t.tokens.acme.apply;
    const held = await lock(token, 'alice@laptop');
    expect(held.status).toBe(201);
    const refused = await lock(token, 'bob@ci');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('lock_held');
    expect(refused.body.error.details.lock).toMatchObject({
      id: held.body.id,
      holder: 'alice@laptop',
      operation: 'apply',
    });
    const listed = await t.request('GET', '/workspaces/acme/locks', { token: t.tokens.acme.read });
    expect(listed.body.locks.map((l: { id: string }) => l.id)).toEqual([held.body.id]);
    const released = await t.request('DELETE', `/workspaces/acme/locks/${held.body.id}`, { token });
    expect(released.status).toBe(204);
    const resources = await desired({ 'automations/a.yaml': automation('welcome', 'Unlocked') });
    const plan = (await t.request('POST', '/workspaces/acme/plans', { token, body: { resources } })).body;
    const unlocked = await t.request('POST', '/workspaces/acme/applies', {
      token,
      body: { plan, appliedBy: 'x', lockId: held.body.id },
    });
    expect(unlocked.status).toBe(409);
    expect(unlocked.body.error.code).toBe('lock_lost');
  });

  it('two concurrent applies of plans from the same base: exactly one wins, no partial state', async () => {
    const token = t.tokens.acme.apply;
    const before = await t.acme.store.info();
    const plans = await Promise.all(
      ['One', 'Two'].map(async (subject) => {
        const resources = await desired({
          'automations/a.yaml': automation('welcome', subject),
          [`automations/${subject}.yaml`]: automation(`extra-${subject.toLowerCase()}`),
        });
        return (await t.request('POST', '/workspaces/acme/plans', { token, body: { resources } })).body;
      }),
    );
    const results = await Promise.all(plans.map((plan, i) => applyLocked(token, plan, `job-${i}`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409);
    expect(['lock_held', 'stale_plan']).toContain(loser?.body.error.code);
    const after = await t.acme.store.info();
    expect(after.serial).toBe(before.serial + 1);
    const names = (await t.acme.store.currentVersions()).map((v) => v.name).sort();
    expect(names.filter((n) => n.startsWith('extra-'))).toHaveLength(1);
  });

  it('validates bodies: a plan request without resources is a 400 naming the problem', async () => {
    const answer = await t.request('POST', '/workspaces/acme/plans', {
      token: t.tokens.acme.plan,
      body: { prune: true },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('bad_request');
    expect(answer.body.error.message).toContain('resources');
  });
});
