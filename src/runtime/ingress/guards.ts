/**
 * In-memory guards of the ingress: a token bucket per automation (rate limit) and a replay cache of
 * signatures seen within the timestamp tolerance. Both are per process; the outbox still refuses a
 * replayed event id (it is derived from the signature), so a replay after a restart starts nothing.
 */

/** A token bucket per key: `capacity` requests at once, refilled at `perSecond`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {}

  /** Takes a token; when none is left, returns how many seconds until one is. */
  take(key: string, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond)) };
  }
}

/** Signatures seen, remembered until their timestamp leaves the tolerance window. */
export class ReplayCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly toleranceMs: number) {}

  /** Records `key` (signed at `timestampMs`); false when it was seen before. */
  remember(key: string, timestampMs: number, now: number): boolean {
    for (const [k, expires] of this.seen) if (expires < now) this.seen.delete(k);
    if (this.seen.has(key)) return false;
    this.seen.set(key, timestampMs + this.toleranceMs);
    return true;
  }
}
