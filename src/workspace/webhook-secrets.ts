/**
 * What every WebhookSecretStore shares, whatever stores it: the secret format, the default grace
 * period of a rotation, and which secrets a request may be signed with at a given moment.
 */
import { randomBytes } from 'node:crypto';
import type { WebhookSecret } from './backend.js';

/** How long a rotated-out secret is still accepted (24 hours). */
export const DEFAULT_ROTATION_GRACE_MS = 24 * 3_600_000;

/** A new webhook signing secret: `whsec_` + 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The secrets valid at `now`: the current one, and the previous one until its grace ends. */
export function validSecrets(secret: WebhookSecret | undefined, now: Date): string[] {
  if (!secret) return [];
  const out = [secret.secret];
  if (secret.previous && Date.parse(secret.previous.validUntil) > now.getTime())
    out.push(secret.previous.secret);
  return out;
}
