/**
 * API token rows (table api_tokens) and the token rules both workspace backends follow: what a new
 * token stores (only the SHA-256 hash of its secret) and what verifying a presented secret decides
 * (unknown, revoked or expired: no token; otherwise the token, and the time of use to record when
 * the stored one is over a minute old). Pure; each backend keeps its SQL.
 */
import type { ApiToken, TokenScope } from '../backend.js';
import {
  hashTokenSecret,
  isTokenLive,
  lastUseIsStale,
  newTokenId,
  newTokenSecret,
  normalizeScopes,
} from '../token-secrets.js';

/** An api_tokens row (the hash aside). */
export type TokenRow = {
  id: string;
  name: string;
  scopes_json: string;
  created_at: string;
  created_by: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
};

/** The columns of a TokenRow, for SELECT and RETURNING. */
export const TOKEN_COLUMNS =
  'id, name, scopes_json, created_at, created_by, expires_at, last_used_at, revoked_at';

/** What `TokenStore.create` is given. */
export type NewToken = { name: string; scopes: TokenScope[]; createdBy: string; expiresAt?: string };

/**
 * A new token's secret (shown once) and its row values in the column order id, name, token_hash,
 * scopes_json, created_at, created_by, expires_at.
 */
export function newTokenValues(input: NewToken, now: Date): { secret: string; values: unknown[] } {
  const secret = newTokenSecret();
  const values = [
    newTokenId(),
    input.name,
    hashTokenSecret(secret),
    JSON.stringify(normalizeScopes(input.scopes)),
    now.toISOString(),
    input.createdBy,
    input.expiresAt ?? null,
  ];
  return { secret, values };
}

/** What verifying decided: no token, or the token and, when due, the time of use to record. */
export type TokenUse = { token: ApiToken; touchAt?: string } | undefined;

/** The outcome of presenting a secret whose hash found `row` (or nothing) at `now`. */
export function tokenUse(row: TokenRow | undefined, now: Date): TokenUse {
  if (!row || !isTokenLive(toToken(row), now)) return undefined;
  if (!lastUseIsStale(row.last_used_at, now)) return { token: toToken(row) };
  const at = now.toISOString();
  return { token: toToken({ ...row, last_used_at: at }), touchAt: at };
}

/** An api_tokens row as an ApiToken (absent times left out). */
export function toToken(row: TokenRow): ApiToken {
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
