/**
 * Opens a workspace backend by location: a file path is the embedded SQLite backend,
 * `postgres://` / `postgresql://` a shared PostgreSQL database, `http://` / `https://` a remote
 * `aexy serve` (token from AEXY_TOKEN). The PostgreSQL and remote backends are loaded only when
 * used, so a SQLite user never loads `pg` or the HTTP client.
 */
import type { WorkspaceBackend } from './backend.js';
import { UnsupportedLocationError } from './errors.js';
import { isUrl } from './location.js';
import type { SqliteStoreOptions } from './sqlite/store.js';

export interface OpenBackendOptions {
  /** Environment (AEXY_TOKEN for a remote backend); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Options of the SQLite backend (busy timeout, test hooks). */
  sqlite?: SqliteStoreOptions;
}

/** The URL schemes (and file paths) openBackend accepts, for error messages. */
export const SUPPORTED_LOCATIONS = 'a file path, postgres://, postgresql://, http:// or https://';

/** Opens the backend at `location`; throws for an unsupported scheme. */
export async function openBackend(
  location: string,
  options: OpenBackendOptions = {},
): Promise<WorkspaceBackend> {
  const env = options.env ?? process.env;
  if (!isUrl(location)) {
    const { openSqliteBackend } = await import('./sqlite/backend.js');
    return openSqliteBackend(location, options.sqlite);
  }
  const scheme = location.slice(0, location.indexOf(':')).toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const { openPostgresBackend } = await import('./postgres/backend.js');
    return openPostgresBackend(location);
  }
  if (scheme === 'http' || scheme === 'https') {
    const { openRemoteBackend } = await import('../remote/backend.js');
    return openRemoteBackend(location, { token: env.AEXY_TOKEN, env });
  }
  throw new UnsupportedLocationError(
    `unsupported workspace location ${redact(location)}: use ${SUPPORTED_LOCATIONS}`,
  );
}

/** The location without credentials (`postgres://user:pass@host` -> `postgres://user:***@host`). */
export function redact(location: string): string {
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return location;
  }
}
