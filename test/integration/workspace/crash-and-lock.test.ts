import { beforeAll, describe, expect, it } from 'vitest';
import { LockHeldError } from '../../../src/workspace/errors.js';
import { SqliteWorkspaceStore } from '../../../src/workspace/sqlite/store.js';
import { automation } from '../../fixtures/ir/resources.js';
import { applyPlanned, planFor, tempWorkspacePath } from '../../unit/workspace/helpers.js';
import { compiledModules, exited, startChild, waitForLine } from './process-helpers.js';

let modules: string;
beforeAll(() => {
  modules = compiledModules();
}, 120_000);

/** The subject every automation carries: which apply wrote it. */
async function subjects(path: string): Promise<{ serial: number; tags: Set<string>; count: number }> {
  const store = SqliteWorkspaceStore.open(path);
  expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  const state = await store.state();
  const tags = new Set(
    state.resources.map((r) => JSON.stringify((r.ir as { steps: Array<{ with: unknown }> }).steps[0].with)),
  );
  await store.close();
  return { serial: state.serial, tags, count: state.resources.length };
}

async function seed(path: string, count: number, tag: string): Promise<void> {
  const child = startChild(modules, path, 'apply', String(count), tag);
  await waitForLine(child, /^done$/);
  await exited(child);
}

describe('apply killed with SIGKILL', () => {
  it('mid-transaction: the workspace opens with the previous state; the lock of the dead holder stays until unlocked or expired', async () => {
    const path = tempWorkspacePath();
    await seed(path, 20, 'old');
    const child = startChild(modules, path, 'apply-pause', '20', 'new');
    await waitForLine(child, /^paused$/);
    child.kill('SIGKILL');
    await exited(child);
    expect(await subjects(path)).toEqual({ serial: 1, tags: new Set(['{"subject":"old"}']), count: 20 });
    const store = SqliteWorkspaceStore.open(path);
    const [dead] = await store.locks();
    expect(dead).toMatchObject({ holder: 'child-new', operation: 'apply', pid: child.pid });
    const error = await store
      .acquireLock({ holder: 'me', operation: 'apply', host: 'h', pid: 1, ttlMs: 1000, waitMs: 0 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect(await store.forceUnlock(dead.id)).toEqual(dead);
    await store.close();
  });

  it('at random moments: always all old or all new, never a mix', async () => {
    const path = tempWorkspacePath();
    await seed(path, 150, 'v0');
    let serial = 1;
    for (let round = 1; round <= 4; round++) {
      const child = startChild(modules, path, 'apply', '150', `v${round}`);
      await new Promise((r) => setTimeout(r, 40 + Math.floor(Math.random() * 400)));
      child.kill('SIGKILL');
      await exited(child);
      const seen = await subjects(path);
      expect(seen.tags.size).toBe(1);
      expect(seen.count).toBe(150);
      const tag = [...seen.tags][0];
      if (seen.serial === serial) expect(tag).toBe(`{"subject":"v${round - 1}"}`);
      else {
        expect(seen.serial).toBe(serial + 1);
        expect(tag).toBe(`{"subject":"v${round}"}`);
      }
      if (seen.serial === serial) {
        // Not applied: clear the killed process's lock and apply this round for real.
        const store = SqliteWorkspaceStore.open(path);
        for (const lock of await store.locks()) await store.forceUnlock(lock.id);
        await store.close();
        await seed(path, 150, `v${round}`);
      }
      serial += 1;
      expect((await subjects(path)).serial).toBe(serial);
    }
  });
});

describe('lock contention between two processes', () => {
  it('fails at once with the holder details, leaving no partial state', async () => {
    const path = tempWorkspacePath();
    const holder = startChild(modules, path, 'hold-lock');
    const lock = JSON.parse(await waitForLine(holder, /^\{/));
    const store = SqliteWorkspaceStore.open(path);
    const plan = await planFor(store, [automation('alpha')]);
    const error = await applyPlanned(store, plan).catch((e) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect(error.message).toContain(`locked by child-holder (apply, host child-host, pid ${holder.pid})`);
    expect(error.message).toContain(lock.id);
    expect((await store.info()).serial).toBe(0);
    expect((await store.state()).resources).toEqual([]);
    holder.stdin?.end();
    await exited(holder);
    await store.close();
  });

  it('waits for the holder to release when given a timeout', async () => {
    const path = tempWorkspacePath();
    const holder = startChild(modules, path, 'hold-lock');
    await waitForLine(holder, /^\{/);
    const store = SqliteWorkspaceStore.open(path);
    const plan = await planFor(store, [automation('alpha')]);
    setTimeout(() => holder.stdin?.end(), 300);
    const started = Date.now();
    const lock = await store.acquireLock({
      holder: 'waiter',
      operation: 'apply',
      host: 'h',
      pid: process.pid,
      ttlMs: 60_000,
      waitMs: 10_000,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await store.apply({ plan, appliedBy: 'waiter', lockId: lock.id })).serial).toBe(1);
    await store.releaseLock(lock.id);
    await exited(holder);
    await store.close();
  });
});
