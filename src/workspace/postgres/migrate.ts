/**
 * Brings a PostgreSQL workspace schema up to date: creates the schema when missing, then runs every
 * pending migration in ONE transaction under an advisory lock named after the schema, so two
 * processes opening a fresh workspace at once cannot both migrate it (the second waits, then finds
 * nothing to do). A schema written by a newer build is refused.
 */
import type pg from 'pg';
import { WorkspaceTooNewError } from '../errors.js';
import { latestVersion } from '../migration-order.js';
import { quoteIdent } from './connection.js';
import { PG_MIGRATIONS, type PgMigration } from './migrations/index.js';
import { advisoryXactLock, transaction } from './transaction.js';

export interface MigrateTarget {
  pool: pg.Pool;
  schema: string;
  /** For messages (the URL without password). */
  location: string;
}

/** Runs pending migrations; returns the schema version now in place. */
export async function migratePostgres(
  target: MigrateTarget,
  migrations: readonly PgMigration[] = PG_MIGRATIONS,
): Promise<number> {
  const known = latestVersion(migrations);
  // Fast path: an up-to-date schema needs no lock (every open after the first).
  const seen = await schemaVersion(target.pool, target.schema);
  if (seen === known) return known;
  if (seen > known) throw new WorkspaceTooNewError(target.location, seen, known);
  return transaction(target.pool, async (client) => {
    await advisoryXactLock(client, `aexy:migrate:${target.schema}`);
    // Only when missing: CREATE SCHEMA checks the database CREATE privilege even when the schema
    // exists, and a role that owns its schema need not have it.
    const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [target.schema]);
    if (found.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteIdent(target.schema)}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const current = await readVersion(client);
    if (current > known) throw new WorkspaceTooNewError(target.location, current, known);
    for (const m of migrations) {
      if (m.version <= current) continue;
      await m.up(client);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
    }
    return Math.max(current, known);
  });
}

/** The schema's version: the highest applied migration, 0 when the schema or its table is missing. */
export async function schemaVersion(pool: pg.Pool | pg.PoolClient, schema: string): Promise<number> {
  const exists = await pool.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [
    `${quoteIdent(schema)}.schema_migrations`,
  ]);
  if (!exists.rows[0]?.found) return 0;
  return readVersion(pool);
}

async function readVersion(client: pg.Pool | pg.PoolClient): Promise<number> {
  const result = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return result.rows[0]?.v ?? 0;
}
