/**
 * The PostgreSQL workspace backend: every store of a workspace in one PostgreSQL database (or one
 * schema of it, `?schema=name`), shared by servers and workers on several machines. All stores use
 * one pool; closing the backend ends it.
 */
import type { WorkspaceBackend } from '../backend.js';
import { postgresRuntimeParts } from './runtime-stores.js';
import { type PgStoreOptions, PgWorkspaceStore } from './store.js';
import { PgTokenStore } from './token-store.js';

/** A PostgreSQL backend; `store.pool` is for the PostgreSQL implementation and its tests only. */
export interface PostgresBackend extends WorkspaceBackend {
  readonly kind: 'postgres';
  readonly store: PgWorkspaceStore;
}

/** Connects to `url` (postgres:// or postgresql://), migrates the schema, and returns every store on it. */
export async function openPostgresBackend(
  url: string,
  options: PgStoreOptions = {},
): Promise<PostgresBackend> {
  const store = await PgWorkspaceStore.open(url, options);
  return {
    kind: 'postgres',
    location: store.location,
    store,
    ...postgresRuntimeParts(store.pool),
    tokens: new PgTokenStore(store.pool),
    close: () => store.close(),
  };
}
