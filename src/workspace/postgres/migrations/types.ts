import type pg from 'pg';

/**
 * One schema migration of a PostgreSQL workspace. `up` runs on the migration runner's connection
 * inside the transaction that runs every pending migration (PostgreSQL's DDL is transactional), so
 * a failure leaves the schema at its previous version. Never edit a released migration: add one.
 * Unqualified table names land in the workspace's schema (the connection's search_path).
 */
export interface PgMigration {
  /** Strictly increasing, matching the NNN prefix of the file name. */
  version: number;
  name: string;
  up(client: pg.PoolClient): Promise<void>;
}
