/**
 * Opens (creating if needed) a SQLite workspace file: WAL journal so readers never block the
 * writer, a busy timeout so concurrent processes wait instead of failing, foreign keys on, then
 * the pending migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { WorkspaceUnreadableError } from '../errors.js';
import { migrate } from './migrate.js';
import type { Migration } from './migrations/index.js';

export interface OpenOptions {
  /** How long a statement waits for another connection's write lock (ms). */
  busyTimeoutMs?: number;
  /** Override the migration list (tests of the upgrade path). */
  migrations?: readonly Migration[];
}

/** Opens the database at `path` and brings its schema up to date. */
export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path, options.migrations);
    return db;
  } catch (error) {
    db.close();
    throw unreadable(path, error);
  }
}

/**
 * SQLite's "not a database" and "malformed" answers (SQLITE_NOTADB, SQLITE_CORRUPT and its extended
 * codes) mean the path names some other file: the user pointed at the wrong thing, not a bug.
 */
function unreadable(path: string, error: unknown): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !/^SQLITE_(NOTADB|CORRUPT)/.test(code)) return error;
  return new WorkspaceUnreadableError(path, (error as Error).message);
}
