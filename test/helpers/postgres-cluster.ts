/**
 * One throw-away PostgreSQL cluster for a test run (started by test/global-setup.ts). The start/stop
 * logic lives in scripts/lib/postgres-cluster.mjs, shared with the benchmarks (bench/*.mjs run plain
 * node on dist/); this helper hands it the tethering and port code from src/, so the server cannot
 * outlive the run, and the next start removes clusters whose owning process is gone.
 */
import { findPostgresBin, startPostgresCluster } from '../../scripts/lib/postgres-cluster.mjs';
import { freePort } from '../../src/runtime/temporal/free-port.js';
import { spawnTethered } from '../../src/runtime/temporal/tethered-process.js';

export { findPostgresBin };

export interface TestCluster {
  /** Superuser URL of the `postgres` database. */
  url: string;
  dir: string;
  stop(): Promise<void>;
}

/** Starts the cluster and resolves once it accepts connections. */
export function startTestCluster(log: (line: string) => void = () => {}): Promise<TestCluster> {
  return startPostgresCluster({ spawnTethered, freePort, log });
}
