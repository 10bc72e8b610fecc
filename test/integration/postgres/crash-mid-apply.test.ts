/**
 * An apply process killed with SIGKILL inside its transaction: PostgreSQL rolls the transaction
 * back, the workspace shows the previous state (never a mix), the dead holder's lock stays until it
 * expires or is force-unlocked, and the next apply is not blocked by the dead connection.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LockHeldError } from '../../../src/workspace/errors.js';
import { PgWorkspaceStore } from '../../../src/workspace/postgres/store.js';
import { automation } from '../../fixtures/ir/resources.js';
import { buildChildScript, killHard, spawnReady } from '../../helpers/child-process.js';
import { freshPostgresUrl } from '../../helpers/postgres.js';
import { sync } from '../../unit/workspace/helpers.js';

let script: string;
beforeAll(async () => {
  script = await buildChildScript(fileURLToPath(new URL('./apply-child.ts', import.meta.url)));
}, 60_000);

const tagged = (count: number, tag: string) =>
  Array.from({ length: count }, (_, i) =>
    automation(`auto-${i}`, {
      steps: [{ kind: 'action', id: 'mail', action: 'send_email', with: { subject: tag } }],
    }),
  );

async function subjects(store: PgWorkspaceStore): Promise<Set<string>> {
  const versions = await store.currentVersions();
  return new Set(
    versions.map((v) =>
      JSON.stringify((v.ir as unknown as { steps: Array<{ with: unknown }> }).steps[0].with),
    ),
  );
}

async function waitFor(output: () => string, text: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in ${timeoutMs} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('PostgreSQL: apply killed with SIGKILL mid-transaction', () => {
  it('leaves the previous state; the dead holder lock is reported until unlocked; the next apply goes through', async () => {
    const url = await freshPostgresUrl('crash');
    const store = await PgWorkspaceStore.open(url);
    try {
      await sync(store, tagged(20, 'old'));
      const child = await spawnReady(script, { WS_URL: url, TAG: 'new', COUNT: '20' });
      await waitFor(child.output, 'paused');
      await killHard(child);
      expect(await store.info()).toMatchObject({ serial: 1, resourceCount: 20 });
      expect(await subjects(store)).toEqual(new Set(['{"subject":"old"}']));
      const [dead] = await store.locks();
      expect(dead).toMatchObject({ holder: 'child-new', operation: 'apply', pid: child.process.pid });
      const request = { holder: 'me', operation: 'apply', host: 'h', pid: 1, ttlMs: 60_000, waitMs: 0 };
      const error = await store.acquireLock(request).catch((e) => e);
      expect(error).toBeInstanceOf(LockHeldError);
      expect(await store.forceUnlock(dead.id)).toEqual(dead);
      const started = Date.now();
      expect((await sync(store, tagged(20, 'next'))).serial).toBe(2);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await subjects(store)).toEqual(new Set(['{"subject":"next"}']));
    } finally {
      await store.close();
    }
  }, 60_000);
});
