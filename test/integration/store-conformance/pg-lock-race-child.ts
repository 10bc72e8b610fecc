/**
 * A separate process racing for one PostgreSQL workspace (bundled and spawned by
 * pg-lock-race.test.ts). Env: WS_URL, HOLDER, GO_FILE, RELEASE_FILE. It plans 30 automations
 * tagged with its HOLDER against the current state, prints `ready`, waits for GO_FILE to exist, then
 * takes the lock (no waiting) and applies, printing `RESULT <json>` either way. A winner keeps the
 * lock until RELEASE_FILE exists (the test creates it once both reported), so the race is decided
 * by the lock alone, however slowly either process runs.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { diff } from '../../../src/plan/diff.js';
import { PgWorkspaceStore } from '../../../src/workspace/postgres/store.js';
import { automation } from '../../fixtures/ir/resources.js';

const { WS_URL = '', HOLDER = 'child', GO_FILE = '', RELEASE_FILE = '' } = process.env;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function desired() {
  return Array.from({ length: 30 }, (_, i) =>
    automation(`auto-${String(i).padStart(2, '0')}`, {
      steps: [{ kind: 'action', id: 'mail', action: 'send_email', with: { subject: HOLDER } }],
    }),
  );
}

const store = await PgWorkspaceStore.open(WS_URL, { max: 2 });
const plan = diff(desired(), await store.state(), {});
process.stdout.write('ready\n');
while (!existsSync(GO_FILE)) await sleep(2);
const report = (result: unknown) => process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
try {
  const lock = await store.acquireLock({
    holder: HOLDER,
    operation: 'apply',
    host: hostname(),
    pid: process.pid,
    ttlMs: 60_000,
    waitMs: 0,
  });
  try {
    report({ applied: await store.apply({ plan, appliedBy: HOLDER, lockId: lock.id }) });
    const deadline = Date.now() + 30_000;
    while (!existsSync(RELEASE_FILE) && Date.now() < deadline) await sleep(5);
  } finally {
    await store.releaseLock(lock.id);
  }
} catch (error) {
  const e = error as Error & { lock?: unknown };
  report({ error: e.name, message: e.message, lock: e.lock });
}
await store.close();
