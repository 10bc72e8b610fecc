/**
 * The ordered list of SQLite workspace migrations. They run on open, all pending ones inside one
 * IMMEDIATE transaction; `PRAGMA user_version` records the schema version of the file. A file
 * whose version is newer than the last migration here is refused (WorkspaceTooNewError).
 *
 * To add tables (runs, steps, records, counters...):
 *   1. create `src/workspace/sqlite/migrations/NNN-name.ts` (next free number, e.g. `002-runs.ts`)
 *      exporting `export const migration: Migration = { version: NNN, name: 'runs', up(db) { db.exec(`...`) } }`;
 *   2. add one import and one entry at the END of MIGRATIONS below.
 * Never edit or reorder a released migration; a schema change is always a new file. Keep `up`
 * deterministic and free of I/O other than the database; it must not commit or begin transactions.
 */

import { latestVersion } from '../../migration-order.js';
import { migration as m001 } from './001-initial.js';
import { migration as m002 } from './002-runtime.js';
import { migration as m003 } from './003-policy.js';
import { migration as m004 } from './004-triggers.js';
import { migration as m005 } from './005-event-claims.js';
import { migration as m006 } from './006-api-tokens.js';
import type { Migration } from './types.js';

export type { Migration } from './types.js';

export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006];

/** The schema version this build writes: the last migration's version. */
export const SCHEMA_VERSION = latestVersion(MIGRATIONS);
