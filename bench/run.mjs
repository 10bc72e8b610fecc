#!/usr/bin/env node
/**
 * Runs benchmarks: `npm run bench` runs every bench/*.mjs (this file excepted) in name order;
 * `npm run bench -- validate` runs only the named ones. Arguments starting with `-` are passed to
 * each benchmark (e.g. `npm run bench -- validate --runs 3`). Exits 1 when a benchmark fails to run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
// Benchmark names come first; everything from the first `-` argument on is passed to each benchmark.
const firstFlag = args.findIndex((a) => a.startsWith('-'));
const named = firstFlag === -1 ? args : args.slice(0, firstFlag);
const flags = firstFlag === -1 ? [] : args.slice(firstFlag);

const all = readdirSync(benchDir)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .sort();
const selected = named.length > 0 ? named.map((n) => `${basename(n, '.mjs')}.mjs`) : all;
const unknown = selected.filter((f) => !all.includes(f));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (have: ${all.join(', ')})`);
  process.exit(1);
}

let failed = 0;
for (const file of selected) {
  console.log(`\n== bench/${file}`);
  const result = spawnSync(process.execPath, [join(benchDir, file), ...flags], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`bench/${file} exited with ${result.status ?? result.signal}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
