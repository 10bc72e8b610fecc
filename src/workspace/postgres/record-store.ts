/**
 * The record store on PostgreSQL (with the search of the `search_records` action), answering as the
 * SQLite store does (src/workspace/sqlite/record-store.ts). A write, its events and its idempotency
 * key are one transaction; the record row is locked (`FOR UPDATE`) before it is read, so concurrent
 * updates from several workers merge instead of losing one another, and a write with an idempotency
 * key holds an advisory lock on the key, so the same action retried at once on two machines writes
 * once and the other call returns the first result.
 */
import type pg from 'pg';
import type { RecordSearch, SearchableRecordStore } from '../backend.js';
import {
  type ListOptions,
  RecordExistsError,
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
import { filterSql, isSql, orderSql, Params, querySql } from './record-query.js';
import { appendEvents, lockNames, type Queryable, toNumber } from './runtime-sql.js';
import { transaction } from './transaction.js';

const COLUMNS = 'id, object, values_json, version, created_at, updated_at';

/** Implements the (searchable) RecordStore on a workspace pool. */
export class PgRecordStore implements SearchableRecordStore {
  constructor(private readonly pool: pg.Pool) {}

  async create(object: string, values: Record<string, unknown>, ctx: WriteContext & { id?: string } = {}) {
    return this.write(ctx, async (client, at) => {
      const id = newRecordId(ctx.id);
      const { rows } = await client.query<Row>(
        `INSERT INTO runtime_records (object, id, values_json, doc, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 1, $5, $5) ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
        [object, id, JSON.stringify(values), jsonbText(values), at],
      );
      if (!rows[0]) throw new RecordExistsError((await rowById(client, id))?.object ?? object, id);
      return { op: 'create' as const, record: toRecord(rows[0]), before: undefined };
    });
  }

  async update(
    object: string | undefined,
    id: string,
    values: Record<string, unknown>,
    ctx: WriteContext = {},
  ) {
    return this.write(ctx, async (client, at) => {
      const current = await mustGet(client, object, id);
      const merged = mergeValues(current.values, values);
      const { rows } = await client.query<Row>(
        `UPDATE runtime_records SET values_json = $1, doc = $2, version = version + 1, updated_at = $3
         WHERE id = $4 RETURNING ${COLUMNS}`,
        [JSON.stringify(merged), jsonbText(merged), at, id],
      );
      return { op: 'update' as const, record: toRecord(rows[0]), before: current.values };
    });
  }

  async delete(object: string | undefined, id: string, ctx: WriteContext = {}) {
    return this.write(ctx, async (client) => {
      const current = await mustGet(client, object, id);
      await client.query('DELETE FROM runtime_records WHERE id = $1', [id]);
      return { op: 'delete' as const, record: current, before: current.values };
    });
  }

  async get(object: string | undefined, id: string): Promise<StoredRecord | undefined> {
    const row = await rowById(this.pool, id);
    return row && (object === undefined || row.object === object) ? toRecord(row) : undefined;
  }

  async list(object: string, options: ListOptions = {}): Promise<StoredRecord[]> {
    const params = new Params();
    const where = [`object = ${params.bind(object)}`];
    for (const filter of options.where ?? []) where.push(filterSql(filter, params));
    const page = `LIMIT ${params.bind(options.limit ?? 100)} OFFSET ${params.bind(options.offset ?? 0)}`;
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM runtime_records WHERE ${where.join(' AND ')} ORDER BY created_at, id ${page}`,
      params.values,
    );
    return rows.map(toRecord);
  }

  async objects(): Promise<Array<{ object: string; count: number }>> {
    const { rows } = await this.pool.query(
      'SELECT object, COUNT(*) AS count FROM runtime_records GROUP BY object ORDER BY object',
    );
    return rows.map((r) => ({ object: r.object as string, count: toNumber(r.count) }));
  }

  async search(query: RecordSearch): Promise<{ records: StoredRecord[]; total: number }> {
    const params = new Params();
    const where = [`object = ${params.bind(query.object)}`];
    for (const [field, value] of Object.entries(query.where ?? {})) where.push(isSql(field, value, params));
    if (query.query) where.push(querySql(query.query, params));
    const filter = where.join(' AND ');
    const counted = await this.pool.query(`SELECT COUNT(*) AS n FROM runtime_records WHERE ${filter}`, [
      ...params.values,
    ]);
    const order = orderSql(query.sort, params);
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM runtime_records WHERE ${filter} ${order} LIMIT ${params.bind(query.limit)}`,
      params.values,
    );
    return { records: rows.map(toRecord), total: toNumber(counted.rows[0].n) };
  }

  /** Runs one write with its events and idempotency key in a single transaction. */
  private async write(
    ctx: WriteContext,
    apply: (client: pg.PoolClient, at: string) => Promise<AppliedWrite>,
  ): Promise<WriteResult> {
    return transaction(this.pool, async (client) => {
      const key = ctx.idempotencyKey;
      if (key) {
        // Held to COMMIT: a second write with this key waits, then finds the first one's result.
        await lockNames(client, [`idempotency:${key}`]);
        const seen = await client.query<{ result_json: string }>(
          'SELECT result_json FROM runtime_idempotency_keys WHERE key = $1',
          [key],
        );
        if (seen.rows[0]) return replayedResult(seen.rows[0].result_json);
      }
      const at = ctx.at ?? new Date().toISOString();
      const result = writeResult(ctx, await apply(client, at), at);
      // The key goes in with the events: one statement fewer per keyed write.
      await appendEvents(
        client,
        result.events,
        at,
        key ? { key, resultJson: JSON.stringify(result) } : undefined,
      );
      return result;
    });
  }
}

/**
 * The JSONB copy's text: JSONB cannot hold U+0000, which JSON (and SQLite) can, so NUL characters
 * are dropped from the copy only; the record itself (values_json) keeps them.
 */
function jsonbText(values: Record<string, unknown>): string {
  return JSON.stringify(values, (_key, value) =>
    typeof value === 'string' ? value.replaceAll('\0', '') : value,
  );
}

async function rowById(db: Queryable, id: string, lock = ''): Promise<Row | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM runtime_records WHERE id = $1 ${lock}`, [id]);
  return rows[0];
}

/** The record `id`, locked until the transaction ends; with an object, it must belong to that object. */
async function mustGet(client: pg.PoolClient, object: string | undefined, id: string): Promise<StoredRecord> {
  return requireRecord(await rowById(client, id, 'FOR UPDATE'), object, id);
}
