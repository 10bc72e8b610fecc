/**
 * Opens a PostgreSQL workspace: a pool on the URL's database and schema, with the schema created
 * and migrated to this build's version. Every Pg* store of the workspace shares this pool.
 */
import type pg from 'pg';
import { createPool, type PoolOptions, type PostgresTarget, parsePostgresUrl } from './connection.js';
import { PostgresConnectError } from './errors.js';
import { migratePostgres } from './migrate.js';
import type { PgMigration } from './migrations/index.js';

export { PostgresConnectError } from './errors.js';

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
    throw connectError(error, target.location);
  }
}

// Network errors and PostgreSQL's start-up refusals: the workspace cannot be reached or entered.
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
]);
const STARTUP_CODES = new Set(['28000', '28P01', '3D000', '57P03', '53300']);

function connectError(error: unknown, location: string): unknown {
  const e = error as { code?: string; message?: string; errors?: Array<{ code?: string; message?: string }> };
  // Node reports a host with several addresses as an AggregateError; its parts carry the codes.
  const code = e.code ?? e.errors?.[0]?.code ?? '';
  const timedOut = /timeout/i.test(e.message ?? '');
  if (!CONNECT_CODES.has(code) && !STARTUP_CODES.has(code) && !timedOut) return error;
  const reason = e.message || e.errors?.map((x) => x.message).join('; ') || code;
  return new PostgresConnectError(location, reason, { cause: error });
}
