/**
 * Date-trigger firings on PostgreSQL (table date_trigger_fires): remembering a firing and appending
 * its event are one transaction, so a firing is emitted exactly once, also when scanners in several
 * processes race (the loser's insert waits for the winner's commit, then does nothing).
 */
import type pg from 'pg';
import type { DateTriggerFiring, DateTriggerStore } from '../backend.js';
import type { RuntimeEvent } from '../events/types.js';
import { firingValues } from '../rows/trigger-rows.js';
import { appendEvents } from './runtime-sql.js';
import { transaction } from './transaction.js';

/** Implements DateTriggerStore on a workspace pool. */
export class PgDateTriggerStore implements DateTriggerStore {
  constructor(private readonly pool: pg.Pool) {}

  async fireOnce(firing: DateTriggerFiring, event: RuntimeEvent): Promise<boolean> {
    return transaction(this.pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO date_trigger_fires (key, automation, record_id, field, value, offset_ms, due_at, event_id, fired_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (key) DO NOTHING`,
        firingValues(firing),
      );
      if (inserted.rowCount === 0) return false;
      await appendEvents(client, [event], firing.firedAt);
      return true;
    });
  }
}
