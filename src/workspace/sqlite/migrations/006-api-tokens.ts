import type { Migration } from './types.js';

/**
 * API tokens of `aexy serve`: only the SHA-256 hash of a secret is stored (unique: verifying a
 * token is one indexed lookup), with its scopes, expiry, last use and revocation.
 */
export const migration: Migration = {
  version: 6,
  name: 'api-tokens',
  up(db) {
    db.exec(`
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        scopes_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        expires_at TEXT,
        last_used_at TEXT,
        revoked_at TEXT
      );
    `);
  },
};
