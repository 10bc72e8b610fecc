#!/usr/bin/env node
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, rendered by the interpreter
/**
 * Runtime throughput and latency, end to end on the embedded defaults: record writes append events
 * to the workspace outbox (SQLite backend), the router loop routes them, one worker runs a 3-step automation
 * (create a task, update the deal, create a note) through the interpreter and the real activities.
 *
 *   (1) runs per second with one worker: N deals created at once, until every run is COMPLETED;
 *   (2) event-to-first-action latency: M deals created one at a time; for each, the time from the
 *       event entering the outbox to the first step starting (run log), p50 / p95.
 *
 * Options: --runs N (default 100), --latency M (default 30), --interval MS (router poll, default 50, as the runtime),
 * --no-build (use the existing dist/).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const RUNS = opt('--runs', 100);
const LATENCY = opt('--latency', 30);
const INTERVAL = opt('--interval', 50);
if (!argv.includes('--no-build')) {
  const result = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) console.log('warning: npm run build reported errors; measuring the emitted dist/');
}

const dist = (path) => import(`${repo}dist/${path}`);
const { startDevServer } = await dist('runtime/temporal/dev-server.js');
const { openSqliteBackend } = await dist('workspace/sqlite/backend.js');
const { Router } = await dist('runtime/router/router.js');
const { RouterLoop } = await dist('runtime/router/router-loop.js');
const { createAexyWorker } = await dist('runtime/worker/create-worker.js');
const { connectClient } = await dist('runtime/connect.js');

const automation = {
  kind: 'Automation',
  metadata: { name: 'bench-3-steps', labels: {}, protected: false },
  module: 'crm',
  enabled: true,
  trigger: { type: 'record.created', config: { object: 'deals' } },
  agents: [],
  limits: { concurrency: { mode: 'parallel' } },
  onError: 'stop',
  retry: { maxAttempts: 3, initialIntervalMs: 1000, backoff: 2, maxIntervalMs: 30000, on: ['server_error'] },
  steps: [
    {
      id: 'task',
      kind: 'action',
      action: 'create_record',
      with: { object: 'tasks', values: { deal: '${{ record.id }}' } },
    },
    { id: 'mark', kind: 'action', action: 'update_record', with: { values: { triaged: true } } },
    {
      id: 'note',
      kind: 'action',
      action: 'create_record',
      with: { object: 'notes', values: { task: '${{ steps.task.output.id }}' } },
    },
  ],
  source: { file: 'bench.yaml', text: '' },
};

const dir = mkdtempSync(join(tmpdir(), 'aexy-bench-runtime-'));
const server = await startDevServer({ onProgress: () => {} });
const backend = openSqliteBackend(join(dir, 'workspace.db'));
const stores = backend.runtime;
const temporal = {
  address: server.address,
  namespace: server.namespace,
  taskQueue: 'bench-runtime',
  source: 'env',
};
const { worker } = await createAexyWorker({ temporal, backend });
const running = worker.run();
running.catch((error) => {
  console.error(`the worker stopped: ${error.message}`);
  process.exit(1);
});
const { client, close } = await connectClient(temporal);
const routable = [{ name: automation.metadata.name, versionId: 1, version: 1, ir: automation }];
const router = new Router({
  client,
  stores,
  automations: async () => routable,
  taskQueue: temporal.taskQueue,
  workspace: 'bench',
});
const loop = new RouterLoop({
  router,
  events: stores.events,
  automations: async () => routable,
  name: 'bench',
  intervalMs: INTERVAL,
  onError: (error, eventId) => console.error(`routing ${eventId} failed: ${error.message}`),
});
loop.start();

const countCompleted = () =>
  stores.runs.countRuns({ automation: automation.metadata.name, status: 'COMPLETED' });
async function until(predicate, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  let report = Date.now() + 15_000;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out; ${await stateLine()}`);
    if (Date.now() > report) {
      console.error(`  still waiting: ${await stateLine()}`);
      report = Date.now() + 15_000;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs by status and unrouted events, for progress lines. */
async function stateLine() {
  const runs = await stores.runs.listRuns({ limit: 100_000 });
  const byStatus = {};
  for (const r of runs) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  const unrouted = (await stores.events.list({ unroutedOnly: true, limit: 100_000 })).length;
  return `runs ${JSON.stringify(byStatus)}, unrouted events ${unrouted}`;
}

try {
  // Warm-up: one run, so workflow cache, connections and SQLite statements are ready.
  console.error('warm-up run...');
  await stores.records.create('deals', { name: 'warm-up' });
  await until(async () => (await countCompleted()) === 1);

  console.error(`throughput: ${RUNS} runs...`);
  const started = Date.now();
  for (let i = 0; i < RUNS; i++) await stores.records.create('deals', { name: `deal ${i}` });
  await until(async () => (await countCompleted()) === RUNS + 1);
  const seconds = (Date.now() - started) / 1000;

  console.error(`latency: ${LATENCY} runs one at a time...`);
  const latencies = [];
  for (let i = 0; i < LATENCY; i++) {
    const { events } = await stores.records.create('deals', { name: `latency ${i}` });
    const eventAt = Date.parse(events[0].occurredAt);
    const before = RUNS + 1 + i;
    await until(async () => (await countCompleted()) === before + 1);
    const [run] = await stores.runs.listRuns({ eventIds: [events[0].id] });
    const steps = await stores.runs.steps(run.id);
    latencies.push(Date.parse(steps[0].startedAt) - eventAt);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  console.log(
    `3-step automation, one worker, router poll ${INTERVAL} ms, dev server in memory, workspace SQLite file`,
  );
  console.log(`throughput: ${RUNS} runs in ${seconds.toFixed(1)} s = ${(RUNS / seconds).toFixed(1)} runs/s`);
  console.log(`event -> first action: p50 ${pct(50)} ms, p95 ${pct(95)} ms (n=${LATENCY})`);
} finally {
  await loop.stop();
  worker.shutdown();
  await running;
  await close();
  await backend.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
