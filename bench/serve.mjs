#!/usr/bin/env node
/**
 * Plan and apply of N automations (default 1,000) through `aexy serve` versus the local SQLite file,
 * measured as whole CLI processes (what a CI job runs):
 *   - apply from scratch (every resource created), under the workspace lock;
 *   - plan with no changes (reads the whole workspace state);
 *   - apply of 10 changed files.
 * The baseline is the same command on the local file, in the same run, interleaved run by run so
 * machine load hits both alike. The server runs in its own process (`aexy serve`) on loopback with
 * the workspace in a SQLite file, then in a second series in PostgreSQL: a throw-away cluster the
 * bench starts (bench/lib/postgres.mjs), or the server at --postgres URL (a schema per run).
 * Also reported, per series: the size of GET /state with N automations applied (what every remote
 * plan downloads) as the server sends it on the wire, without and with Accept-Encoding: gzip
 * (bench/serve-gzip.mjs looks at the compression closer), and the median wall time of each on loopback.
 *
 * Options: --count N (default 1000)  --runs N (default 5)  --postgres URL  --no-postgres  --no-build
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './lib/generate-project.mjs';
import { createDatabase, startBenchPostgres } from './lib/postgres.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repo, 'bin/aexy');
const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const COUNT = Number(opt('--count', '1000'));
const RUNS = Number(opt('--runs', '5'));
const POSTGRES = opt('--postgres', undefined);
const WITH_POSTGRES = !argv.includes('--no-postgres');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => `${x.toFixed(0)} ms`;

if (!argv.includes('--no-build')) {
  const built = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0) console.log('warning: npm run build reported errors; measuring the emitted dist/');
}

/** Runs the CLI to completion; returns wall ms, failing on an unexpected exit code. */
function cli(args, { cwd, env = {}, expect = [0] }) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const elapsed = performance.now() - started;
  if (!expect.includes(result.status))
    throw new Error(`aexy ${args.join(' ')} exited ${result.status}:\n${result.stderr.slice(-2000)}`);
  return { elapsed, stdout: result.stdout };
}

/** The secret of a new admin token of the workspace at `location` (created directly on the store). */
function createToken(cwd, location) {
  const { stdout } = cli(['tokens', 'create', '--name', 'bench', '--scope', 'admin', '-o', 'json'], {
    cwd,
    env: { AEXY_WORKSPACE: location },
  });
  const secret = JSON.parse(stdout).secret;
  if (typeof secret !== 'string') throw new Error(`no secret in: ${stdout}`);
  return secret;
}

/** Starts `aexy serve` for one workspace; resolves with its URL and a stop function. */
async function startServer(cwd, name, location) {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', '0', '--workspace', `${name}=${location}`, '-o', 'json'],
    { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`aexy serve did not start: ${out}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.includes('"url"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line).url);
      }
    });
    child.on('exit', (code) => reject(new Error(`aexy serve exited ${code}: ${out}`)));
  });
  return {
    url: `${url.replace(/\/$/, '')}/workspaces/${name}`,
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** Makes 10 automation files disabled (a one-field change each), alternating on every call. */
function toggleTenFiles(dir, round) {
  const folders = readdirSync(join(dir, 'automations')).slice(0, 10);
  for (const folder of folders) {
    const file = join(dir, 'automations', folder, readdirSync(join(dir, 'automations', folder))[0]);
    const text = readFileSync(file, 'utf8');
    const off = text.replace('\nspec:\n', '\nspec:\n  enabled: false\n');
    const on = text.replace('\nspec:\n  enabled: false\n', '\nspec:\n');
    writeFileSync(file, round % 2 === 0 ? off : on);
  }
}

/** One GET as sent on the wire (node:http does not decode): status, body bytes, encoding, wall ms. */
function rawGet(url, headers) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'] ?? 'identity';
        resolve({ status: res.statusCode, body, encoding, elapsed: performance.now() - started });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** GET /state as the server sends it, without and with Accept-Encoding: gzip (the remote client asks for gzip). */
async function measureState(url, token) {
  const authorization = `Bearer ${token}`;
  const plain = await rawGet(`${url}/state`, { authorization });
  if (plain.status !== 200)
    throw new Error(`GET /state: ${plain.status} ${plain.body.toString().slice(0, 500)}`);
  const gzip = await rawGet(`${url}/state`, { authorization, 'accept-encoding': 'gzip' });
  const resources = JSON.parse(plain.body.toString()).resources?.length;
  // Were gzip not supported, the second answer is the JSON itself (encoding identity).
  const sent = { gzipBytes: gzip.body.length, gzipEncoding: gzip.encoding, gzipMs: gzip.elapsed };
  return { resources, bytes: plain.body.length, plainMs: plain.elapsed, ...sent };
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

/** One series: fresh project copies for local and remote, interleaved, RUNS times. */
async function series(label, template, remoteLocation) {
  const times = { local: { create: [], plan: [], change: [] }, remote: { create: [], plan: [], change: [] } };
  const state = [];
  for (let run = 0; run < RUNS; run++) {
    const localDir = mkdtempSync(join(tmpdir(), 'aexy-bench-serve-local-'));
    const remoteDir = mkdtempSync(join(tmpdir(), 'aexy-bench-serve-remote-'));
    cpSync(template, localDir, { recursive: true });
    cpSync(template, remoteDir, { recursive: true });
    const location = await remoteLocation(run, remoteDir);
    const token = createToken(remoteDir, location);
    const server = await startServer(remoteDir, `bench${run}`, location);
    const sides = {
      local: { cwd: localDir, env: { AEXY_WORKSPACE: join(localDir, '.aexy', 'workspace.db') } },
      remote: { cwd: remoteDir, env: { AEXY_WORKSPACE: server.url, AEXY_TOKEN: token } },
    };
    try {
      for (const side of run % 2 === 0 ? ['local', 'remote'] : ['remote', 'local']) {
        const { cwd, env } = sides[side];
        times[side].create.push(cli(['apply', '--auto-approve'], { cwd, env }).elapsed);
        if (side === 'remote') state.push(await measureState(server.url, token));
        times[side].plan.push(cli(['plan', '--detailed-exitcode'], { cwd, env }).elapsed);
        toggleTenFiles(cwd, 0);
        times[side].change.push(cli(['apply', '--auto-approve'], { cwd, env }).elapsed);
      }
    } finally {
      await server.stop();
      rmSync(localDir, { recursive: true, force: true });
      rmSync(remoteDir, { recursive: true, force: true });
    }
  }
  console.log(`\n${label} (median of ${RUNS}; ratio = through the server / local file):`);
  for (const [step, title] of [
    ['create', `apply, ${COUNT} created`],
    ['plan', 'plan, no changes'],
    ['change', 'apply, 10 changed'],
  ]) {
    const local = median(times.local[step]);
    const remote = median(times.remote[step]);
    console.log(
      `  ${title.padEnd(24)} local ${fmt(local).padStart(8)}  server ${fmt(remote).padStart(8)}  x${(remote / local).toFixed(2)}`,
    );
  }
  const last = state[state.length - 1];
  const ms = (key) => fmt(median(state.map((s) => s[key])));
  console.log(
    `  GET /state, ${last.resources} resources: ${last.bytes} bytes of JSON (${kib(last.bytes)}, ${ms('plainMs')}); ` +
      `with Accept-Encoding: gzip ${last.gzipBytes} bytes sent (${kib(last.gzipBytes)}, ${last.gzipEncoding}, ${ms('gzipMs')})`,
  );
}

/** The PostgreSQL series' workspace per run: a fresh database, or a fresh schema at --postgres URL. */
async function postgresLocations() {
  if (POSTGRES) {
    return {
      stop: async () => {},
      location: (run) => {
        const url = new URL(POSTGRES);
        url.searchParams.set('schema', `bench_serve_${process.pid}_${run}`);
        return url.toString();
      },
    };
  }
  const cluster = await startBenchPostgres((line) => console.error(line));
  console.error(`throw-away PostgreSQL cluster at ${cluster.url}`);
  return { stop: cluster.stop, location: (run) => createDatabase(cluster.url, `bench_serve_${run}`) };
}

const benchStarted = Date.now();
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${cpus().length} cores`,
);
const template = mkdtempSync(join(tmpdir(), 'aexy-bench-serve-template-'));
try {
  generateProject(template, COUNT);
  await series(`${COUNT} automations, server workspace in SQLite`, template, (_run, dir) =>
    join(dir, '.aexy', 'server.db'),
  );
  if (WITH_POSTGRES) {
    const postgres = await postgresLocations();
    try {
      await series(`${COUNT} automations, server workspace in PostgreSQL`, template, postgres.location);
    } finally {
      await postgres.stop();
    }
  }
} finally {
  rmSync(template, { recursive: true, force: true });
}
console.log(
  `\nbench took ${((Date.now() - benchStarted) / 1000).toFixed(0)} s (load average now ${loadavg()[0].toFixed(1)})`,
);
