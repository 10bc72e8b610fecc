/**
 * API tokens on PostgreSQL (table api_tokens), the same rules as the SQLite token store: only the
 * SHA-256 hash of a secret is stored; verifying is one indexed lookup by hash, then revocation and
 * expiry are checked and the use recorded (at most once a minute).
 */
import type pg from 'pg';
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

/** Implements TokenStore on a migrated workspace schema. */
export class PgTokenStore implements TokenStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: { name: string; scopes: TokenScope[]; createdBy: string; expiresAt?: string }) {
    const secret = newTokenSecret();
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO api_tokens (id, name, token_hash, scopes_json, created_at, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        newTokenId(),
        input.name,
        hashTokenSecret(secret),
        JSON.stringify(normalizeScopes(input.scopes)),
        this.now().toISOString(),
        input.createdBy,
        input.expiresAt ?? null,
      ],
    );
    return { token: toToken(rows[0]), secret };
  }

  /** Newest first; tokens of the same millisecond newest first too (seq, like SQLite's rowid). */
  async list(): Promise<ApiToken[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at DESC, seq DESC`,
    );
    return rows.map(toToken);
  }

  async revoke(id: string): Promise<ApiToken | undefined> {
    await this.pool.query('UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
      this.now().toISOString(),
      id,
    ]);
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
    return rows[0] ? toToken(rows[0]) : undefined;
  }

  async verify(secret: string): Promise<ApiToken | undefined> {
    if (!looksLikeTokenSecret(secret)) return undefined;
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = $1`, [
      hashTokenSecret(secret),
    ]);
    const row = rows[0];
    const now = this.now();
    if (!row || !isTokenLive(toToken(row), now)) return undefined;
    if (!lastUseIsStale(row.last_used_at, now)) return toToken(row);
    const at = now.toISOString();
    // The condition again in SQL: a concurrent verify that wrote a newer time is not overwritten.
    await this.pool.query(
      'UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)',
      [at, row.id],
    );
    return toToken({ ...row, last_used_at: at });
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
