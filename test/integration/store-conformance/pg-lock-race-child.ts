/**
 * A separate process racing for one PostgreSQL workspace (bundled and spawned by
 * pg-lock-race.test.ts). Env: WS_URL, HOLDER, GO_FILE, HOLD_MS. It plans 30 automations tagged with
 * its HOLDER against the current state, prints `ready`, waits for GO_FILE to exist, then takes the
 * lock (no waiting), applies, keeps the lock HOLD_MS, releases it and prints `RESULT <json>`.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { diff } from '../../../src/plan/diff.js';
import { PgWorkspaceStore } from '../../../src/workspace/postgres/store.js';
import { automation } from '../../fixtures/ir/resources.js';

const { WS_URL = '', HOLDER = 'child', GO_FILE = '', HOLD_MS = '1000' } = process.env;
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
let result: unknown;
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
    result = { applied: await store.apply({ plan, appliedBy: HOLDER, lockId: lock.id }) };
    await sleep(Number(HOLD_MS));
  } finally {
    await store.releaseLock(lock.id);
  }
} catch (error) {
  const e = error as Error & { lock?: unknown };
  result = { error: e.name, message: e.message, lock: e.lock };
}
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
await store.close();
