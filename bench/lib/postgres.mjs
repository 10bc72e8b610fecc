/**
 * A throw-away PostgreSQL cluster for benchmarks (plain node on dist/): the launcher shared with the
 * test run (scripts/lib/postgres-cluster.mjs), tethered to this process with the runtime's own
 * spawnTethered from dist/, so a killed benchmark leaves no server behind. Needs `npm run build`
 * first (the benchmarks build unless --no-build) and PostgreSQL's server binaries
 * (bash scripts/install-postgres.sh).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startPostgresCluster } from '../../scripts/lib/postgres-cluster.mjs';

/** Starts a cluster; resolves with its superuser URL and stop(). */
export async function startBenchPostgres(log = () => {}) {
  const { spawnTethered } = await import('../../dist/runtime/temporal/tethered-process.js');
  const { freePort } = await import('../../dist/runtime/temporal/free-port.js');
  return startPostgresCluster({ spawnTethered, freePort, log });
}

/** Creates an empty database named after `label` on the cluster at `url`; returns its URL. */
export async function createDatabase(url, label) {
  const name = `${label
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase()
    .slice(0, 40)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const out = new URL(url);
  out.pathname = `/${name}`;
  return out.toString();
}
