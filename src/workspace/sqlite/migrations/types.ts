import type { Database } from 'better-sqlite3';

/**
 * One schema migration of the SQLite workspace. `up` runs inside the transaction that runs every
 * pending migration, so a failure leaves the file at its previous version. Migrations are never
 * edited once released: change the schema by adding a new one.
 */
export interface Migration {
  /** Strictly increasing, matching the NNN prefix of the file name. */
  version: number;
  name: string;
  up(db: Database): void;
}
