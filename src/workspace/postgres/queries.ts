/** Read queries of the PostgreSQL workspace: state for plan, current versions, history, info. */
import type pg from 'pg';
import type { Address } from '../../ir/types.js';
import type { WorkspaceState } from '../../plan/types.js';
import { splitAddress, toVersion, type VersionRow } from '../rows/definition-rows.js';
import {
  historyOf,
  LIVE_SELECT,
  type LiveRow,
  type MetaRow,
  type ResourceRow,
  toStateResource,
} from '../rows/state-rows.js';
import type { ResourceHistory, ResourceVersion, WorkspaceInfo } from '../store.js';
import { transaction } from './transaction.js';

// COLLATE "C": the same byte order as SQLite's, whatever the database's locale.
const LIVE = `${LIVE_SELECT} ORDER BY r.kind COLLATE "C", r.name COLLATE "C"`;

async function readMeta(client: pg.Pool | pg.PoolClient): Promise<MetaRow> {
  const { rows } = await client.query<MetaRow>(
    'SELECT lineage, serial, created_at FROM workspace_meta WHERE id = 1',
  );
  return rows[0];
}

/** Lineage, serial and every live resource, read from one snapshot so they agree. */
export function readState(pool: pg.Pool): Promise<WorkspaceState> {
  return transaction(
    pool,
    async (client) => {
      const meta = await readMeta(client);
      const { rows } = await client.query<LiveRow>(LIVE);
      return { lineage: meta.lineage, serial: meta.serial, resources: rows.map(toStateResource) };
    },
    { isolation: 'repeatable read', readOnly: true },
  );
}

/** Current versions of live resources, with `ir` being the live copy (what export writes). */
export async function readCurrentVersions(pool: pg.Pool): Promise<ResourceVersion[]> {
  const { rows } = await pool.query<LiveRow>(LIVE);
  return rows.map((row) => toVersion(row, row.live_ir_json));
}

/** Every version ever applied under the address (following renames), newest first. */
export function readHistory(pool: pg.Pool, address: Address): Promise<ResourceHistory> {
  const { kind, name } = splitAddress(address);
  return transaction(
    pool,
    async (client) => {
      const { rows: resources } = await client.query<ResourceRow>(
        `SELECT r.id, r.kind, r.name, r.version, r.deleted_at, r.deleted_by, r.deleted_plan_id FROM resources r
         WHERE r.id IN (SELECT resource_id FROM resource_versions WHERE kind = $1 AND name = $2) ORDER BY r.id`,
        [kind, name],
      );
      const { rows: versionRows } = await client.query<VersionRow>(
        'SELECT * FROM resource_versions WHERE resource_id = ANY($1::int[]) ORDER BY resource_id, version DESC',
        [resources.map((r) => r.id)],
      );
      const byResource = new Map<number, ResourceVersion[]>();
      for (const row of versionRows) {
        const list = byResource.get(row.resource_id) ?? [];
        list.push(toVersion(row));
        byResource.set(row.resource_id, list);
      }
      return historyOf(address, { kind, name }, resources, byResource);
    },
    { isolation: 'repeatable read', readOnly: true },
  );
}

export async function readInfo(pool: pg.Pool, location: string): Promise<WorkspaceInfo> {
  const { rows } = await pool.query<MetaRow & { n: number; schema_version: number }>(
    `SELECT m.lineage, m.serial, m.created_at,
       (SELECT COUNT(*)::int FROM resources WHERE deleted_at IS NULL) AS n,
       (SELECT MAX(version) FROM schema_migrations) AS schema_version
     FROM workspace_meta m WHERE m.id = 1`,
  );
  const row = rows[0];
  return {
    location,
    lineage: row.lineage,
    serial: row.serial,
    schemaVersion: row.schema_version,
    createdAt: row.created_at,
    resourceCount: row.n,
  };
}
