/**
 * The ordered list of PostgreSQL workspace migrations. They run when a backend opens, all pending
 * ones in one transaction under an advisory lock (see ../migrate.ts); the table `schema_migrations`
 * records which ran. A schema whose version is newer than the last one here is refused
 * (WorkspaceTooNewError).
 *
 * To add tables: create `NNN-name.ts` (next free number) exporting
 * `export const migration: PgMigration = { version: NNN, name: '...', async up(client) { await client.query(`...`) } }`,
 * then add one import and one entry at the END of PG_MIGRATIONS. Keep `up` free of BEGIN/COMMIT.
 * Version numbers need not match the SQLite ones: each backend has its own schema history.
 */

import { latestVersion } from '../../migration-order.js';
import { migration as m001 } from './001-definitions.js';
import { migration as m002 } from './002-runtime.js';
import type { PgMigration } from './types.js';

export type { PgMigration } from './types.js';

export const PG_MIGRATIONS: readonly PgMigration[] = [m001, m002];

/** The schema version this build writes: the last migration's version. */
export const PG_SCHEMA_VERSION = latestVersion(PG_MIGRATIONS);
