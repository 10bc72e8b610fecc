#!/usr/bin/env node
/**
 * Benchmark of `aexy validate` on a generated repository of 1,000 automation files (about 15 steps
 * each, mixed shapes), against a baseline measured in the same run: the same files through the yaml
 * parser and the compiled ajv validators only (bench/lib/validate-baseline.mjs). Both run as separate
 * `node` processes, several times, alternating; medians and their ratio are printed.
 * Targets: validate under 1.5 s wall, at most 2x the baseline.
 *
 * Options: --files N (default 1000), --runs N (default 5), --no-build (use the existing dist/).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './lib/generate-project.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const options = parseOptions(process.argv.slice(2));

function parseOptions(argv) {
  const value = (name, fallback) => {
    const i = argv.indexOf(name);
    return i === -1 ? fallback : Number(argv[i + 1]);
  };
  return { files: value('--files', 1000), runs: value('--runs', 5), build: !argv.includes('--no-build') };
}

function build() {
  const started = performance.now();
  const result = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: repo,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // tsc still emits when it reports type errors; measure what was emitted, but say so.
  if (result.status !== 0) console.log('warning: npm run build reported errors; measuring the emitted dist/');
  console.log(`built dist/ in ${ms(performance.now() - started)}`);
}

/** CPU time (user + system, ms) of this process's waited-for children, from /proc; 0 elsewhere. */
function childrenCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // cutime and cstime are fields 16 and 17 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

/** Wall and CPU time of one process run; fails loudly when the command does not do what is measured. */
function timed(args, cwd, check) {
  const cpuBefore = childrenCpu();
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const wall = performance.now() - started;
  check(result);
  return { wall, cpu: childrenCpu() - cpuBefore, stdout: result.stdout };
}

function checkValidate(result) {
  if (result.status !== 0)
    throw new Error(`aexy validate exited ${result.status}:\n${result.stdout}${result.stderr}`);
}

function checkBaseline(result) {
  if (result.status !== 0) throw new Error(`baseline failed:\n${result.stderr}`);
  const { invalid } = JSON.parse(result.stdout);
  if (invalid > 0)
    throw new Error(`baseline found ${invalid} invalid documents: the generator is out of date`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${Math.round(x)} ms`;

function main() {
  if (options.build) build();
  const dir = mkdtempSync(join(tmpdir(), 'aexy-bench-validate-'));
  try {
    const files = generateProject(dir, options.files);
    console.log(`generated ${files} files (${options.files} automations) in ${dir}`);
    const validateArgs = [join(repo, 'bin/aexy'), 'validate', '--quiet'];
    const baselineArgs = [join(repo, 'bench/lib/validate-baseline.mjs'), dir];
    // One warm-up of each so the page cache and V8's code cache are not measured once only.
    timed(validateArgs, dir, checkValidate);
    timed(baselineArgs, dir, checkBaseline);
    const validate = [];
    const baseline = [];
    for (let i = 0; i < options.runs; i++) {
      validate.push(timed(validateArgs, dir, checkValidate));
      baseline.push(timed(baselineArgs, dir, checkBaseline));
    }
    report(validate, baseline);
    const phases = timed([join(repo, 'bench/lib/validate-phases.mjs'), dir], dir, () => {});
    console.log(`validate phases (ms, one in-process run): ${phases.stdout.trim()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(validate, baseline) {
  const line = (name, runs) =>
    `${name.padEnd(14)} median wall ${ms(median(runs.map((r) => r.wall)))}, cpu ${ms(median(runs.map((r) => r.cpu)))}` +
    `  (wall runs: ${runs.map((r) => ms(r.wall)).join(', ')})`;
  const v = median(validate.map((r) => r.wall));
  const b = median(baseline.map((r) => r.wall));
  const cpuRatio = median(validate.map((r) => r.cpu)) / Math.max(1, median(baseline.map((r) => r.cpu)));
  console.log(line('aexy validate', validate));
  console.log(line('baseline', baseline));
  console.log(`ratio          wall ${(v / b).toFixed(2)}x, cpu ${cpuRatio.toFixed(2)}x`);
  console.log(
    `load average   ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores (numbers are only comparable on a quiet machine)`,
  );
  console.log(
    `targets        wall < 1500 ms: ${v < 1500 ? 'met' : 'MISSED'}; ratio <= 2x: ${v / b <= 2 ? 'met' : 'MISSED'}`,
  );
}

main();
