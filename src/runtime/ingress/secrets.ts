/**
 * Per-automation webhook secrets, stored in the workspace (table webhook_secrets). A secret is
 * created on first use (`aexy webhooks secret show`, the runtime at start for every webhook
 * automation) and rotated with `aexy webhooks secret rotate`: the previous secret stays valid for a
 * grace period (default 24 hours) so senders can switch without dropped requests.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';

/** How long a rotated-out secret is still accepted. */
export const DEFAULT_ROTATION_GRACE_MS = 24 * 3_600_000;

/** An automation's secret state. */
export interface WebhookSecret {
  automation: string;
  secret: string;
  previous?: { secret: string; validUntil: string };
  createdAt: string;
  rotatedAt?: string;
}

type Row = {
  automation: string;
  secret: string;
  previous_secret: string | null;
  previous_valid_until: string | null;
  created_at: string;
  rotated_at: string | null;
};

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The secrets of one workspace database. */
export class WebhookSecretStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(automation: string): WebhookSecret | undefined {
    const row = this.db.prepare('SELECT * FROM webhook_secrets WHERE automation = ?').get(automation) as
      | Row
      | undefined;
    return row ? toSecret(row) : undefined;
  }

  /** The automation's secret, created when it has none. */
  ensure(automation: string): WebhookSecret {
    this.db
      .prepare('INSERT OR IGNORE INTO webhook_secrets (automation, secret, created_at) VALUES (?, ?, ?)')
      .run(automation, newSecret(), this.now().toISOString());
    return this.get(automation) as WebhookSecret;
  }

  /** A new secret; the current one stays valid for `graceMs`. */
  rotate(automation: string, graceMs = DEFAULT_ROTATION_GRACE_MS): WebhookSecret {
    const now = this.now();
    return this.db
      .transaction(() => {
        const current = this.ensure(automation);
        this.db
          .prepare(
            `UPDATE webhook_secrets SET secret = ?, previous_secret = ?, previous_valid_until = ?, rotated_at = ?
           WHERE automation = ?`,
          )
          .run(
            newSecret(),
            current.secret,
            new Date(now.getTime() + graceMs).toISOString(),
            now.toISOString(),
            automation,
          );
        return this.get(automation) as WebhookSecret;
      })
      .immediate();
  }

  /** The secrets a request may be signed with now (current, and the previous during its grace). */
  valid(automation: string): string[] {
    const secret = this.get(automation);
    if (!secret) return [];
    const out = [secret.secret];
    if (secret.previous && Date.parse(secret.previous.validUntil) > this.now().getTime())
      out.push(secret.previous.secret);
    return out;
  }
}

function toSecret(row: Row): WebhookSecret {
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
