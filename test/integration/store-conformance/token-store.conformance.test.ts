/**
 * TokenStore behaviours on SQLite and PostgreSQL: a secret shown once and stored only as a hash,
 * verify with last use (written at most once a minute), revoke, expiry, scopes, listing order. Both must behave identically.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hashTokenSecret } from '../../../src/workspace/token-secrets.js';
import { BACKENDS, openStore, type StoreUnderTest } from './workspace-backends.js';

const opened: StoreUnderTest[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

describe.each(BACKENDS)('token store conformance: %s', (backend) => {
  const open = async () => {
    const s = await openStore(backend);
    opened.push(s);
    return s.tokens;
  };

  it('creates a token whose secret verifies, recording the last use', async () => {
    const tokens = await open();
    const { token, secret } = await tokens.create({
      name: 'ci',
      scopes: ['plan', 'read'],
      createdBy: 'alice',
    });
    expect(secret).toMatch(/^aexy_[A-Za-z0-9_-]{43}$/);
    expect(token).toEqual({
      id: expect.stringMatching(/^tok_[0-9a-f]{24}$/),
      name: 'ci',
      scopes: ['read', 'plan'],
      createdAt: expect.any(String),
      createdBy: 'alice',
    });
    expect(JSON.stringify(await tokens.list())).not.toContain(secret);
    expect(JSON.stringify(await tokens.list())).not.toContain(hashTokenSecret(secret));
    const verified = await tokens.verify(secret);
    expect(verified).toMatchObject({ id: token.id, lastUsedAt: expect.any(String) });
    expect((await tokens.list())[0].lastUsedAt).toBe(verified?.lastUsedAt);
  });

  it('records a use only when the recorded one is 60 s old or more (one write a minute per token)', async () => {
    const s = await openStore(backend);
    opened.push(s);
    const t0 = Date.parse('2026-11-27T03:00:00.000Z');
    let now = t0;
    const tokens = s.tokensAt(() => new Date(now));
    const { token, secret } = await tokens.create({ name: 'ci', scopes: ['read'], createdBy: 'a' });
    const lastUse = async () => (await tokens.list()).find((t) => t.id === token.id)?.lastUsedAt;
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    expect(await lastUse()).toBeUndefined();
    // never used: the first verify records it
    expect((await tokens.verify(secret))?.lastUsedAt).toBe(at(0));
    // 59.999 s later: answered with the stored time, nothing written
    now = t0 + 59_999;
    expect((await tokens.verify(secret))?.lastUsedAt).toBe(at(0));
    expect(await lastUse()).toBe(at(0));
    // exactly 60 s later: recorded
    now = t0 + 60_000;
    expect((await tokens.verify(secret))?.lastUsedAt).toBe(at(60_000));
    expect(await lastUse()).toBe(at(60_000));
    now = t0 + 119_999;
    expect((await tokens.verify(secret))?.lastUsedAt).toBe(at(60_000));
    // a store whose clock is behind the recorded use never moves it back
    now = t0 + 10_000;
    expect((await tokens.verify(secret))?.lastUsedAt).toBe(at(60_000));
    expect(await lastUse()).toBe(at(60_000));
    // the resolution does not outlive revocation: a revoked token fails at once
    await tokens.revoke(token.id);
    now = t0 + 60_001;
    expect(await tokens.verify(secret)).toBeUndefined();
    expect(await lastUse()).toBe(at(60_000));
  });

  it('verifies nothing for a wrong, malformed or empty secret', async () => {
    const tokens = await open();
    const { secret } = await tokens.create({ name: 'ci', scopes: ['read'], createdBy: 'a' });
    const wrong = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const candidate of [wrong, 'aexy_short', '', `${secret} `])
      expect(await tokens.verify(candidate)).toBeUndefined();
  });

  it('revokes: the token stays listed (marked) and no longer verifies; unknown ids give undefined', async () => {
    const tokens = await open();
    const { token, secret } = await tokens.create({ name: 'ci', scopes: ['apply'], createdBy: 'a' });
    const revoked = await tokens.revoke(token.id);
    expect(revoked).toMatchObject({ id: token.id, revokedAt: expect.any(String) });
    expect(await tokens.verify(secret)).toBeUndefined();
    expect(await tokens.list()).toEqual([revoked]);
    // Revoking again keeps the first revocation time.
    expect((await tokens.revoke(token.id))?.revokedAt).toBe(revoked?.revokedAt);
    expect(await tokens.revoke('tok_nope')).toBeUndefined();
  });

  it('an expired token does not verify; one expiring later does', async () => {
    const tokens = await open();
    const past = await tokens.create({
      name: 'old',
      scopes: ['read'],
      createdBy: 'a',
      expiresAt: '2020-01-01T00:00:00.000Z',
    });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const live = await tokens.create({ name: 'new', scopes: ['read'], createdBy: 'a', expiresAt: future });
    expect(past.token.expiresAt).toBe('2020-01-01T00:00:00.000Z');
    expect(await tokens.verify(past.secret)).toBeUndefined();
    expect(await tokens.verify(live.secret)).toMatchObject({ name: 'new', expiresAt: future });
  });

  it('lists newest first, also within one millisecond, and refuses unknown scopes', async () => {
    const tokens = await open();
    const names = ['a', 'b', 'c', 'd'];
    for (const name of names) await tokens.create({ name, scopes: ['read'], createdBy: 'x' });
    expect((await tokens.list()).map((t) => t.name)).toEqual([...names].reverse());
    await expect(
      tokens.create({ name: 'bad', scopes: ['read', 'root' as 'read'], createdBy: 'x' }),
    ).rejects.toThrow('unknown token scope "root"');
    expect(await tokens.list()).toHaveLength(4);
  });
});
