/**
 * Worker-thread body of the counter exactness test: opens the shared workspace file with its own
 * connection, waits at a barrier so every worker starts together, then reserves one unit at a time.
 * Bundled by the test (worker threads do not get vitest's TypeScript transform).
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { SqlitePolicyCounterStore } from '../../../src/workspace/sqlite/policy-counter-store.js';

interface Input {
  dbPath: string;
  sqliteModule: string;
  barrier: SharedArrayBuffer;
  workers: number;
  attempts: number;
  key: string;
  limit: number;
}

const input = workerData as Input;
const Database = createRequire(import.meta.url)(input.sqliteModule);
const db = new Database(input.dbPath);
db.pragma('busy_timeout = 60000');
const store = new SqlitePolicyCounterStore(db);

// Barrier: count in, then wait until every worker has arrived.
const gate = new Int32Array(input.barrier);
Atomics.add(gate, 0, 1);
while (Atomics.load(gate, 0) < input.workers) Atomics.wait(gate, 0, Atomics.load(gate, 0), 50);

const results: boolean[] = [];
for (let i = 0; i < input.attempts; i++) results.push(await store.reserve(input.key, 1, input.limit));
db.close();
parentPort?.postMessage(results);
