/**
 * The record store on SQLite (with the search of the `search_records` action). A write, its events and its idempotency key are one transaction:
 * after a crash either all three exist or none does, so a retried action neither loses nor repeats
 * its side effect.
 */
import type Database from 'better-sqlite3';
import type { RecordSearch, SearchableRecordStore } from '../backend.js';
import {
  type ListOptions,
  RecordExistsError,
  type RecordFilter,
  type StoredRecord,
  type WriteContext,
  type WriteResult,
} from '../records/types.js';
import {
  type AppliedWrite,
  mergeValues,
  newRecordId,
  type RecordRow as Row,
  replayedResult,
  requireRecord,
  toRecord,
  writeResult,
} from '../rows/record-rows.js';
import { appendEventsSync } from './event-store.js';

const SQL_OPS: Record<RecordFilter['op'], string> = {
  eq: '=',
  ne: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  contains: 'LIKE',
};

/** Implements the (searchable) RecordStore on the workspace database handle. */
export class SqliteRecordStore implements SearchableRecordStore {
  constructor(private readonly db: Database.Database) {}

  async create(object: string, values: Record<string, unknown>, ctx: WriteContext & { id?: string } = {}) {
    return this.write(ctx, (at) => {
      const id = newRecordId(ctx.id);
      const taken = this.rowById(id);
      if (taken) throw new RecordExistsError(taken.object, id);
      this.db
        .prepare(
          'INSERT INTO runtime_records (object, id, values_json, version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
        )
        .run(object, id, JSON.stringify(values), at, at);
      return { op: 'create' as const, record: this.mustGet(object, id), before: undefined };
    });
  }

  async update(
    object: string | undefined,
    id: string,
    values: Record<string, unknown>,
    ctx: WriteContext = {},
  ) {
    return this.write(ctx, (at) => {
      const current = this.mustGet(object, id);
      const merged = mergeValues(current.values, values);
      this.db
        .prepare(
          'UPDATE runtime_records SET values_json = ?, version = version + 1, updated_at = ? WHERE id = ?',
        )
        .run(JSON.stringify(merged), at, id);
      return { op: 'update' as const, record: this.mustGet(object, id), before: current.values };
    });
  }

  async delete(object: string | undefined, id: string, ctx: WriteContext = {}) {
    return this.write(ctx, () => {
      const current = this.mustGet(object, id);
      this.db.prepare('DELETE FROM runtime_records WHERE id = ?').run(id);
      return { op: 'delete' as const, record: current, before: current.values };
    });
  }

  async get(object: string | undefined, id: string): Promise<StoredRecord | undefined> {
    const row = this.rowById(id);
    return row && (object === undefined || row.object === object) ? toRecord(row) : undefined;
  }

  async list(object: string, options: ListOptions = {}): Promise<StoredRecord[]> {
    const where = ['object = ?'];
    const params: unknown[] = [object];
    for (const filter of options.where ?? []) {
      const path = `$.${JSON.stringify(filter.field)}`;
      where.push(`json_extract(values_json, ?) ${SQL_OPS[filter.op]} ?`);
      params.push(path, sqlValue(filter));
    }
    const sql = `SELECT * FROM runtime_records WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT ? OFFSET ?`;
    const rows = this.db.prepare(sql).all(...params, options.limit ?? 100, options.offset ?? 0) as Row[];
    return rows.map(toRecord);
  }

  async objects(): Promise<Array<{ object: string; count: number }>> {
    return this.db
      .prepare('SELECT object, COUNT(*) AS count FROM runtime_records GROUP BY object ORDER BY object')
      .all() as Array<{ object: string; count: number }>;
  }

  async search(query: RecordSearch): Promise<{ records: StoredRecord[]; total: number }> {
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
    const count = this.db.prepare(`SELECT COUNT(*) AS n FROM runtime_records WHERE ${filter}`);
    const total = (count.get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM runtime_records WHERE ${filter} ${orderBy(query.sort)} LIMIT ?`)
      .all(...params, query.limit) as Row[];
    return { records: rows.map(toRecord), total };
  }

  /** Runs one write with its events and idempotency key in a single IMMEDIATE transaction. */
  private write(ctx: WriteContext, apply: (at: string) => AppliedWrite): WriteResult {
    const run = this.db.transaction((): WriteResult => {
      if (ctx.idempotencyKey) {
        const seen = this.db
          .prepare('SELECT result_json FROM runtime_idempotency_keys WHERE key = ?')
          .get(ctx.idempotencyKey) as { result_json: string } | undefined;
        if (seen) return replayedResult(seen.result_json);
      }
      const at = ctx.at ?? new Date().toISOString();
      const result = writeResult(ctx, apply(at), at);
      appendEventsSync(this.db, result.events, at);
      if (ctx.idempotencyKey) {
        this.db
          .prepare('INSERT INTO runtime_idempotency_keys (key, result_json, created_at) VALUES (?, ?, ?)')
          .run(ctx.idempotencyKey, JSON.stringify(result), at);
      }
      return result;
    });
    return run.immediate();
  }

  private rowById(id: string): Row | undefined {
    return this.db.prepare('SELECT * FROM runtime_records WHERE id = ?').get(id) as Row | undefined;
  }

  /** The record `id`; with an object, it must belong to that object. */
  private mustGet(object: string | undefined, id: string): StoredRecord {
    return requireRecord(this.rowById(id), object, id);
  }
}

function sqlValue(filter: RecordFilter): unknown {
  if (filter.op === 'contains') return `%${String(filter.value)}%`;
  if (typeof filter.value === 'boolean') return filter.value ? 1 : 0;
  if (filter.value !== null && typeof filter.value === 'object') return JSON.stringify(filter.value);
  return filter.value;
}

function sqlScalar(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value ?? null;
}

/** `ORDER BY` for a sort attribute (`-` prefix: descending); only `[a-zA-Z0-9_]` of the slug is kept. */
function orderBy(sort: string | undefined): string {
  if (!sort) return 'ORDER BY created_at, id';
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort).replace(/[^a-zA-Z0-9_]/g, '');
  return `ORDER BY json_extract(values_json, '$.${field}') ${desc ? 'DESC' : 'ASC'}, id`;
}
