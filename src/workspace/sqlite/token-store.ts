/**
 * API tokens on the workspace SQLite file (table api_tokens). Only the SHA-256 hash of a secret is
 * stored; verifying looks the hash up through its unique index (no secret-dependent comparison in
 * JavaScript), then checks revocation and expiry and records the use (at most once a minute).
 */
import type { Database } from 'better-sqlite3';
import type { ApiToken, TokenScope, TokenStore } from '../backend.js';
import {
  hashTokenSecret,
  isTokenLive,
  lastUseIsStale,
  looksLikeTokenSecret,
  newTokenId,
  newTokenSecret,
  normalizeScopes,
} from '../token-secrets.js';

type Row = {
  id: string;
  name: string;
  scopes_json: string;
  created_at: string;
  created_by: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
};

const COLUMNS = 'id, name, scopes_json, created_at, created_by, expires_at, last_used_at, revoked_at';

/** Implements TokenStore on an open, migrated workspace database. */
export class SqliteTokenStore implements TokenStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: { name: string; scopes: TokenScope[]; createdBy: string; expiresAt?: string }) {
    const secret = newTokenSecret();
    const id = newTokenId();
    this.db
      .prepare(
        `INSERT INTO api_tokens (id, name, token_hash, scopes_json, created_at, created_by, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        input.name,
        hashTokenSecret(secret),
        JSON.stringify(normalizeScopes(input.scopes)),
        this.now().toISOString(),
        input.createdBy,
        input.expiresAt ?? null,
      );
    return { token: this.byId(id) as ApiToken, secret };
  }

  async list(): Promise<ApiToken[]> {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at DESC, rowid DESC`)
      .all() as Row[];
    return rows.map(toToken);
  }

  async revoke(id: string): Promise<ApiToken | undefined> {
    this.db
      .prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(this.now().toISOString(), id);
    return this.byId(id);
  }

  async verify(secret: string): Promise<ApiToken | undefined> {
    if (!looksLikeTokenSecret(secret)) return undefined;
    const row = this.db
      .prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = ?`)
      .get(hashTokenSecret(secret)) as Row | undefined;
    const now = this.now();
    if (!row || !isTokenLive(toToken(row), now)) return undefined;
    if (!lastUseIsStale(row.last_used_at, now)) return toToken(row);
    const at = now.toISOString();
    // The condition again in SQL: a concurrent verify that wrote a newer time is not overwritten.
    this.db
      .prepare(
        'UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
      )
      .run(at, row.id, at);
    return toToken({ ...row, last_used_at: at });
  }

  private byId(id: string): ApiToken | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`).get(id) as Row | undefined;
    return row ? toToken(row) : undefined;
  }
}

function toToken(row: Row): ApiToken {
  return {
    id: row.id,
    name: row.name,
    scopes: JSON.parse(row.scopes_json) as TokenScope[],
    createdAt: row.created_at,
    createdBy: row.created_by,
    ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
    ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}),
    ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
  };
}
