/**
 * API token secrets, shared by every TokenStore: the secret format (`aexy_` + 32 random bytes,
 * base64url: 256 bits, so a hash without a salt is safe to store), its SHA-256 hash (the only thing
 * a store keeps), the public id, and whether a stored token is live at a given moment.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiToken, TokenScope } from './backend.js';
import { TOKEN_SCOPES } from './backend.js';

/** Every secret starts with this, so leaked tokens are easy to recognise (secret scanners). */
export const TOKEN_PREFIX = 'aexy_';

/** A new token secret: `aexy_` + 32 random bytes, base64url (43 characters). */
export function newTokenSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** A new public token id: `tok_` + 12 random bytes, hex. */
export function newTokenId(): string {
  return `tok_${randomBytes(12).toString('hex')}`;
}

/** The SHA-256 hex digest of a secret: what a store keeps and looks tokens up by. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two hex hashes in constant time (false when their lengths differ). */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** True when the string has the shape of a token secret (cheap check before any lookup). */
export function looksLikeTokenSecret(value: string): boolean {
  return /^aexy_[A-Za-z0-9_-]{43}$/.test(value);
}

/** True when the token is neither revoked nor expired at `now`. */
export function isTokenLive(token: ApiToken, now: Date): boolean {
  if (token.revokedAt) return false;
  return !token.expiresAt || Date.parse(token.expiresAt) > now.getTime();
}

/**
 * How stale a token's recorded last use may get: verify writes `last_used_at` only when the stored
 * value is older than this, so a busy CI token costs one write a minute, not one per request
 * (on SQLite every write takes the database's single writer lock).
 */
export const TOKEN_LAST_USE_RESOLUTION_MS = 60_000;

/** True when a verify at `now` should record the use (never recorded, or recorded too long ago). */
export function lastUseIsStale(lastUsedAt: string | null | undefined, now: Date): boolean {
  if (!lastUsedAt) return true;
  return now.getTime() - Date.parse(lastUsedAt) >= TOKEN_LAST_USE_RESOLUTION_MS;
}

/** Checks requested scopes; throws naming the unknown one. Returns them deduplicated, in canonical order. */
export function normalizeScopes(scopes: readonly string[]): TokenScope[] {
  for (const s of scopes) {
    if (!TOKEN_SCOPES.includes(s as TokenScope))
      throw new Error(`unknown token scope "${s}" (known: ${TOKEN_SCOPES.join(', ')})`);
  }
  return TOKEN_SCOPES.filter((s) => scopes.includes(s));
}

/** Whether a token with `granted` scopes may do what `needed` requires (admin > apply > plan > read; operate > read). */
export function scopeAllows(granted: readonly TokenScope[], needed: TokenScope): boolean {
  if (granted.includes('admin') || granted.includes(needed)) return true;
  if (needed === 'plan') return granted.includes('apply');
  if (needed === 'read') return granted.some((s) => s === 'plan' || s === 'apply' || s === 'operate');
  return false;
}
