#!/usr/bin/env node
/**
 * Benchmark of `aexy plan`: a workspace holding N applied automations (generated, about 15 steps
 * each, mixed shapes: bench/lib/generate-project.mjs), planned against the same files with no
 * changes and with 10 changed. Measured at N = 100, 1,000 and 5,000:
 *   - plan core: reading the workspace state (SQLite + JSON) and the pure diff, in-process;
 *   - at 1,000 (and --cli-sizes): the whole `aexy plan` process (load YAML, validate, compile, diff).
 * Targets: linear growth, under 2 s at 1,000.
 *
 * Above 1,000 the compiled IR of 1,000 generated files is replicated under new names (the generator
 * cycles the same shapes), so the benchmark does not spend minutes compiling what plan does not measure.
 *
 * Options: --sizes 100,1000,5000  --runs N (default 5)  --cli-sizes 1000  --no-build (use dist/ as is).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchApplyLock } from './lib/apply-lock.mjs';
import { generateProject } from './lib/generate-project.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const sizes = opt('--sizes', '100,1000,5000').split(',').map(Number);
const cliSizes = opt('--cli-sizes', '1000').split(',').map(Number);
const runs = Number(opt('--runs', '5'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

if (!argv.includes('--no-build')) {
  const result = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: repo,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) console.log('warning: npm run build reported errors; measuring the emitted dist/');
}
const load = (path) => import(pathToFileURL(join(repo, 'dist', path)).href);
const { loadProject } = await load('project/load-project.js');
const { checkProject } = await load('project/check-project.js');
const { diff } = await load('plan/diff.js');
const { SqliteWorkspaceStore } = await load('workspace/sqlite/store.js');

/** Compiled IR of a generated project of `count` automations. */
async function compileProject(dir) {
  const loaded = await loadProject(dir, dir);
  const checked = checkProject(loaded.value.documents);
  const errors = [...loaded.diagnostics, ...checked.diagnostics].filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`generated project has errors: ${errors[0].summary}`);
  return checked.value;
}

/** The compiled automations copied under new names until there are `size` of them. */
function replicate(resources, size) {
  const automations = resources.filter((r) => r.kind === 'Automation');
  const out = [...resources];
  for (let i = automations.length; i < size; i++) {
    const r = automations[i % automations.length];
    out.push({ ...r, metadata: { ...r.metadata, name: `${r.metadata.name}-copy-${i}` } });
  }
  return out;
}

/** Applies everything once, the way `aexy apply` does. */
async function applyAll(store, resources) {
  const plan = diff(resources, await store.state(), {});
  const lock = await store.acquireLock(benchApplyLock());
  await store.apply({ plan, appliedBy: 'bench', lockId: lock.id });
  await store.releaseLock(lock.id);
}

/**
 * Median wall and CPU time of state() + diff() and the plan it gives. CPU time is reported too
 * because on a shared machine the wall time mostly measures the other processes.
 */
async function timePlan(store, desired) {
  const times = [];
  const cpu = [];
  let plan;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    plan = diff(desired, await store.state(), {});
    const used = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  return { time: median(times), cpu: median(cpu), plan };
}

/** Ten resources with one changed value each. */
function changeTen(resources) {
  return resources.map((r, i) =>
    i % Math.floor(resources.length / 10) === 0 && r.kind === 'Automation'
      ? { ...r, enabled: !r.enabled }
      : r,
  );
}

/** Wall time of the `aexy plan` process, median of `runs`, checking its exit code. */
function timeCli(dir, workspace, expectedExit) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      [join(repo, 'bin/aexy'), 'plan', '--detailed-exitcode', '--workspace', workspace],
      { cwd: dir, encoding: 'utf8' },
    );
    times.push(performance.now() - started);
    if (result.status !== expectedExit)
      throw new Error(`aexy plan exited ${result.status}, expected ${expectedExit}: ${result.stderr}`);
  }
  return median(times);
}

/** Makes 10 automation files disabled (a one-field change each). */
function editTenFiles(dir) {
  const folders = readdirSync(join(dir, 'automations')).slice(0, 10);
  for (const folder of folders) {
    const file = join(dir, 'automations', folder, readdirSync(join(dir, 'automations', folder))[0]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('\nspec:\n', '\nspec:\n  enabled: false\n'));
  }
}

console.log(
  `load average ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${(await import('node:os')).cpus().length} cores`,
);
const rows = [];
for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'aexy-bench-plan-'));
  try {
    generateProject(dir, Math.min(size, 1000));
    const compileStarted = performance.now();
    const resources = replicate(await compileProject(dir), size);
    const compileTime = performance.now() - compileStarted;
    const workspace = join(dir, '.aexy', 'workspace.db');
    const store = SqliteWorkspaceStore.open(workspace);
    const applyStarted = performance.now();
    await applyAll(store, resources);
    const applyTime = performance.now() - applyStarted;
    const same = await timePlan(store, resources);
    const changed = await timePlan(store, changeTen(resources));
    if (same.plan.summary.change !== 0 || changed.plan.summary.change !== 10)
      throw new Error(
        `unexpected plan summaries: ${JSON.stringify([same.plan.summary, changed.plan.summary])}`,
      );
    await store.close();
    const row = {
      size,
      resources: resources.length,
      compile: compileTime,
      apply: applyTime,
      noChanges: same.time,
      tenChanged: changed.time,
      cpuNoChanges: same.cpu,
      cpuTenChanged: changed.cpu,
    };
    if (cliSizes.includes(size)) {
      row.cliNoChanges = timeCli(dir, workspace, 0);
      editTenFiles(dir);
      row.cliTenChanged = timeCli(dir, workspace, 2);
    }
    rows.push(row);
    console.log(
      `N=${size} (${resources.length} resources): plan core no changes ${ms(row.noChanges)} (cpu ${ms(row.cpuNoChanges)}), 10 changed ${ms(row.tenChanged)} (cpu ${ms(row.cpuTenChanged)})` +
        ` | initial apply ${ms(applyTime)}, compile ${ms(compileTime)} (${Math.min(size, 1000)} files)` +
        (row.cliNoChanges
          ? ` | aexy plan process: no changes ${ms(row.cliNoChanges)}, 10 changed ${ms(row.cliTenChanged)}`
          : ''),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
for (let i = 1; i < rows.length; i++) {
  const a = rows[i - 1];
  const b = rows[i];
  const perA = a.cpuNoChanges / a.resources;
  const perB = b.cpuNoChanges / b.resources;
  console.log(
    `growth ${a.size} -> ${b.size}: x${(b.cpuNoChanges / a.cpuNoChanges).toFixed(1)} cpu time for x${(b.resources / a.resources).toFixed(1)} resources (${(perA * 1000).toFixed(0)} -> ${(perB * 1000).toFixed(0)} µs per resource)`,
  );
}
const at1000 = rows.find((r) => r.size === 1000);
if (at1000) {
  const worst = Math.max(
    at1000.noChanges,
    at1000.tenChanged,
    at1000.cliNoChanges ?? 0,
    at1000.cliTenChanged ?? 0,
  );
  console.log(`target at 1,000: under 2 s -> ${worst < 2000 ? 'met' : 'MISSED'} (worst ${ms(worst)})`);
}
