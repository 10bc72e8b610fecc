#!/usr/bin/env node
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, rendered by the interpreter
/**
 * Scale-out (issue 9): events per second end to end, as bench/runtime.mjs but through real
 * `aexy worker` processes: a record written -> its event in the workspace outbox -> a router claims
 * it -> a Temporal workflow -> a 3-step automation (create a task, update the deal, create a note)
 * COMPLETED in the run log. Two setups, against one Temporal dev server started here:
 *   (a) baseline: one `aexy worker` (worker + router) on a SQLite workspace file;
 *   (b) two `aexy worker` processes (each with its router) sharing one PostgreSQL workspace
 *       (a throw-away cluster started here, bench/lib/postgres.mjs, or --postgres URL).
 * Each measurement uses a fresh project applied with `aexy apply --auto-approve --workspace ...`, a
 * fresh workspace and task queue, a warm-up, then N records written at once through the backend
 * (openBackend); it ends when N runs are COMPLETED. Checked every time: exactly one run per event,
 * none twice for one event, every run COMPLETED. Measurements are interleaved a/b/a/b so machine load
 * hits both alike; the ratio is b / a.
 *
 * On a 2-core machine the two workers (plus PostgreSQL, the dev server and this process) compete for
 * the same cores, so the ratio there measures the overhead and correctness of sharing a workspace
 * more than scale; on a machine with spare cores (or workers on separate machines) it measures scale.
 *
 * With --with-one-postgres a third setup (c), one worker on PostgreSQL, separates the cost of the
 * store from the cost of two workers.
 *
 * Options: --events N (default 200)  --runs R (default 2)  --postgres URL  --with-one-postgres  --no-build
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, startBenchPostgres } from './lib/postgres.mjs';
import { startWorker } from './lib/worker-process.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const EVENTS = Number(opt('--events', '200'));
const RUNS = Number(opt('--runs', '2'));
const POSTGRES = opt('--postgres', undefined);
/** The setups measured, in the order of odd runs (even runs go in reverse). */
const SETUPS = [
  { key: 'a', workers: 1, store: 'sqlite', title: '(a) one aexy worker, SQLite file' },
  { key: 'b', workers: 2, store: 'postgres', title: '(b) two aexy workers, shared PostgreSQL' },
  ...(argv.includes('--with-one-postgres')
    ? [{ key: 'c', workers: 1, store: 'postgres', title: '(c) one aexy worker, PostgreSQL' }]
    : []),
];
const WARMUP = 4;
const AUTOMATION = 'bench-3-steps';
/** The middle value (the mean of the two middle ones for an even count, e.g. the default 2 runs). */
function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

if (!argv.includes('--no-build')) {
  const built = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0) console.log('warning: npm run build reported errors; measuring the emitted dist/');
}
const dist = (path) => import(`${repo}dist/${path}`);
const { startDevServer } = await dist('runtime/temporal/dev-server.js');
const { openBackend } = await dist('workspace/open-backend.js');

const PROJECT = {
  'aexy.yaml': 'name: bench-scale-out\n',
  'automations/bench-3-steps.yaml': `apiVersion: aexy/v1
kind: Automation
metadata:
  name: ${AUTOMATION}
spec:
  module: crm
  trigger: { type: record.created, object: deals }
  workflow:
    steps:
      - id: task
        action: create_record
        with: { object: tasks, values: { deal: "\${{ record.id }}" } }
      - id: mark
        action: update_record
        with: { values: { triaged: true } }
      - id: note
        action: create_record
        with: { object: notes, values: { task: "\${{ steps.task.output.id }}" } }
`,
};

/** A fresh project dir with the automation applied to `location`. */
function applyProject(location) {
  const dir = mkdtempSync(join(tmpdir(), 'aexy-bench-scale-'));
  for (const [file, text] of Object.entries(PROJECT)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const applied = spawnSync(
    process.execPath,
    [join(repo, 'bin/aexy'), 'apply', '--auto-approve', '--workspace', location],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  if (applied.status !== 0) throw new Error(`aexy apply exited ${applied.status}:\n${applied.stderr}`);
  return dir;
}

/** Polls until `total` runs of the automation are COMPLETED; bounded, with progress lines. */
async function untilCompleted(runs, total, workers, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let report = Date.now() + 15_000;
  for (;;) {
    const done = await runs.countRuns({ automation: AUTOMATION, status: 'COMPLETED' });
    if (done >= total) return;
    if (Date.now() > deadline) {
      const tails = workers.map((w) => w.stderr().slice(-1500)).join('\n---\n');
      throw new Error(
        `timed out: ${done}/${total} runs COMPLETED after ${timeoutMs} ms; workers said:\n${tails}`,
      );
    }
    if (Date.now() > report) {
      console.error(`  still waiting: ${done}/${total} COMPLETED`);
      report = Date.now() + 15_000;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Exactly one run per event, none twice for one event, all COMPLETED; and which routers routed. */
async function check(backend, eventIds) {
  const runs = await backend.runtime.runs.listRuns({ automation: AUTOMATION, limit: 1_000_000 });
  const byEvent = new Map();
  for (const run of runs) byEvent.set(run.eventId, (byEvent.get(run.eventId) ?? 0) + 1);
  const problems = [];
  if (runs.length !== eventIds.length) problems.push(`${runs.length} runs for ${eventIds.length} events`);
  const twice = [...byEvent].filter(([, n]) => n > 1);
  if (twice.length > 0) problems.push(`${twice.length} events ran more than once (e.g. ${twice[0][0]})`);
  const missing = eventIds.filter((id) => !byEvent.has(id));
  if (missing.length > 0) problems.push(`${missing.length} events have no run (e.g. ${missing[0]})`);
  const notDone = runs.filter((r) => r.status !== 'COMPLETED');
  if (notDone.length > 0) problems.push(`${notDone.length} runs not COMPLETED (e.g. ${notDone[0].status})`);
  if (problems.length > 0) throw new Error(`check failed: ${problems.join('; ')}`);
  // The runs' own record writes are events too (routed, matching nothing): count the deals' only.
  const ours = new Set(eventIds);
  const routers = new Map();
  for (const stored of await backend.runtime.events.list({ limit: 1_000_000 }))
    if (ours.has(stored.event.id)) routers.set(stored.routedBy, (routers.get(stored.routedBy) ?? 0) + 1);
  return [...routers.values()].sort((a, b) => b - a);
}

/** Writes `count` deals one after another; returns their events' ids. */
async function writeDeals(records, count, label) {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const { events } = await records.create('deals', { name: `${label} ${i}` });
    ids.push(...events.map((e) => e.id));
  }
  return ids;
}

/** One measurement: apply, start `workerCount` workers, warm up, write EVENTS deals, wait, check. */
async function measure({ location, workerCount, temporal, run, key }) {
  const dir = applyProject(location);
  const taskQueue = `bench-scale-${key}-${run}-${process.pid}`;
  const env = {
    AEXY_WORKSPACE: location,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
  };
  const workers = await Promise.all(
    Array.from({ length: workerCount }, () => startWorker({ taskQueue, env })),
  );
  const backend = await openBackend(location);
  try {
    const { records, runs } = backend.runtime;
    const warm = await writeDeals(records, WARMUP, 'warm-up');
    await untilCompleted(runs, WARMUP, workers, 120_000);
    const started = performance.now();
    const ids = await writeDeals(records, EVENTS, 'deal');
    await untilCompleted(runs, WARMUP + EVENTS, workers, 60_000 + EVENTS * 1000);
    const seconds = (performance.now() - started) / 1000;
    const routed = await check(backend, [...warm, ...ids]);
    return { perSecond: EVENTS / seconds, seconds, routed };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const benchStarted = Date.now();
const load = loadavg().map((x) => x.toFixed(1));
console.log(`load average ${load.join(' ')} on ${cpus().length} cores`);
const server = await startDevServer({ onProgress: () => {} });
const temporal = { address: server.address, namespace: server.namespace };
const cluster = POSTGRES ? undefined : await startBenchPostgres((line) => console.error(line));
const sqliteDirs = [];
const results = Object.fromEntries(SETUPS.map((setup) => [setup.key, []]));
try {
  for (let run = 0; run < RUNS; run++) {
    for (const setup of run % 2 === 0 ? SETUPS : [...SETUPS].reverse()) {
      const location = await workspaceFor(setup, run);
      const result = await measure({ location, workerCount: setup.workers, temporal, run, key: setup.key });
      results[setup.key].push(result);
      console.error(
        `  run ${run + 1} ${setup.title}: ${result.perSecond.toFixed(1)} events/s ` +
          `(${EVENTS} in ${result.seconds.toFixed(1)} s; per router, warm-up included: ${result.routed.join(' / ')})`,
      );
    }
  }
} finally {
  await cluster?.stop();
  await server.stop();
  for (const dir of sqliteDirs) rmSync(dir, { recursive: true, force: true });
}
report();

/** A fresh workspace for one measurement: a SQLite file, a new database, or a new schema at --postgres. */
async function workspaceFor(setup, run) {
  if (setup.store === 'sqlite') {
    sqliteDirs.push(mkdtempSync(join(tmpdir(), 'aexy-bench-scale-ws-')));
    return join(sqliteDirs.at(-1), 'workspace.db');
  }
  const label = `bench_scale_${setup.key}_${run}`;
  return cluster ? createDatabase(cluster.url, label) : withSchema(POSTGRES, `${label}_${process.pid}`);
}

function withSchema(url, schema) {
  const out = new URL(url);
  out.searchParams.set('schema', schema);
  return out.toString();
}

function report() {
  const base = median(results.a.map((r) => r.perSecond));
  console.log(
    `\n3-step automation, ${EVENTS} record.created events, median of ${RUNS} (interleaved), dev server in memory:`,
  );
  for (const setup of SETUPS) {
    const rate = median(results[setup.key].map((r) => r.perSecond));
    const ratio = setup.key === 'a' ? 'baseline' : `x${(rate / base).toFixed(2)} of (a)`;
    console.log(`  ${setup.title.padEnd(42)} ${rate.toFixed(1).padStart(6)} events/s   ${ratio}`);
  }
  console.log('  checked every time: exactly one run per event, none twice, every run COMPLETED');
  if (cpus().length <= 2)
    console.log(
      `  note: ${cpus().length} cores: the two workers compete for the same cores as PostgreSQL and Temporal,\n` +
        '  so the ratio measures the overhead and correctness of sharing a workspace more than scale.',
    );
  console.log(`bench took ${((Date.now() - benchStarted) / 1000).toFixed(0)} s`);
}
