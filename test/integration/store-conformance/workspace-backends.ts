/**
 * A fresh workspace store + token store on each backend, for the definition-store conformance
 * suite: a SQLite file in a temp dir (the reference) and a PostgreSQL database of the run's cluster.
 * `editLiveIr` changes the live copy behind the store's back (drift), the one thing the suite does
 * below the interfaces.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceChange } from '../../../src/plan/types.js';
import type { TokenStore } from '../../../src/workspace/backend.js';
import { openPostgresBackend } from '../../../src/workspace/postgres/backend.js';
import { PgTokenStore } from '../../../src/workspace/postgres/token-store.js';
import { openSqliteBackend } from '../../../src/workspace/sqlite/backend.js';
import { SqliteTokenStore } from '../../../src/workspace/sqlite/token-store.js';
import type { WorkspaceStore } from '../../../src/workspace/store.js';
import { freshPostgresUrl } from '../../helpers/postgres.js';

export type BackendName = 'sqlite' | 'postgres';
export const BACKENDS: readonly BackendName[] = ['sqlite', 'postgres'];

export interface StoreUnderTest {
  store: WorkspaceStore;
  tokens: TokenStore;
  /** A second token store on the same tables whose clock is `now` (last-use resolution tests). */
  tokensAt(now: () => Date): TokenStore;
  /** Rewrites the live IR JSON of every resource (as another tool editing the database would). */
  editLiveIr(edit: (ir: Record<string, unknown>) => void): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Runs after each change inside the apply transaction (throw to make the apply fail there). */
  afterApplyChange?: (index: number, change: ResourceChange) => void;
}

/** Opens a fresh, empty workspace on `name`. */
export async function openStore(name: BackendName, options: OpenOptions = {}): Promise<StoreUnderTest> {
  if (name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'aexy-wsconf-'));
    const backend = openSqliteBackend(join(dir, 'workspace.db'), options);
    return {
      store: backend.store,
      tokens: backend.tokens,
      tokensAt: (now) => new SqliteTokenStore(backend.db, now),
      editLiveIr: async (edit) => {
        const rows = backend.db.prepare('SELECT id, ir_json FROM resources').all() as Row[];
        const update = backend.db.prepare('UPDATE resources SET ir_json = ? WHERE id = ?');
        for (const row of rows) update.run(edited(row.ir_json, edit), row.id);
      },
      close: async () => {
        await backend.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const backend = await openPostgresBackend(await freshPostgresUrl('wsconf'), options);
  const { pool } = backend.store;
  return {
    store: backend.store,
    tokens: backend.tokens,
    tokensAt: (now) => new PgTokenStore(pool, now),
    editLiveIr: async (edit) => {
      const { rows } = await pool.query<Row>('SELECT id, ir_json FROM resources');
      for (const row of rows)
        await pool.query('UPDATE resources SET ir_json = $1 WHERE id = $2', [
          edited(row.ir_json, edit),
          row.id,
        ]);
    },
    close: () => backend.close(),
  };
}

interface Row {
  id: number;
  ir_json: string;
}

function edited(json: string, edit: (ir: Record<string, unknown>) => void): string {
  const ir = JSON.parse(json) as Record<string, unknown>;
  edit(ir);
  return JSON.stringify(ir);
}
