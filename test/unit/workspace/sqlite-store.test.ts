import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/plan/canonical.js';
import { LockHeldError, StalePlanError, WorkspaceTooNewError } from '../../../src/workspace/errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/workspace/sqlite/migrations/index.js';
import { SqliteWorkspaceStore } from '../../../src/workspace/sqlite/store.js';
import { agent, automation, withMeta } from '../../fixtures/ir/resources.js';
import { applyPlanned, openTemp, planFor, sync, tempWorkspacePath } from './helpers.js';

describe('SQLite workspace: open and migrations', () => {
  it('creates a file in WAL mode with a lineage and serial 0', async () => {
    const store = openTemp();
    const info = await store.info();
    expect(info.lineage).toMatch(/^[0-9a-f-]{36}$/);
    expect(info.serial).toBe(0);
    expect(info.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    await store.close();
  });

  it('upgrades an older file and keeps its data', async () => {
    const path = tempWorkspacePath();
    const old = SqliteWorkspaceStore.open(path);
    await sync(old, [automation('alpha')]);
    const lineage = (await old.info()).lineage;
    await old.close();
    const extra = {
      version: SCHEMA_VERSION + 1,
      name: 'extra',
      up: (db: Database.Database) => db.exec('CREATE TABLE extra (x)'),
    };
    const upgraded = SqliteWorkspaceStore.open(path, { migrations: [...MIGRATIONS, extra] });
    expect((await upgraded.info()).schemaVersion).toBe(SCHEMA_VERSION + 1);
    expect((await upgraded.info()).lineage).toBe(lineage);
    expect((await upgraded.state()).resources.map((r) => r.address)).toEqual(['Automation/alpha']);
    await upgraded.close();
  });

  it('refuses a file written by a newer build, naming both versions', async () => {
    const path = tempWorkspacePath();
    (await SqliteWorkspaceStore.open(path)).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => SqliteWorkspaceStore.open(path)).toThrow(WorkspaceTooNewError);
    expect(() => SqliteWorkspaceStore.open(path)).toThrow(
      `schema version ${SCHEMA_VERSION + 5}, newer than this aexy build supports (${SCHEMA_VERSION})`,
    );
  });

  it('rolls back a failing migration entirely', async () => {
    const path = tempWorkspacePath();
    (await SqliteWorkspaceStore.open(path)).close();
    const broken = {
      version: SCHEMA_VERSION + 1,
      name: 'broken',
      up: (db: Database.Database) => {
        db.exec('CREATE TABLE half (x)');
        throw new Error('boom');
      },
    };
    expect(() => SqliteWorkspaceStore.open(path, { migrations: [...MIGRATIONS, broken] })).toThrow('boom');
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });
});

describe('SQLite workspace: apply', () => {
  it('stores immutable versions and bumps the serial per apply', async () => {
    const store = openTemp();
    const a1 = automation('alpha');
    expect((await sync(store, [a1, agent('helper')])).serial).toBe(1);
    const a2 = { ...a1, enabled: false };
    const result = await sync(store, [a2, agent('helper')]);
    expect(result).toMatchObject({ serial: 2, created: 0, updated: 1 });
    const history = await store.history('Automation/alpha');
    expect(history.versions.map((v) => [v.version, v.change, v.contentHash])).toEqual([
      [2, 'update', contentHash(a2)],
      [1, 'create', contentHash(a1)],
    ]);
    expect(history.current?.version).toBe(2);
    expect(history.current?.sourceText).toBe(a1.source.text);
    expect(history.current?.appliedBy).toBe('tester');
    // A no-op plan changes nothing, not even the serial.
    expect((await sync(store, [a2, agent('helper')])).serial).toBe(2);
    await store.close();
  });

  it('is all-or-nothing: a failure mid-apply leaves the previous state', async () => {
    let failAt = -1;
    const store = openTemp({
      afterApplyChange: (index) => {
        if (index === failAt) throw new Error('injected failure');
      },
    });
    await sync(store, [automation('alpha'), automation('beta')]);
    const before = await store.state();
    failAt = 1;
    const plan = await planFor(store, [{ ...automation('alpha'), enabled: false }, automation('gamma')], {
      prune: true,
    });
    expect(plan.summary).toMatchObject({ add: 1, change: 1, delete: 1 });
    await expect(applyPlanned(store, plan)).rejects.toThrow('injected failure');
    expect(await store.state()).toEqual(before);
    expect((await store.history('Automation/alpha')).versions).toHaveLength(1);
    expect(await store.locks()).toEqual([]);
    await store.close();
  });

  it('refuses a stale plan (serial or lineage moved on)', async () => {
    const store = openTemp();
    await sync(store, [automation('alpha')]);
    const plan = await planFor(store, [automation('beta')]);
    await sync(store, [automation('alpha'), automation('other')]);
    await expect(applyPlanned(store, plan)).rejects.toThrow(StalePlanError);
    await expect(applyPlanned(store, plan)).rejects.toThrow(
      'made at serial 1, but the workspace is at serial 2',
    );
    const foreign = openTemp();
    await expect(applyPlanned(foreign, { ...plan, base: { ...plan.base, serial: 0 } })).rejects.toThrow(
      'lineage',
    );
    await store.close();
    await foreign.close();
  });

  it('rename keeps the history under the new name', async () => {
    const store = openTemp();
    await sync(store, [automation('alpha')]);
    const renamed = withMeta(automation('omega'), { previousName: 'alpha' });
    const result = await sync(store, [renamed]);
    expect(result.renamed).toBe(1);
    const history = await store.history('Automation/omega');
    expect(history.versions.map((v) => [v.name, v.version, v.change])).toEqual([
      ['omega', 2, 'rename'],
      ['alpha', 1, 'create'],
    ]);
    expect((await store.state()).resources.map((r) => r.address)).toEqual(['Automation/omega']);
    expect((await store.history('Automation/alpha')).current).toBeUndefined();
    await store.close();
  });

  it('renames a resource and re-uses its old name in the same plan', async () => {
    const store = openTemp();
    await sync(store, [automation('alpha')]);
    const plan = await planFor(store, [
      withMeta(automation('omega'), { previousName: 'alpha' }),
      automation('alpha', { enabled: false }),
    ]);
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([
      ['Automation/alpha', 'create'],
      ['Automation/omega', 'rename'],
    ]);
    await applyPlanned(store, plan);
    expect((await store.history('Automation/omega')).versions.map((v) => v.name)).toEqual(['omega', 'alpha']);
    expect((await store.history('Automation/alpha')).current?.version).toBe(1);
    await store.close();
  });

  it('prune deletes, keeps history, and never deletes protected resources', async () => {
    const store = openTemp();
    await sync(store, [automation('alpha'), withMeta(automation('keep'), { protected: true })]);
    const plan = await planFor(store, [automation('new')], { prune: true });
    expect(plan.changes.map((c) => [c.address, c.action, c.kept])).toEqual([
      ['Automation/alpha', 'delete', undefined],
      ['Automation/keep', 'no-op', 'protected'],
      ['Automation/new', 'create', undefined],
    ]);
    await applyPlanned(store, plan);
    expect((await store.state()).resources.map((r) => r.address)).toEqual([
      'Automation/keep',
      'Automation/new',
    ]);
    const gone = await store.history('Automation/alpha');
    expect(gone.deleted?.by).toBe('tester');
    expect(gone.versions).toHaveLength(1);
    // Re-creating a deleted name starts a new resource at version 1.
    await sync(store, [automation('alpha'), automation('new')]);
    expect((await store.history('Automation/alpha')).current?.version).toBe(1);
    await store.close();
  });

  it('detects drift when the workspace copy was edited by hand', async () => {
    const store = openTemp();
    const a = automation('alpha');
    await sync(store, [a]);
    const stored = JSON.parse(
      (store.db.prepare('SELECT ir_json FROM resources').get() as { ir_json: string }).ir_json,
    );
    stored.enabled = false;
    store.db.prepare('UPDATE resources SET ir_json = ?').run(JSON.stringify(stored));
    const plan = await planFor(store, [a]);
    const [change] = plan.changes;
    expect(change.action).toBe('update');
    expect(change.drift?.fields).toEqual([{ path: 'enabled', op: 'change', before: true, after: false }]);
    await applyPlanned(store, plan);
    expect((await planFor(store, [a])).changes[0].action).toBe('no-op');
    await store.close();
  });
});

describe('SQLite workspace: locks', () => {
  const request = {
    holder: 'ci-job-1',
    operation: 'apply',
    host: 'runner',
    pid: 42,
    ttlMs: 60_000,
    waitMs: 0,
  };

  it('fails at once with the holder details when held', async () => {
    const store = openTemp();
    const lock = await store.acquireLock(request);
    const error = await store.acquireLock({ ...request, holder: 'other' }).catch((e) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error.message).toContain('locked by ci-job-1 (apply, host runner, pid 42)');
    expect(error.message).toContain(lock.id);
    await store.close();
  });

  it('waits up to waitMs for the lock', async () => {
    const store = openTemp();
    const lock = await store.acquireLock(request);
    setTimeout(() => void store.releaseLock(lock.id), 150);
    const second = await store.acquireLock({ ...request, holder: 'waiter', waitMs: 2000 });
    expect(second.holder).toBe('waiter');
    await store.close();
  });

  it('expires so a killed job does not leave it stuck, and can be force-unlocked', async () => {
    const store = openTemp();
    await store.acquireLock({ ...request, ttlMs: 50 });
    await new Promise((r) => setTimeout(r, 80));
    const next = await store.acquireLock(request);
    expect(await store.locks()).toEqual([next]);
    expect(await store.forceUnlock(next.id)).toEqual(next);
    expect(await store.locks()).toEqual([]);
    expect(await store.forceUnlock('nope')).toBeUndefined();
    await store.close();
  });

  it('refuses to apply with a lock that expired', async () => {
    const store = openTemp();
    const plan = await planFor(store, [automation('alpha')]);
    const lock = await store.acquireLock({ ...request, ttlMs: 30 });
    await new Promise((r) => setTimeout(r, 60));
    await expect(store.apply({ plan, appliedBy: 'x', lockId: lock.id })).rejects.toThrow('no longer held');
    expect((await store.info()).serial).toBe(0);
    await store.close();
  });
});
