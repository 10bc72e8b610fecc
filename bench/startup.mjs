#!/usr/bin/env node
// Startup benchmark: `aexy --version` against bare `node -e ''`, measured in the same run.
// Target (issue 2): the median of aexy within 50 ms of bare node. Run: npm run bench -- startup
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/aexy', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 21);

function timeOnce(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// Interleave the two commands so machine noise hits both alike; one warm-up each.
timeOnce(['-e', '']);
timeOnce([bin, '--version']);
const bare = [];
const aexy = [];
const help = [];
for (let i = 0; i < runs; i++) {
  bare.push(timeOnce(['-e', '']));
  aexy.push(timeOnce([bin, '--version']));
  help.push(timeOnce([bin, '--help']));
}
const base = median(bare);
const rows = [
  ['node -e ""', base],
  ['aexy --version', median(aexy)],
  ['aexy --help', median(help)],
];
console.log(`startup (median of ${runs} runs, ms)`);
for (const [name, ms] of rows) {
  console.log(
    `  ${name.padEnd(16)} ${ms.toFixed(1).padStart(7)}  ratio ${(ms / base).toFixed(2)}x  +${(ms - base).toFixed(1)} ms`,
  );
}
const overhead = median(aexy) - base;
console.log(
  `target: aexy --version within 50 ms of bare node: ${overhead <= 50 ? 'met' : 'NOT met'} (+${overhead.toFixed(1)} ms)`,
);
