/**
 * The RecordStore port (what record actions call) on the workspace record store. Every mutation
 * passes the action's idempotency key and causation chain through, so a retried action never writes
 * twice and the events it causes carry the chain the router checks against `chainDepthLimit`.
 */
import type { Database } from 'better-sqlite3';
import { SqliteRecordStore } from '../../workspace/records/sqlite-record-store.js';
import { type StoredRecord, RecordNotFoundError as StoreNotFound } from '../../workspace/records/types.js';
import {
  type IdempotencyStore,
  type MutationContext,
  type StoredRecord as PortRecord,
  RecordNotFoundError,
  type RecordQuery,
  type RecordStore,
} from '../activities/ports.js';

const plain = (r: StoredRecord): PortRecord => ({ id: r.id, object: r.object, values: r.values });

/** Converts the store's not-found error into the port's (which the activities map to `not_found`). */
async function mapNotFound<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof StoreNotFound) throw new RecordNotFoundError(error.id);
    throw error;
  }
}

/** Implements the activities' RecordStore port on the SQLite record store. */
export class WorkspaceRecords implements RecordStore {
  private readonly store: SqliteRecordStore;

  constructor(private readonly db: Database) {
    this.store = new SqliteRecordStore(db);
  }

  async create(object: string, values: Record<string, unknown>, ctx: MutationContext): Promise<PortRecord> {
    const result = await this.store.create(object, values, write(ctx));
    return plain(result.record);
  }

  async update(id: string, values: Record<string, unknown>, ctx: MutationContext) {
    return mapNotFound(async () => {
      const result = await this.store.update(undefined, id, values, write(ctx));
      const before = result.previous ?? {};
      const changed = Object.keys({ ...before, ...result.record.values }).filter(
        (k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(result.record.values[k] ?? null),
      );
      return { ...plain(result.record), changed };
    });
  }

  async delete(id: string, _options: { permanent: boolean }, ctx: MutationContext) {
    try {
      await this.store.delete(undefined, id, write(ctx));
      return { id, deleted: true };
    } catch (error) {
      if (error instanceof StoreNotFound) return { id, deleted: false };
      throw error;
    }
  }

  async get(id: string): Promise<PortRecord | undefined> {
    const record = await this.store.get(undefined, id);
    return record && plain(record);
  }

  async search(query: RecordQuery): Promise<{ records: PortRecord[]; total: number }> {
    const where = ['object = ?'];
    const params: unknown[] = [query.object];
    for (const [field, value] of Object.entries(query.where ?? {})) {
      where.push('json_extract(values_json, ?) IS ?');
      params.push(`$.${JSON.stringify(field)}`, sqlScalar(value));
    }
    if (query.query) {
      where.push('lower(values_json) LIKE ?');
      params.push(`%${query.query.toLowerCase()}%`);
    }
    const filter = where.join(' AND ');
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM runtime_records WHERE ${filter}`).get(...params) as {
        n: number;
      }
    ).n;
    const rows = this.db
      .prepare(`SELECT id FROM runtime_records WHERE ${filter} ${orderBy(query.sort)} LIMIT ?`)
      .all(...params, query.limit) as Array<{ id: string }>;
    const records = await Promise.all(rows.map((r) => this.store.get(undefined, r.id)));
    return { records: records.filter((r): r is StoredRecord => !!r).map(plain), total };
  }

  async link(id: string, relation: string, toId: string, ctx: MutationContext): Promise<PortRecord> {
    if (!(await this.store.get(undefined, toId))) throw new RecordNotFoundError(toId);
    const result = await this.update(id, { [relation]: toId }, ctx);
    return { id: result.id, object: result.object, values: result.values };
  }
}

/** Remembers completed actions' outputs in the workspace (same table as record writes, own prefix). */
export class WorkspaceIdempotency implements IdempotencyStore {
  constructor(private readonly db: Database) {}

  async get(key: string): Promise<{ output: unknown } | undefined> {
    const row = this.db
      .prepare('SELECT result_json FROM runtime_idempotency_keys WHERE key = ?')
      .get(`action:${key}`) as { result_json: string } | undefined;
    return row ? { output: JSON.parse(row.result_json) } : undefined;
  }

  async put(key: string, output: unknown): Promise<void> {
    this.db
      .prepare(
        'INSERT OR IGNORE INTO runtime_idempotency_keys (key, result_json, created_at) VALUES (?, ?, ?)',
      )
      .run(`action:${key}`, JSON.stringify(output ?? null), new Date().toISOString());
  }
}

function write(ctx: MutationContext) {
  return { idempotencyKey: `record:${ctx.idempotencyKey}`, causation: ctx.causation, actor: null };
}

function sqlScalar(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value ?? null;
}

/** `ORDER BY` for a sort attribute (`-` prefix: descending); the slug is bound, never interpolated raw. */
function orderBy(sort: string | undefined): string {
  if (!sort) return 'ORDER BY created_at, id';
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort).replace(/[^a-zA-Z0-9_]/g, '');
  return `ORDER BY json_extract(values_json, '$.${field}') ${desc ? 'DESC' : 'ASC'}, id`;
}
