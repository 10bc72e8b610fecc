/**
 * Runs pending migrations on an open SQLite workspace, inside one IMMEDIATE transaction so two
 * processes opening a fresh file at once cannot both migrate it.
 */
import type { Database } from 'better-sqlite3';
import { WorkspaceTooNewError } from '../errors.js';
import { latestVersion } from '../migration-order.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

/** Upgrades the file to the latest known schema; refuses a file written by a newer build. */
export function migrate(
  db: Database,
  location: string,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  const known = latestVersion(migrations);
  // Fast path: an up-to-date file needs no write lock.
  const seen = db.pragma('user_version', { simple: true }) as number;
  if (seen === known) return known;
  if (seen > known) throw new WorkspaceTooNewError(location, seen, known);
  const run = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > known) throw new WorkspaceTooNewError(location, current, known);
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of migrations) {
      if (m.version <= current) continue;
      m.up(db);
      record.run(m.version, m.name, new Date().toISOString());
      db.pragma(`user_version = ${m.version}`);
    }
    return Math.max(current, known);
  });
  return run.immediate();
}
