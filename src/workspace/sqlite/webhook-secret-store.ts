/**
 * Per-automation webhook secrets on the workspace SQLite file (table webhook_secrets). A rotation
 * is one IMMEDIATE transaction, so two concurrent rotations never lose the previous secret.
 */
import type { Database } from 'better-sqlite3';
import type { WebhookSecret, WebhookSecretStore } from '../backend.js';
import { rotationValues, toSecret, type WebhookSecretRow } from '../rows/webhook-secret-rows.js';
import { DEFAULT_ROTATION_GRACE_MS, newWebhookSecret, validSecrets } from '../webhook-secrets.js';

/** Implements WebhookSecretStore on an open, migrated workspace database. */
export class SqliteWebhookSecretStore implements WebhookSecretStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(automation: string): Promise<WebhookSecret | undefined> {
    return this.read(automation);
  }

  async ensure(automation: string): Promise<WebhookSecret> {
    return this.ensureSync(automation);
  }

  async rotate(automation: string, graceMs = DEFAULT_ROTATION_GRACE_MS): Promise<WebhookSecret> {
    const now = this.now();
    const rotate = this.db.transaction(() => {
      const current = this.ensureSync(automation);
      this.db
        .prepare(
          `UPDATE webhook_secrets SET secret = ?, previous_secret = ?, previous_valid_until = ?, rotated_at = ?
           WHERE automation = ?`,
        )
        .run(...rotationValues(current.secret, now, graceMs), automation);
      return this.read(automation) as WebhookSecret;
    });
    return rotate.immediate();
  }

  async valid(automation: string): Promise<string[]> {
    return validSecrets(this.read(automation), this.now());
  }

  private ensureSync(automation: string): WebhookSecret {
    this.db
      .prepare('INSERT OR IGNORE INTO webhook_secrets (automation, secret, created_at) VALUES (?, ?, ?)')
      .run(automation, newWebhookSecret(), this.now().toISOString());
    return this.read(automation) as WebhookSecret;
  }

  private read(automation: string): WebhookSecret | undefined {
    const row = this.db.prepare('SELECT * FROM webhook_secrets WHERE automation = ?').get(automation) as
      | WebhookSecretRow
      | undefined;
    return row ? toSecret(row) : undefined;
  }
}
