/**
 * Date-trigger firings on the workspace SQLite file (table date_trigger_fires): remembering a
 * firing and appending its event are one transaction, so a firing is emitted exactly once, also
 * when two scanners (processes) race or one restarts.
 */
import type { Database } from 'better-sqlite3';
import type { DateTriggerFiring, DateTriggerStore } from '../backend.js';
import type { RuntimeEvent } from '../events/types.js';
import { firingValues } from '../rows/trigger-rows.js';
import { appendEventsSync } from './event-store.js';

/** Implements DateTriggerStore on an open, migrated workspace database. */
export class SqliteDateTriggerStore implements DateTriggerStore {
  constructor(private readonly db: Database) {}

  async fireOnce(firing: DateTriggerFiring, event: RuntimeEvent): Promise<boolean> {
    const fire = this.db.transaction((): boolean => {
      const inserted = this.db
        .prepare(
          `INSERT OR IGNORE INTO date_trigger_fires (key, automation, record_id, field, value, offset_ms, due_at, event_id, fired_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...firingValues(firing)).changes;
      if (inserted === 0) return false;
      appendEventsSync(this.db, [event], firing.firedAt);
      return true;
    });
    return fire.immediate();
  }
}
