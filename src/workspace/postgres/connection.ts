/**
 * Connections to a PostgreSQL workspace: one pg.Pool per URL. `?schema=name` in the URL selects a
 * PostgreSQL schema, so one database can hold several workspaces; every connection of the pool
 * starts with that schema as its search_path, and the migration runner creates it when missing.
 */
import pg from 'pg';

/** A parsed workspace URL: what pg connects to, the schema, and a display form without password. */
export interface PostgresTarget {
  /** The URL handed to pg (the `schema` parameter removed). */
  connectionString: string;
  /** The workspace's PostgreSQL schema (`public` unless `?schema=` says otherwise). */
  schema: string;
  /** The URL with the password removed, for messages and `WorkspaceBackend.location`. */
  location: string;
}

export interface PoolOptions {
  /** Most connections the pool opens (default 10). */
  max?: number;
  /** How long to wait for a connection before failing (ms, default 10 s). */
  connectionTimeoutMillis?: number;
}

// Unquoted identifiers only: the name goes into `-c search_path=` and into DDL.
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** True for `postgres://` and `postgresql://` URLs. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** Splits a workspace URL into what pg needs, the schema and a password-free location. */
export function parsePostgresUrl(url: string): PostgresTarget {
  if (!isPostgresUrl(url)) throw new Error(`not a PostgreSQL URL: ${redact(url)}`);
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema))
    throw new Error(`invalid schema name "${schema}" in ${redact(url)}: use letters, digits and _`);
  parsed.searchParams.delete('schema');
  const connectionString = parsed.toString();
  return { connectionString, schema: schema.toLowerCase(), location: redact(url) };
}

/** The URL without its password (user name kept, so messages say who connected). */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, '@');
  }
}

/** A pool whose every connection uses the target's schema (which may not exist yet: migrate creates it). */
export function createPool(target: PostgresTarget, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    // Set at connection start-up, so no query can ever run against another schema.
    options: `-c search_path=${target.schema.toLowerCase()}`,
    application_name: 'aexy',
    // Idle connections do not keep a finished command's process alive.
    allowExitOnIdle: true,
  });
  // An idle client's connection dropping (server restart) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

/** Quotes an identifier for DDL (names are validated already; this is defence in depth). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
