/**
 * The event outbox on the workspace SQLite file. Claims are single `UPDATE … RETURNING` statements,
 * atomic in SQLite, so two routers (in any processes) never claim the same event.
 */
import type Database from 'better-sqlite3';
import type { EventStore } from '../events/event-store.js';
import type { RuntimeEvent, StoredEvent } from '../events/types.js';
import { EVENT_COLUMNS as COLUMNS, type EventRow as Row, toStored } from '../rows/event-rows.js';

/** Appends events inside the caller's transaction (the record store calls this while it writes). */
export function appendEventsSync(
  db: Database.Database,
  events: RuntimeEvent[],
  at = new Date().toISOString(),
) {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO runtime_events (id, type, object, record_id, depth, event_json, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  let added = 0;
  for (const e of events) {
    added += insert.run(
      e.id,
      e.type,
      e.object ?? null,
      e.recordId ?? null,
      e.causation.length,
      JSON.stringify(e),
      at,
    ).changes;
  }
  return added;
}

/** Implements EventStore on the workspace database handle. */
export class SqliteEventStore implements EventStore {
  constructor(private readonly db: Database.Database) {}

  async append(events: RuntimeEvent[]): Promise<number> {
    return this.db.transaction(() => appendEventsSync(this.db, events))();
  }

  async claim(router: string, limit: number): Promise<StoredEvent[]> {
    const at = new Date().toISOString();
    // One UPDATE ... RETURNING is atomic in SQLite: two routers never claim the same row.
    const rows = this.db
      .prepare(
        `UPDATE runtime_events SET routed_at = ?, routed_by = ?
         WHERE seq IN (SELECT seq FROM runtime_events WHERE routed_at IS NULL ORDER BY seq LIMIT ?)
         RETURNING ${COLUMNS}`,
      )
      .all(at, router, limit) as Row[];
    return rows.map(toStored).sort((a, b) => a.seq - b.seq);
  }

  async claimOne(id: string, router: string): Promise<StoredEvent | undefined> {
    const row = this.db
      .prepare(
        `UPDATE runtime_events SET routed_at = ?, routed_by = ? WHERE id = ? AND routed_at IS NULL
         RETURNING ${COLUMNS}`,
      )
      .get(new Date().toISOString(), router, id) as Row | undefined;
    return row ? toStored(row) : undefined;
  }

  async release(id: string): Promise<void> {
    this.db.prepare('UPDATE runtime_events SET routed_at = NULL, routed_by = NULL WHERE id = ?').run(id);
  }

  async finish(id: string): Promise<void> {
    this.db
      .prepare('UPDATE runtime_events SET finished_at = ? WHERE id = ?')
      .run(new Date().toISOString(), id);
  }

  async releaseStale(olderThanMs: number): Promise<number> {
    const cutoff = new Date(Date.now() - olderThanMs).toISOString();
    return this.db
      .prepare(
        'UPDATE runtime_events SET routed_at = NULL, routed_by = NULL WHERE finished_at IS NULL AND routed_at < ?',
      )
      .run(cutoff).changes;
  }

  async get(id: string): Promise<StoredEvent | undefined> {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM runtime_events WHERE id = ?`).get(id) as
      | Row
      | undefined;
    return row ? toStored(row) : undefined;
  }

  async list(options: { limit?: number; unroutedOnly?: boolean } = {}): Promise<StoredEvent[]> {
    const where = options.unroutedOnly ? 'WHERE routed_at IS NULL' : '';
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM runtime_events ${where} ORDER BY seq DESC LIMIT ?`)
      .all(options.limit ?? 100) as Row[];
    return rows.map(toStored);
  }
}
