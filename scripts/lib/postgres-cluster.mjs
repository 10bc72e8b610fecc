/**
 * A throw-away PostgreSQL cluster: a fresh data dir in a temp dir (a copy of a per-machine initdb
 * template, postgres-template.mjs), trust auth on 127.0.0.1 only, a free port, no Unix socket,
 * durability off for speed. As root the server runs as the `postgres` OS user (PostgreSQL refuses
 * root). It cannot outlive its owner: the server is tethered to this process (the caller passes
 * spawnTethered, src/runtime/temporal/tethered-process.ts from source in tests or from dist/ in
 * benchmarks), and the next start removes clusters whose owning process is gone (e.g. a run killed
 * with SIGKILL). Used by the test run (test/helpers/postgres-cluster.ts) and by bench/*.mjs.
 * Plain JavaScript (types in postgres-cluster.d.mts) so both can import it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { asPostgres, freshDataDir } from './postgres-template.mjs';

const execFileAsync = promisify(execFile);
const PREFIX = 'aexy-pg-';
const FIX = 'install them with: bash scripts/install-postgres.sh';

/** The directory holding initdb, pg_ctl and postgres: PATH first, then Debian's newest version. */
export function findPostgresBin(env = process.env) {
  const has = (dir) => ['initdb', 'postgres'].every((b) => existsSync(join(dir, b)));
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir && has(dir)) return dir;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions.map((v) => join(root, v, 'bin')).find(has);
}

/** Starts a cluster and resolves once it accepts connections. */
export async function startPostgresCluster({ spawnTethered, freePort, log = () => {} }) {
  const bin = findPostgresBin();
  if (!bin) throw new Error(`PostgreSQL server binaries (initdb, postgres) not found; ${FIX}`);
  removeStaleClusters(log);
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  const data = join(dir, 'data');
  try {
    const asRoot = process.getuid?.() === 0;
    if (asRoot) await execFileAsync('chown', ['postgres:postgres', dir]);
    await freshDataDir(bin, asRoot, data);
    // Loopback TCP only; no local (socket) entries because the server opens no socket.
    writeFileSync(join(data, 'pg_hba.conf'), 'host all all 127.0.0.1/32 trust\n');
    const port = await freePort();
    const server = spawnTethered(
      ...asPostgres(asRoot, join(bin, 'postgres'), serverArgs(data, port)),
      process.env,
    );
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await waitReady(server, url, 30_000);
    return { url, dir, stop: () => stopCluster(server, data, dir) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function serverArgs(data, port) {
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '300',
    log_min_messages: 'fatal',
  };
  return [
    '-D',
    data,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
}

async function waitReady(server, url, timeoutMs) {
  let output = '';
  server.child.stdout?.on('data', (c) => (output += c.toString()));
  server.child.stderr?.on('data', (c) => (output += c.toString()));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`postgres exited at start:\n${output}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) {
        await server.stop(1000);
        throw new Error(`postgres did not accept connections in ${timeoutMs} ms:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Fast shutdown (SIGINT to the postmaster: sessions are ended, not waited for), then the dir goes. */
async function stopCluster(server, data, dir) {
  const pid = postmasterPid(data);
  if (pid) signal(pid, 'SIGINT');
  // Let it exit by itself first: runuser, told to stop, waits 2 s before it gives up on its child.
  const deadline = Date.now() + 5000;
  while (pid && alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await server.stop(5000);
  rmSync(dir, { recursive: true, force: true });
}

/** Clusters of runs whose process is gone (killed runs): stop their server and remove them. */
function removeStaleClusters(log) {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    const owner = readPid(join(dir, 'owner.pid'));
    if (owner ? alive(owner) : youngerThan(dir, 60_000)) continue;
    const pid = postmasterPid(join(dir, 'data'));
    if (pid) signal(pid, 'SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
    log(`removed stale PostgreSQL cluster ${dir}`);
  }
}

/** A cluster dir without owner.pid may be one another run is creating right now. */
function youngerThan(dir, ms) {
  try {
    return Date.now() - statSync(dir).mtimeMs < ms;
  } catch {
    return true;
  }
}

function postmasterPid(data) {
  return readPid(join(data, 'postmaster.pid'));
}

function readPid(file) {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0], 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
