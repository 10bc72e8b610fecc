/**
 * One suite of WorkspaceStore behaviours run against SQLite (the reference) and PostgreSQL: apply,
 * stale plans, locks with holder details and expiry, force unlock, history, rename, prune, and no
 * partial state when a change fails. Both must behave identically.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/plan/canonical.js';
import { LockHeldError, LockLostError, StalePlanError } from '../../../src/workspace/errors.js';
import type { LockRequest } from '../../../src/workspace/store.js';
import { agent, automation, withMeta } from '../../fixtures/ir/resources.js';
import { applyPlanned, planFor, sync } from '../../unit/workspace/helpers.js';
import { BACKENDS, type OpenOptions, openStore, type StoreUnderTest } from './workspace-backends.js';

const opened: StoreUnderTest[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

describe.each(BACKENDS)('workspace store conformance: %s', (backend) => {
  const open = async (options: OpenOptions = {}) => {
    const s = await openStore(backend, options);
    opened.push(s);
    return s;
  };

  it('starts empty with a lineage at serial 0', async () => {
    const { store } = await open();
    const info = await store.info();
    expect(info.lineage).toMatch(/^[0-9a-f-]{36}$/);
    expect(info).toMatchObject({ serial: 0, resourceCount: 0 });
    expect(info.schemaVersion).toBeGreaterThan(0);
    expect(await store.state()).toEqual({ lineage: info.lineage, serial: 0, resources: [] });
  });

  it('stores immutable versions and bumps the serial once per applied change set', async () => {
    const { store } = await open();
    const a1 = automation('alpha');
    expect(await sync(store, [a1, agent('helper')])).toMatchObject({ serial: 1, created: 2 });
    const a2 = { ...a1, enabled: false };
    expect(await sync(store, [a2, agent('helper')])).toMatchObject({ serial: 2, created: 0, updated: 1 });
    const history = await store.history('Automation/alpha');
    expect(history.versions.map((v) => [v.version, v.change, v.contentHash])).toEqual([
      [2, 'update', contentHash(a2)],
      [1, 'create', contentHash(a1)],
    ]);
    expect(history.current).toMatchObject({ version: 2, sourceText: a1.source.text, appliedBy: 'tester' });
    expect(history.current?.ir).toEqual(a2);
    expect((await sync(store, [a2, agent('helper')])).serial).toBe(2);
    expect(await store.info()).toMatchObject({ serial: 2, resourceCount: 2 });
    const current = await store.currentVersions();
    expect(current.map((v) => v.address)).toEqual(['Agent/helper', 'Automation/alpha']);
    expect(current[1]).toEqual(history.current);
  });

  it('is all-or-nothing: a change failing mid-apply leaves the previous state, versions and no lock', async () => {
    let failAt = -1;
    const { store } = await open({
      afterApplyChange: (index) => {
        if (index === failAt) throw new Error('injected failure');
      },
    });
    await sync(store, [automation('alpha'), automation('beta')]);
    const before = await store.state();
    failAt = 2;
    const plan = await planFor(store, [{ ...automation('alpha'), enabled: false }, automation('gamma')], {
      prune: true,
    });
    expect(plan.summary).toMatchObject({ add: 1, change: 1, delete: 1 });
    await expect(applyPlanned(store, plan)).rejects.toThrow('injected failure');
    expect(await store.state()).toEqual(before);
    expect((await store.history('Automation/alpha')).versions).toHaveLength(1);
    expect((await store.history('Automation/beta')).current?.version).toBe(1);
    expect((await store.history('Automation/gamma')).versions).toEqual([]);
    expect(await store.locks()).toEqual([]);
    failAt = -1;
    expect((await applyPlanned(store, plan)).serial).toBe(2);
  });

  it('refuses a stale plan: serial moved on, or another lineage', async () => {
    const { store } = await open();
    await sync(store, [automation('alpha')]);
    const plan = await planFor(store, [automation('beta')]);
    await sync(store, [automation('alpha'), automation('other')]);
    const error = await applyPlanned(store, plan).catch((e) => e);
    expect(error).toBeInstanceOf(StalePlanError);
    expect(error.message).toContain('made at serial 1, but the workspace is at serial 2');
    const { store: foreign } = await open();
    await expect(applyPlanned(foreign, { ...plan, base: { ...plan.base, serial: 0 } })).rejects.toThrow(
      'lineage',
    );
    expect((await foreign.info()).serial).toBe(0);
  });

  it('rename keeps the history under the new name; the old name can be re-used in the same plan', async () => {
    const { store } = await open();
    await sync(store, [automation('alpha')]);
    const plan = await planFor(store, [
      withMeta(automation('omega'), { previousName: 'alpha' }),
      automation('alpha', { enabled: false }),
    ]);
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([
      ['Automation/alpha', 'create'],
      ['Automation/omega', 'rename'],
    ]);
    expect(await applyPlanned(store, plan)).toMatchObject({ created: 1, renamed: 1, serial: 2 });
    const omega = await store.history('Automation/omega');
    expect(omega.versions.map((v) => [v.name, v.version, v.change])).toEqual([
      ['omega', 2, 'rename'],
      ['alpha', 1, 'create'],
    ]);
    const alpha = await store.history('Automation/alpha');
    expect(alpha.current?.version).toBe(1);
    expect(alpha.current?.ir).toMatchObject({ enabled: false });
  });

  it('prune deletes and keeps history, never deletes protected resources, re-creation starts at 1', async () => {
    const { store } = await open();
    await sync(store, [automation('alpha'), withMeta(automation('keep'), { protected: true })]);
    const plan = await planFor(store, [automation('new')], { prune: true });
    expect(plan.changes.map((c) => [c.address, c.action, c.kept])).toEqual([
      ['Automation/alpha', 'delete', undefined],
      ['Automation/keep', 'no-op', 'protected'],
      ['Automation/new', 'create', undefined],
    ]);
    await applyPlanned(store, plan);
    expect((await store.state()).resources.map((r) => [r.address, r.protected])).toEqual([
      ['Automation/keep', true],
      ['Automation/new', false],
    ]);
    const gone = await store.history('Automation/alpha');
    expect(gone).toMatchObject({ deleted: { by: 'tester', planId: plan.id } });
    expect(gone.current).toBeUndefined();
    expect(gone.versions).toHaveLength(1);
    await sync(store, [automation('alpha'), automation('new')]);
    const back = await store.history('Automation/alpha');
    expect(back.current?.version).toBe(1);
    expect(back.deleted).toBeUndefined();
    expect(back.versions).toHaveLength(2);
  });

  it('detects drift when the live copy was edited behind its back', async () => {
    const s = await open();
    const a = automation('alpha');
    await sync(s.store, [a]);
    await s.editLiveIr((ir) => {
      ir.enabled = false;
    });
    const plan = await planFor(s.store, [a]);
    expect(plan.changes[0].action).toBe('update');
    expect(plan.changes[0].drift?.fields).toEqual([
      { path: 'enabled', op: 'change', before: true, after: false },
    ]);
    await applyPlanned(s.store, plan);
    expect((await planFor(s.store, [a])).changes[0].action).toBe('no-op');
  });
});

describe.each(BACKENDS)('workspace lock conformance: %s', (backend) => {
  const request: LockRequest = {
    holder: 'ci-job-1',
    operation: 'apply',
    host: 'runner',
    pid: 42,
    ttlMs: 60_000,
    waitMs: 0,
  };
  const open = async () => {
    const s = await openStore(backend);
    opened.push(s);
    return s.store;
  };

  it('fails at once naming the holder when held, and is listed', async () => {
    const store = await open();
    const lock = await store.acquireLock(request);
    expect(lock).toMatchObject({ holder: 'ci-job-1', operation: 'apply', host: 'runner', pid: 42 });
    expect(Date.parse(lock.expiresAt) - Date.parse(lock.createdAt)).toBe(60_000);
    const error = await store.acquireLock({ ...request, holder: 'other' }).catch((e) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error.lock).toEqual(lock);
    expect(error.message).toContain('locked by ci-job-1 (apply, host runner, pid 42)');
    expect(error.message).toContain(lock.id);
    expect(await store.locks()).toEqual([lock]);
  });

  it('waits up to waitMs for a release, and gives up after waitMs', async () => {
    const store = await open();
    const lock = await store.acquireLock(request);
    const started = Date.now();
    await expect(store.acquireLock({ ...request, waitMs: 250 })).rejects.toBeInstanceOf(LockHeldError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    setTimeout(() => void store.releaseLock(lock.id), 150);
    const second = await store.acquireLock({ ...request, holder: 'waiter', waitMs: 3000 });
    expect(second.holder).toBe('waiter');
  });

  it('expires so a killed job does not block, and can be force-unlocked by id', async () => {
    const store = await open();
    await store.acquireLock({ ...request, ttlMs: 50 });
    await new Promise((r) => setTimeout(r, 90));
    const next = await store.acquireLock(request);
    expect(await store.locks()).toEqual([next]);
    expect(await store.forceUnlock(next.id)).toEqual(next);
    expect(await store.locks()).toEqual([]);
    expect(await store.forceUnlock('nope')).toBeUndefined();
  });

  it('refuses to apply with a lock that expired, was released or force-unlocked', async () => {
    const store = await open();
    const plan = await planFor(store, [automation('alpha')]);
    const expired = await store.acquireLock({ ...request, ttlMs: 30 });
    await new Promise((r) => setTimeout(r, 70));
    await expect(store.apply({ plan, appliedBy: 'x', lockId: expired.id })).rejects.toThrow('no longer held');
    const released = await store.acquireLock(request);
    await store.releaseLock(released.id);
    await expect(store.apply({ plan, appliedBy: 'x', lockId: released.id })).rejects.toBeInstanceOf(
      LockLostError,
    );
    const forced = await store.acquireLock(request);
    await store.forceUnlock(forced.id);
    await expect(store.apply({ plan, appliedBy: 'x', lockId: forced.id })).rejects.toBeInstanceOf(
      LockLostError,
    );
    expect(await store.info()).toMatchObject({ serial: 0, resourceCount: 0 });
  });

  it('lets exactly one of many concurrent callers take it', async () => {
    const store = await open();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.acquireLock({ ...request, holder: `h${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected.every((r) => r.reason instanceof LockHeldError)).toBe(true);
    expect(await store.locks()).toHaveLength(1);
  });
});
