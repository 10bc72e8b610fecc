/**
 * API tokens on PostgreSQL (table api_tokens), the same rules as the SQLite token store
 * (src/workspace/rows/token-rows.ts): only the SHA-256 hash of a secret is stored; verifying is one
 * indexed lookup by hash, then revocation and expiry are checked and the use recorded (at most once
 * a minute).
 */
import type pg from 'pg';
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

/** Implements TokenStore on a migrated workspace schema. */
export class PgTokenStore implements TokenStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: NewToken) {
    const { secret, values } = newTokenValues(input, this.now());
    const { rows } = await this.pool.query<TokenRow>(
      `INSERT INTO api_tokens (id, name, token_hash, scopes_json, created_at, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${TOKEN_COLUMNS}`,
      values,
    );
    return { token: toToken(rows[0]), secret };
  }

  /** Newest first; tokens of the same millisecond newest first too (seq, like SQLite's rowid). */
  async list(): Promise<ApiToken[]> {
    const { rows } = await this.pool.query<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at DESC, seq DESC`,
    );
    return rows.map(toToken);
  }

  async revoke(id: string): Promise<ApiToken | undefined> {
    await this.pool.query('UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
      this.now().toISOString(),
      id,
    ]);
    const { rows } = await this.pool.query<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1`,
      [id],
    );
    return rows[0] ? toToken(rows[0]) : undefined;
  }

  async verify(secret: string): Promise<ApiToken | undefined> {
    if (!looksLikeTokenSecret(secret)) return undefined;
    const { rows } = await this.pool.query<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1`,
      [hashTokenSecret(secret)],
    );
    const use = tokenUse(rows[0], this.now());
    if (!rows[0] || !use?.touchAt) return use?.token;
    // The condition again in SQL: a concurrent verify that wrote a newer time is not overwritten.
    await this.pool.query(
      'UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)',
      [use.touchAt, rows[0].id],
    );
    return use.token;
  }
}
