/**
 * One of several processes sharing a PostgreSQL workspace's runtime stores (bundled and spawned by
 * pg-runtime-race.test.ts). Env: WS_URL, NAME, GO_DIR, OPS, RUN_LIMIT, POLICY_LIMIT. It prints
 * `ready`, then for each phase waits for `<GO_DIR>/<phase>` to exist, runs the phase as fast as it
 * can and prints `DONE <phase> <json>`:
 * - claims: claims events (5 at a time) and finishes them until none is left;
 * - runs: OPS run-limit reservations of one automation (distinct events);
 * - policy: OPS all-or-nothing reservations of a rate limit and a token budget;
 * - records: OPS/2 updates of one shared record, then 10 creates racing on shared idempotency keys;
 * - steps: OPS/2 first writes of distinct steps of one shared run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openPostgresBackend } from '../../../src/workspace/postgres/backend.js';

const env = process.env;
const NAME = env.NAME ?? 'child';
const OPS = Number(env.OPS ?? 50);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const backend = await openPostgresBackend(env.WS_URL ?? '', { max: 2 });
const { events, counters, records, runs } = backend.runtime;

const phases: Record<string, () => Promise<unknown>> = {
  async claims() {
    const ids: string[] = [];
    for (;;) {
      const claimed = await events.claim(NAME, 5);
      if (claimed.length === 0) return { ids };
      for (const e of claimed) {
        if (e.routedBy !== NAME) throw new Error(`claimed ${e.event.id} for ${e.routedBy}`);
        await events.finish(e.event.id);
        ids.push(e.event.id);
      }
    }
  },
  async runs() {
    const used: number[] = [];
    for (let i = 0; i < OPS; i++) {
      const r = await counters.reserveRun({
        automation: 'limited',
        eventId: `${NAME}-${i}`,
        runId: `run-${NAME}-${i}`,
        period: '2026-11',
        limit: Number(env.RUN_LIMIT),
      });
      if (r.outcome === 'reserved') used.push(r.used);
    }
    return { used };
  },
  async policy() {
    let accepted = 0;
    const limit = Number(env.POLICY_LIMIT);
    for (let i = 0; i < OPS; i++) {
      const refused = await backend.policyCounters.reserveAll([
        { key: 'budget', amount: 2, limit: 1_000_000 },
        { key: 'rate', amount: 1, limit },
      ]);
      if (refused.length === 0) accepted++;
    }
    return { accepted };
  },
  async records() {
    for (let i = 0; i < OPS / 2; i++) await records.update('deals', 'shared', { [`${NAME}_${i}`]: i });
    const firsts: string[] = [];
    for (let k = 0; k < 10; k++) {
      const ctx = { id: `idem_${k}`, idempotencyKey: `record:idem-${k}` };
      const result = await records.create('tasks', { by: NAME }, ctx);
      if (!result.replayed) firsts.push(result.record.id);
    }
    return { firsts };
  },
  async steps() {
    for (let i = 0; i < OPS / 2; i++)
      await runs.writeStep('shared-run', `${NAME}-${i}`, { stepId: 's', kind: 'action', status: 'RUNNING' });
    return {};
  },
};

process.stdout.write('ready\n');
for (const [phase, run] of Object.entries(phases)) {
  while (!existsSync(join(env.GO_DIR ?? '', phase))) await sleep(2);
  const started = Date.now();
  const result = await run();
  process.stdout.write(
    `DONE ${phase} ${JSON.stringify({ ...(result as object), started, ended: Date.now() })}\n`,
  );
}
await backend.close();
