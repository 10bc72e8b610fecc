// Writer process of bench/tail.mjs: writes runs (each with 3 steps going RUNNING -> SUCCESS) into the
// run log at a fixed rate, the way the router and the activities do, and records when each run
// reached COMPLETED so the reader can compute how late it saw it.

import { openDatabase } from '../../dist/workspace/sqlite/open.js';
import { SqliteRunStore } from '../../dist/workspace/sqlite/run-store.js';

const [dbPath, perMinute, seconds] = process.argv.slice(2);
const db = openDatabase(dbPath);
const runs = new SqliteRunStore(db);
const intervalMs = 60_000 / Number(perMinute);
const end = Date.now() + Number(seconds) * 1000;
let n = 0;

async function oneRun() {
  const id = `run_${String(n++).padStart(6, '0')}`;
  const at = () => new Date().toISOString();
  const event = {
    id: `evt_${id}`,
    type: 'record.created',
    payload: {},
    occurredAt: at(),
    causation: [],
    source: 'cli',
  };
  await runs.createRun({
    id,
    automation: `auto-${n % 7}`,
    versionId: 1,
    version: 1,
    status: 'RUNNING',
    event,
    at: at(),
  });
  for (const step of ['fetch', 'decide', 'notify']) {
    await runs.writeStep(id, step, { stepId: step, kind: 'action', status: 'RUNNING', at: at() });
    await runs.writeStep(id, step, {
      stepId: step,
      kind: 'action',
      status: 'SUCCESS',
      at: at(),
      output: { ok: true },
    });
  }
  const completedAt = at();
  await runs.updateRun(id, { status: 'COMPLETED', at: completedAt });
}

const started = Date.now();
while (Date.now() < end) {
  await oneRun();
  const next = started + n * intervalMs;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
}
db.close();
process.stdout.write(`${JSON.stringify({ written: n })}\n`);
