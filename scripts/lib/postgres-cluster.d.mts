/** Types of postgres-cluster.mjs (a throw-away PostgreSQL cluster for tests and benchmarks). */
import type { ChildProcess } from 'node:child_process';

/** A process that cannot outlive its parent (src/runtime/temporal/tethered-process.ts). */
export interface TetheredChild {
  child: ChildProcess;
  stop(graceMs?: number): Promise<void>;
}

/** What the cluster needs from the runtime code (from src/ in tests, from dist/ in benchmarks). */
export interface ClusterDeps {
  spawnTethered(command: string, args: string[], env: NodeJS.ProcessEnv): TetheredChild;
  freePort(host?: string): Promise<number>;
  log?: (line: string) => void;
}

/** A running cluster; `stop` ends the server and removes its data dir. */
export interface PostgresCluster {
  /** Superuser URL of the `postgres` database. */
  url: string;
  dir: string;
  stop(): Promise<void>;
}

/** The directory holding initdb, pg_ctl and postgres: PATH first, then Debian's newest version. */
export function findPostgresBin(env?: NodeJS.ProcessEnv): string | undefined;

/** Starts a cluster and resolves once it accepts connections. */
export function startPostgresCluster(deps: ClusterDeps): Promise<PostgresCluster>;
