/**
 * API tokens on the workspace SQLite file (table api_tokens). Only the SHA-256 hash of a secret is
 * stored; verifying looks the hash up through its unique index (no secret-dependent comparison in
 * JavaScript), then checks revocation and expiry and records the use (at most once a minute): the
 * rules are in src/workspace/rows/token-rows.ts, shared with PostgreSQL.
 */
import type { Database } from 'better-sqlite3';
import type { ApiToken, TokenStore } from '../backend.js';
import {
  type NewToken,
  newTokenValues,
  TOKEN_COLUMNS,
  type TokenRow,
  tokenUse,
  toToken,
} from '../rows/token-rows.js';
import { hashTokenSecret, looksLikeTokenSecret } from '../token-secrets.js';

/** Implements TokenStore on an open, migrated workspace database. */
export class SqliteTokenStore implements TokenStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: NewToken) {
    const { secret, values } = newTokenValues(input, this.now());
    this.db
      .prepare(
        `INSERT INTO api_tokens (id, name, token_hash, scopes_json, created_at, created_by, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...values);
    return { token: this.byId(values[0] as string) as ApiToken, secret };
  }

  async list(): Promise<ApiToken[]> {
    const rows = this.db
      .prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at DESC, rowid DESC`)
      .all() as TokenRow[];
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
      .prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ?`)
      .get(hashTokenSecret(secret)) as TokenRow | undefined;
    const use = tokenUse(row, this.now());
    if (!row || !use?.touchAt) return use?.token;
    // The condition again in SQL: a concurrent verify that wrote a newer time is not overwritten.
    this.db
      .prepare(
        'UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
      )
      .run(use.touchAt, row.id, use.touchAt);
    return use.token;
  }

  private byId(id: string): ApiToken | undefined {
    const row = this.db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = ?`).get(id) as
      | TokenRow
      | undefined;
    return row ? toToken(row) : undefined;
  }
}
