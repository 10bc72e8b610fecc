#!/usr/bin/env node
/**
 * GET /state of `aexy serve` with N automations applied (default 1,000), with and without
 * `Accept-Encoding: gzip`: bytes on the wire (a raw node:http read) and the time to fetch and parse
 * the answer as the remote client does (fetch + JSON.parse; fetch decodes gzip). Loopback, so the
 * time shows the server's cost of compressing; on a real network the 30-40x fewer bytes dominate.
 * Bounded: one workspace, RUNS requests per variant, interleaved (machine load hits both alike).
 *
 * Options: --count N (default 1000)  --runs N (default 7)
 * Run: node bench/serve-gzip.mjs
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { generateProject } from './lib/generate-project.mjs';

const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const COUNT = Number(opt('--count', '1000'));
const RUNS = Number(opt('--runs', '7'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (n) => `${(n / 1024 / 1024).toFixed(2)} MiB`;

/** Bundles the TypeScript helper (packages left external) into the repository's cache and imports it. */
async function loadHelper() {
  const cache = fileURLToPath(new URL('../node_modules/.cache/', import.meta.url));
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, 'aexy-bench-gzip-'));
  await build({
    input: fileURLToPath(new URL('./lib/gzip-state-server.ts', import.meta.url)),
    platform: 'node',
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
    output: { dir: out, format: 'esm', entryFileNames: 'helper.mjs' },
    logLevel: 'silent',
  });
  return { helper: await import(join(out, 'helper.mjs')), out };
}

/** Bytes on the wire and headers of one GET (node:http does not decode). */
function rawGet(url, headers) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers });
    req.on('response', (res) => {
      let bytes = 0;
      res.on('data', (c) => {
        bytes += c.length;
      });
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] ?? 'identity' }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Milliseconds to fetch and parse the answer, as the remote client does. */
async function timedGet(url, headers) {
  const started = performance.now();
  const res = await fetch(url, { headers });
  JSON.parse(await res.text());
  return performance.now() - started;
}

const dir = mkdtempSync(join(tmpdir(), 'aexy-bench-gzip-'));
const { helper, out } = await loadHelper();
try {
  mkdirSync(join(dir, 'project'));
  generateProject(join(dir, 'project'), COUNT);
  const setupStarted = performance.now();
  const server = await helper.startStateServer(join(dir, 'project'), dir);
  console.error(
    `applied ${COUNT} automations through the API in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
  );
  const url = `${server.url}/state`;
  const auth = { authorization: `Bearer ${server.token}` };
  const variants = {
    plain: { ...auth, 'accept-encoding': 'identity' },
    gzip: { ...auth, 'accept-encoding': 'gzip' },
  };
  const results = {};
  for (const [name, headers] of Object.entries(variants)) {
    results[name] = { ...(await rawGet(url, headers)), ms: [] };
    await timedGet(url, headers); // warm-up
  }
  for (let run = 0; run < RUNS; run++)
    for (const [name, headers] of Object.entries(variants))
      results[name].ms.push(await timedGet(url, headers));
  await server.close();
  console.log(
    `GET /state with ${COUNT} automations, ${RUNS} runs each, median (machine: ${cpus().length} cores, load ${loadavg()[0].toFixed(2)})`,
  );
  for (const [name, r] of Object.entries(results))
    console.log(
      `  ${name.padEnd(6)} ${r.encoding.padEnd(9)} ${mib(r.bytes).padStart(10)}  ${median(r.ms).toFixed(0).padStart(5)} ms  (min ${Math.min(...r.ms).toFixed(0)}, max ${Math.max(...r.ms).toFixed(0)})`,
    );
  console.log(`  ratio  ${(results.plain.bytes / results.gzip.bytes).toFixed(1)}x fewer bytes`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}
