/**
 * The runtime stores of a fresh workspace on each backend, for the runtime conformance tests: a
 * SQLite file in a temp dir, and a PostgreSQL database of the run's cluster. Every behaviour is run
 * on both and the answers compared, SQLite being the reference.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebhookSecretStore } from '../../../src/workspace/backend.js';
import { openPostgresBackend } from '../../../src/workspace/postgres/backend.js';
import type { PgRuntimeParts } from '../../../src/workspace/postgres/runtime-stores.js';
import { PgWebhookSecretStore } from '../../../src/workspace/postgres/webhook-secret-store.js';
import { openSqliteBackend } from '../../../src/workspace/sqlite/backend.js';
import { SqliteWebhookSecretStore } from '../../../src/workspace/sqlite/webhook-secret-store.js';
import { freshPostgresUrl } from '../../helpers/postgres.js';

/** One open workspace's runtime stores. */
export interface RuntimeUnderTest extends PgRuntimeParts {
  /** Webhook secrets with a clock of the test's choosing. */
  secretsAt(now: () => Date): WebhookSecretStore;
  close(): Promise<void>;
}

export type BackendName = 'sqlite' | 'postgres';
export const BACKEND_NAMES: readonly BackendName[] = ['sqlite', 'postgres'];

/** Opens a fresh, empty workspace on `name`. */
export async function openRuntime(name: BackendName, label: string): Promise<RuntimeUnderTest> {
  if (name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'aexy-conf-'));
    const backend = openSqliteBackend(join(dir, 'workspace.db'));
    return {
      ...backend,
      secretsAt: (now) => new SqliteWebhookSecretStore(backend.db, now),
      close: async () => {
        await backend.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const backend = await openPostgresBackend(await freshPostgresUrl(label));
  return {
    ...backend,
    secretsAt: (now) => new PgWebhookSecretStore(backend.store.pool, now),
    close: () => backend.close(),
  };
}

/** Runs `scenario` on a fresh workspace of every backend; returns the answers by backend. */
export async function onBoth<T>(
  label: string,
  scenario: (stores: RuntimeUnderTest) => Promise<T>,
): Promise<Record<BackendName, T>> {
  const out = {} as Record<BackendName, T>;
  for (const name of BACKEND_NAMES) {
    const stores = await openRuntime(name, label);
    try {
      out[name] = await scenario(stores);
    } finally {
      await stores.close();
    }
  }
  return out;
}

/** Replaces ISO time stamps made by the store itself (not given by the test) with a marker. */
export function stamp(value: string | null): string | null {
  if (value === null) return null;
  return Number.isNaN(Date.parse(value)) ? `not a time: ${value}` : '<time>';
}
