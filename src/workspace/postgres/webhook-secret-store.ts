/**
 * Per-automation webhook secrets on PostgreSQL (table webhook_secrets). Creation is an insert that
 * does nothing when another process created the secret first; a rotation locks the row, so two
 * concurrent rotations never lose the previous secret (the second rotates the first's result).
 */
import type pg from 'pg';
import type { WebhookSecret, WebhookSecretStore } from '../backend.js';
import { rotationValues, toSecret, type WebhookSecretRow } from '../rows/webhook-secret-rows.js';
import { DEFAULT_ROTATION_GRACE_MS, newWebhookSecret, validSecrets } from '../webhook-secrets.js';
import type { Queryable } from './runtime-sql.js';
import { transaction } from './transaction.js';

/** Implements WebhookSecretStore on a workspace pool. */
export class PgWebhookSecretStore implements WebhookSecretStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(automation: string): Promise<WebhookSecret | undefined> {
    return read(this.pool, automation);
  }

  async ensure(automation: string): Promise<WebhookSecret> {
    return this.ensureOn(this.pool, automation);
  }

  async rotate(automation: string, graceMs = DEFAULT_ROTATION_GRACE_MS): Promise<WebhookSecret> {
    const now = this.now();
    return transaction(this.pool, async (client) => {
      await this.ensureOn(client, automation);
      const current = await read(client, automation, 'FOR UPDATE');
      const { rows } = await client.query<WebhookSecretRow>(
        `UPDATE webhook_secrets SET secret = $1, previous_secret = $2, previous_valid_until = $3, rotated_at = $4
         WHERE automation = $5 RETURNING *`,
        [...rotationValues(current?.secret, now, graceMs), automation],
      );
      return toSecret(rows[0]);
    });
  }

  async valid(automation: string): Promise<string[]> {
    return validSecrets(await read(this.pool, automation), this.now());
  }

  private async ensureOn(db: Queryable, automation: string): Promise<WebhookSecret> {
    await db.query(
      `INSERT INTO webhook_secrets (automation, secret, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (automation) DO NOTHING`,
      [automation, newWebhookSecret(), this.now().toISOString()],
    );
    return (await read(db, automation)) as WebhookSecret;
  }
}

async function read(db: Queryable, automation: string, lock = ''): Promise<WebhookSecret | undefined> {
  const { rows } = await db.query<WebhookSecretRow>(
    `SELECT * FROM webhook_secrets WHERE automation = $1 ${lock}`,
    [automation],
  );
  return rows[0] ? toSecret(rows[0]) : undefined;
}
