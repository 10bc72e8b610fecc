import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHex, signWebhook, verifyWebhook } from '../../../src/runtime/ingress/signature.js';

const secret = 'whsec_test_1';
const body = '{"event":"deal.won","amount":24000}';
const t = 1_764_200_000; // unix seconds
const now = t * 1000;

describe('signWebhook', () => {
  it('is HMAC-SHA256 over "timestamp.body" in hex, with the sha256= scheme', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signWebhook(secret, t, body)).toEqual({ timestamp: String(t), signature: `sha256=${expected}` });
  });

  it('signs bytes and the same text identically', () => {
    expect(signatureHex(secret, t, Buffer.from(body))).toBe(signatureHex(secret, t, body));
  });
});

describe('verifyWebhook', () => {
  const signed = signWebhook(secret, t, body);
  const base = { secret, timestamp: signed.timestamp, signature: signed.signature, rawBody: body, now };

  it('accepts a correct signature within tolerance, in either direction', () => {
    expect(verifyWebhook(base)).toEqual({ ok: true, timestamp: t });
    expect(verifyWebhook({ ...base, now: now + 4 * 60_000 }).ok).toBe(true);
    expect(verifyWebhook({ ...base, now: now - 4 * 60_000 }).ok).toBe(true);
  });

  it('reports missing headers', () => {
    expect(verifyWebhook({ ...base, signature: undefined })).toMatchObject({ ok: false, reason: 'missing' });
    expect(verifyWebhook({ ...base, timestamp: undefined })).toMatchObject({ ok: false, reason: 'missing' });
    expect(verifyWebhook({ ...base, signature: '' })).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('reports malformed headers', () => {
    for (const signature of [
      'abc',
      'sha1=' + 'a'.repeat(64),
      'sha256=' + 'z'.repeat(64),
      'sha256=abcd',
      ',',
    ]) {
      expect(verifyWebhook({ ...base, signature }), signature).toMatchObject({
        ok: false,
        reason: 'malformed',
      });
    }
    for (const timestamp of ['soon', '-5', '1.5', '2026-11-27T00:00:00Z']) {
      expect(verifyWebhook({ ...base, timestamp }), timestamp).toMatchObject({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('reports stale timestamps (past and future) beyond the 5 minute default and a custom tolerance', () => {
    expect(verifyWebhook({ ...base, now: now + 5 * 60_000 + 1000 })).toMatchObject({ reason: 'stale' });
    expect(verifyWebhook({ ...base, now: now - 5 * 60_000 - 1000 })).toMatchObject({ reason: 'stale' });
    expect(verifyWebhook({ ...base, now: now + 30_000, toleranceMs: 10_000 })).toMatchObject({
      reason: 'stale',
    });
  });

  it('reports a mismatch for another secret, another body, another timestamp', () => {
    expect(verifyWebhook({ ...base, secret: 'other' })).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verifyWebhook({ ...base, rawBody: body.replace('24000', '24001') })).toMatchObject({
      reason: 'mismatch',
    });
    // A replayed signature with a fresh timestamp does not verify: the timestamp is signed.
    expect(verifyWebhook({ ...base, timestamp: String(t + 60) })).toMatchObject({ reason: 'mismatch' });
  });

  it('accepts any of several secrets (rotation) and any of several signatures', () => {
    expect(verifyWebhook({ ...base, secret: ['new-secret', secret] }).ok).toBe(true);
    const next = signWebhook('new-secret', t, body).signature;
    expect(
      verifyWebhook({ ...base, secret: 'new-secret', signature: `${signed.signature}, ${next}` }).ok,
    ).toBe(true);
    expect(verifyWebhook({ ...base, secret: [] })).toMatchObject({ reason: 'mismatch' });
  });

  it('accepts upper-case hex', () => {
    const upper = 'sha256=' + signed.signature.slice(7).toUpperCase();
    expect(verifyWebhook({ ...base, signature: upper }).ok).toBe(true);
  });
});
