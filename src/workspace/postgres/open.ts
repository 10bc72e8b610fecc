/**
 * Opens a PostgreSQL workspace: a pool on the URL's database and schema, with the schema created
 * and migrated to this build's version. Every Pg* store of the workspace shares this pool.
 */
import type pg from 'pg';
import { createPool, type PoolOptions, type PostgresTarget, parsePostgresUrl } from './connection.js';
import { migratePostgres } from './migrate.js';
import type { PgMigration } from './migrations/index.js';

export interface OpenPostgresOptions extends PoolOptions {
  /** Override the migration list (tests of the upgrade path). */
  migrations?: readonly PgMigration[];
}

/** An open, migrated workspace database. */
export interface PostgresWorkspace {
  pool: pg.Pool;
  target: PostgresTarget;
  schemaVersion: number;
}

/** Connects and migrates; the pool is closed again when migrating fails. */
export async function openPostgres(
  url: string,
  options: OpenPostgresOptions = {},
): Promise<PostgresWorkspace> {
  const target = parsePostgresUrl(url);
  const pool = createPool(target, options);
  try {
    const schemaVersion = await migratePostgres(
      { pool, schema: target.schema, location: target.location },
      options.migrations,
    );
    return { pool, target, schemaVersion };
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}
