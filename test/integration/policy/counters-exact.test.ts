import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compilePolicies,
  counterRequests,
  counterView,
  decide,
  MODEL_TOOL,
} from '../../../src/policy/index.js';
import { openDatabase } from '../../../src/workspace/sqlite/open.js';
import { SqlitePolicyCounterStore } from '../../../src/workspace/sqlite/policy-counter-store.js';
import { policy } from '../../unit/policy/policy-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'aexy-policy-counters-'));
const dbPath = join(dir, 'workspace.db');
let workerFile = '';

beforeAll(async () => {
  openDatabase(dbPath).close(); // create and migrate once, as `aexy` would
  const { build } = await import('rolldown');
  const entry = fileURLToPath(new URL('./reserve-worker.ts', import.meta.url));
  const out = await build({ input: entry, platform: 'node', write: false, output: { format: 'esm' } });
  mkdirSync(join(dir, 'bundle'));
  workerFile = join(dir, 'bundle', 'reserve-worker.mjs');
  writeFileSync(workerFile, out.output[0].code);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runWorkers(workers: number, attempts: number, key: string, limit: number): Promise<boolean[]> {
  const barrier = new SharedArrayBuffer(4);
  const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');
  const runs = Array.from({ length: workers }, () => {
    const worker = new Worker(workerFile, {
      workerData: { dbPath, sqliteModule, barrier, workers, attempts, key, limit },
    });
    return new Promise<boolean[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  });
  return Promise.all(runs).then((all) => all.flat());
}

describe('policy counters on SQLite, under concurrency', () => {
  it('100 concurrent reservations from 4 threads against a limit of 10: exactly 10 succeed', async () => {
    const results = await runWorkers(4, 25, 'email-cap@2026-11-27T00:00:00.000Z', 10);
    expect(results).toHaveLength(100);
    expect(results.filter(Boolean)).toHaveLength(10);
    const db = openDatabase(dbPath);
    expect(await new SqlitePolicyCounterStore(db).read('email-cap@2026-11-27T00:00:00.000Z')).toBe(10);
    db.close();
  }, 60_000);

  it('reserveAll is all or nothing', async () => {
    const db = openDatabase(dbPath);
    const store = new SqlitePolicyCounterStore(db);
    expect(
      await store.reserveAll([
        { key: 'a', amount: 1, limit: 5 },
        { key: 'b', amount: 1, limit: 1 },
      ]),
    ).toEqual([]);
    expect(
      await store.reserveAll([
        { key: 'a', amount: 1, limit: 5 },
        { key: 'b', amount: 1, limit: 1 },
      ]),
    ).toEqual(['b']);
    expect(await store.readMany(['a', 'b'])).toEqual(
      new Map([
        ['a', 1],
        ['b', 1],
      ]),
    );
    db.close();
  });

  it('a model call reserves its estimate, settles real usage, and an exhausted budget blocks the next call', async () => {
    const db = openDatabase(dbPath);
    const store = new SqlitePolicyCounterStore(db);
    const index = compilePolicies([
      policy({ name: 'tokens', type: 'token_budget', limit: 1000, perMs: 86_400_000 }),
    ]);
    const call = (estimatedTokens: number) => ({ agent: 'a', tool: MODEL_TOOL, args: {}, estimatedTokens });
    const now = '2026-11-27T10:00:00Z';

    const first = decide(index, call(600), counterView(), { now });
    const [reservation] = first.reservations;
    expect(await store.reserveAll(counterRequests(first.reservations))).toEqual([]);
    await store.settle(reservation.key, 600, 950); // the response used more than estimated
    expect(await store.read(reservation.key)).toBe(950);

    const counts = await store.readMany([reservation.key]);
    expect(decide(index, call(100), counterView(counts), { now }).outcome).toBe('BLOCK');
    expect(await store.reserve(reservation.key, 100, 1000)).toBe(false);
    // A call that did not run returns its units.
    await store.settle(reservation.key, 950, 0);
    expect(await store.read(reservation.key)).toBe(0);
    db.close();
  });
});
