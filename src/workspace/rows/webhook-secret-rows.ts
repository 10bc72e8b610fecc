/**
 * Webhook secret rows (table webhook_secrets), their mapping and what a rotation writes, shared by
 * the SQLite and PostgreSQL webhook secret stores. Pure; each backend keeps its SQL and locking.
 */
import type { WebhookSecret } from '../backend.js';
import { newWebhookSecret } from '../webhook-secrets.js';

/** A webhook_secrets row. */
export type WebhookSecretRow = {
  automation: string;
  secret: string;
  previous_secret: string | null;
  previous_valid_until: string | null;
  created_at: string;
  rotated_at: string | null;
};

/**
 * The values a rotation at `now` writes, in the column order secret, previous_secret,
 * previous_valid_until, rotated_at: a new secret, the current one kept valid for `graceMs`.
 */
export function rotationValues(currentSecret: string | undefined, now: Date, graceMs: number): unknown[] {
  return [
    newWebhookSecret(),
    currentSecret,
    new Date(now.getTime() + graceMs).toISOString(),
    now.toISOString(),
  ];
}

/** A webhook_secrets row as a WebhookSecret (the previous secret only while it has a deadline). */
export function toSecret(row: WebhookSecretRow): WebhookSecret {
  return {
    automation: row.automation,
    secret: row.secret,
    ...(row.previous_secret && row.previous_valid_until
      ? { previous: { secret: row.previous_secret, validUntil: row.previous_valid_until } }
      : {}),
    createdAt: row.created_at,
    ...(row.rotated_at ? { rotatedAt: row.rotated_at } : {}),
  };
}
