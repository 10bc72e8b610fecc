#!/usr/bin/env node
/**
 * `aexy runs tail` under load (issue 7): a separate process writes runs into a real SQLite run log
 * at 1,000 runs/minute and then 4,000 runs/minute (7 SQL writes per run); the tail source polls every
 * 250 ms as `runs tail` does. Reported: how late a run's completion is seen (target: within a second),
 * the cost of a poll against a baseline measured in the same run (one raw SELECT of the same newest
 * runs, the least any reader must do), and the heap before/after (target: bounded, not growing with
 * the number of runs written). Run: npm run bench -- tail [--seconds 20]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1] || 20) || 20;
spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

const { openSqliteBackend } = await import('../dist/workspace/sqlite/backend.js');
const { RunTailSource } = await import('../dist/ui/runs/tail-source.js');

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const mib = (bytes) => (bytes / 1024 / 1024).toFixed(1);

async function measure(perMinute) {
  const dir = mkdtempSync(join(tmpdir(), 'aexy-bench-tail-'));
  const dbPath = join(dir, 'workspace.db');
  const store = openSqliteBackend(dbPath);
  const { runs } = store.runtime;
  const source = new RunTailSource(runs, { maxRuns: 200 });
  const writer = spawn(
    process.execPath,
    [join(root, 'bench/lib/tail-writer.mjs'), dbPath, String(perMinute), String(seconds)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let writerOut = '';
  writer.stdout.on('data', (c) => (writerOut += c));
  const done = new Promise((resolve) => writer.on('exit', resolve));
  const lags = [];
  const pollMs = [];
  const baselineMs = [];
  const raw = store.db.prepare('SELECT * FROM runtime_runs ORDER BY created_at DESC, rowid DESC LIMIT 200');
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  let finished = false;
  done.then(() => (finished = true));
  let seen = 0;
  while (!finished) {
    const t0 = performance.now();
    const changes = await source.poll();
    pollMs.push(performance.now() - t0);
    const t1 = performance.now();
    raw.all();
    baselineMs.push(performance.now() - t1);
    const now = Date.now();
    for (const change of changes) {
      if (change.kind === 'run' && change.status === 'COMPLETED') {
        lags.push(now - Date.parse(change.at));
        seen++;
      }
    }
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await source.poll();
  const written = JSON.parse(writerOut || '{"written":0}').written;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { perMinute, written, seen, lags, pollMs, baselineMs, heapBefore, heapPeak };
}

console.log(`runs tail under load: ${seconds}s per rate, poll every 250 ms, 200 runs kept`);
for (const perMinute of [1000, 4000]) {
  const r = await measure(perMinute);
  const poll = percentile(r.pollMs, 50);
  const base = percentile(r.baselineMs, 50);
  console.log(
    `\n${perMinute} runs/minute: ${r.written} runs written, ${r.seen} completions seen while running`,
  );
  console.log(
    `  completion seen after   p50 ${percentile(r.lags, 50)} ms  p95 ${percentile(r.lags, 95)} ms  max ${Math.max(0, ...r.lags)} ms  (target < 1000 ms)`,
  );
  console.log(
    `  poll cost               p50 ${poll.toFixed(2)} ms  p95 ${percentile(r.pollMs, 95).toFixed(2)} ms`,
  );
  console.log(
    `  baseline (raw SELECT)   p50 ${base.toFixed(2)} ms  ratio ${(poll / Math.max(base, 0.001)).toFixed(1)}x`,
  );
  console.log(`  heap                    before ${mib(r.heapBefore)} MiB  peak ${mib(r.heapPeak)} MiB`);
}
