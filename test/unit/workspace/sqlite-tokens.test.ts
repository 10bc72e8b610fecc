/**
 * API tokens on the SQLite backend: a secret is shown once and only its SHA-256 hash is stored;
 * verify finds live tokens only (not revoked, not expired) and records their last use.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteBackend, type SqliteBackend } from '../../../src/workspace/sqlite/backend.js';
import { SqliteTokenStore } from '../../../src/workspace/sqlite/token-store.js';
import {
  hashTokenSecret,
  looksLikeTokenSecret,
  normalizeScopes,
  sameHash,
  scopeAllows,
} from '../../../src/workspace/token-secrets.js';
import { tempWorkspacePath } from './helpers.js';

let backend: SqliteBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

function open(): SqliteBackend {
  backend = openSqliteBackend(tempWorkspacePath());
  return backend;
}

describe('SQLite token store', () => {
  it('creates a token whose secret is returned once and stored only as its hash', async () => {
    const { tokens, db } = open();
    const { token, secret } = await tokens.create({ name: 'ci', scopes: ['plan', 'read'], createdBy: 'ada' });
    expect(secret).toMatch(/^aexy_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: 'ci', scopes: ['read', 'plan'], createdBy: 'ada' });
    expect(token.id).toMatch(/^tok_[0-9a-f]{24}$/);
    const rows = db.prepare('SELECT * FROM api_tokens').all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(hashTokenSecret(secret));
    // The secret appears in no column, in any form but its hash.
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(secret.slice(5));
  });

  it('verifies the secret, updates last use, and refuses unknown and malformed secrets', async () => {
    const { tokens } = open();
    const { token, secret } = await tokens.create({ name: 'ci', scopes: ['apply'], createdBy: 'ada' });
    expect(token.lastUsedAt).toBeUndefined();
    const verified = await tokens.verify(secret);
    expect(verified).toMatchObject({ id: token.id, scopes: ['apply'] });
    expect(verified?.lastUsedAt).toBeDefined();
    expect((await tokens.list())[0]?.lastUsedAt).toBe(verified?.lastUsedAt);
    const other = `aexy_${'A'.repeat(43)}`;
    expect(await tokens.verify(other)).toBeUndefined();
    expect(await tokens.verify('')).toBeUndefined();
    expect(await tokens.verify(`${secret}x`)).toBeUndefined();
    expect(await tokens.verify(secret.toUpperCase())).toBeUndefined();
  });

  it('stops verifying a revoked token; revoke of an unknown id is undefined', async () => {
    const { tokens } = open();
    const { token, secret } = await tokens.create({ name: 'old', scopes: ['read'], createdBy: 'ada' });
    const revoked = await tokens.revoke(token.id);
    expect(revoked?.revokedAt).toBeDefined();
    expect(await tokens.verify(secret)).toBeUndefined();
    // Revoking again keeps the first revocation time.
    expect((await tokens.revoke(token.id))?.revokedAt).toBe(revoked?.revokedAt);
    expect(await tokens.revoke('tok_nope')).toBeUndefined();
    expect((await tokens.list()).map((t) => t.revokedAt)).toEqual([revoked?.revokedAt]);
  });

  it('stops verifying a token after it expires', async () => {
    const { db } = open();
    let now = new Date('2026-11-27T10:00:00Z');
    const tokens = new SqliteTokenStore(db, () => now);
    const { secret } = await tokens.create({
      name: 'short',
      scopes: ['read'],
      createdBy: 'ada',
      expiresAt: '2026-11-27T11:00:00.000Z',
    });
    expect(await tokens.verify(secret)).toBeDefined();
    now = new Date('2026-11-27T11:00:00Z');
    expect(await tokens.verify(secret)).toBeUndefined();
  });

  it('lists newest first and refuses unknown scopes', async () => {
    const { db } = open();
    let now = new Date('2026-11-27T10:00:00Z');
    const tokens = new SqliteTokenStore(db, () => now);
    await tokens.create({ name: 'first', scopes: ['read'], createdBy: 'ada' });
    now = new Date('2026-11-27T10:00:01Z');
    await tokens.create({ name: 'second', scopes: ['admin'], createdBy: 'ada' });
    expect((await tokens.list()).map((t) => t.name)).toEqual(['second', 'first']);
    await expect(tokens.create({ name: 'x', scopes: ['root' as 'read'], createdBy: 'ada' })).rejects.toThrow(
      /unknown token scope "root"/,
    );
  });
});

describe('token secrets', () => {
  it('implies scopes: admin everything, apply plan, plan/apply/operate read', () => {
    expect(scopeAllows(['admin'], 'apply')).toBe(true);
    expect(scopeAllows(['apply'], 'plan')).toBe(true);
    expect(scopeAllows(['apply'], 'read')).toBe(true);
    expect(scopeAllows(['operate'], 'read')).toBe(true);
    expect(scopeAllows(['plan'], 'apply')).toBe(false);
    expect(scopeAllows(['read'], 'plan')).toBe(false);
    expect(scopeAllows(['operate'], 'plan')).toBe(false);
    expect(scopeAllows(['apply'], 'admin')).toBe(false);
    expect(normalizeScopes(['plan', 'read', 'plan'])).toEqual(['read', 'plan']);
  });

  it('compares hashes in constant time and recognises the secret shape', () => {
    const a = hashTokenSecret('aexy_a');
    expect(sameHash(a, hashTokenSecret('aexy_a'))).toBe(true);
    expect(sameHash(a, hashTokenSecret('aexy_b'))).toBe(false);
    expect(sameHash(a, a.slice(0, 10))).toBe(false);
    expect(looksLikeTokenSecret(`aexy_${'x'.repeat(43)}`)).toBe(true);
    expect(looksLikeTokenSecret(`aexy_${'x'.repeat(42)}`)).toBe(false);
  });
});
