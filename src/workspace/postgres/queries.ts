/** Read queries of the PostgreSQL workspace: state for plan, current versions, history, info. */
import type pg from 'pg';
import type { Address, ResourceKind } from '../../ir/types.js';
import type { StateResource, WorkspaceState } from '../../plan/types.js';
import type { ResourceHistory, ResourceVersion, WorkspaceInfo } from '../store.js';
import { type PgVersionRow, splitAddress, toVersion, withSource } from './rows.js';
import { transaction } from './transaction.js';

interface Meta {
  lineage: string;
  serial: number;
  created_at: string;
}

interface LiveRow extends PgVersionRow {
  live_ir_json: string;
  applied_hash: string;
  live_protected: boolean;
}

interface ResourceRow {
  id: number;
  kind: string;
  name: string;
  version: number;
  deleted_at: string | null;
  deleted_by: string | null;
  deleted_plan_id: string | null;
}

// COLLATE "C": the same byte order as SQLite's, whatever the database's locale.
const LIVE = `SELECT v.*, r.ir_json AS live_ir_json, r.applied_hash, r.protected AS live_protected
  FROM resources r JOIN resource_versions v ON v.resource_id = r.id AND v.version = r.version
  WHERE r.deleted_at IS NULL ORDER BY r.kind COLLATE "C", r.name COLLATE "C"`;

async function readMeta(client: pg.Pool | pg.PoolClient): Promise<Meta> {
  const { rows } = await client.query<Meta>(
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

function toStateResource(row: LiveRow): StateResource {
  // The live copy equals what apply wrote unless someone edited it (drift): then its hash is known.
  const drifted = row.live_ir_json !== row.ir_json;
  const resource = {
    address: `${row.kind}/${row.name}` as Address,
    kind: row.kind as ResourceKind,
    name: row.name,
    version: row.version,
    appliedHash: row.applied_hash,
    ...(drifted ? {} : { liveHash: row.applied_hash }),
    protected: row.live_protected,
  } as StateResource;
  // Parsed on first use: a no-op plan never reads the IR of unchanged resources.
  lazy(resource, 'ir', () => withSource(row.live_ir_json, row.source_file, row.source_text));
  if (drifted) lazy(resource, 'appliedIr', () => withSource(row.ir_json, row.source_file, row.source_text));
  return resource;
}

function lazy<T extends object>(target: T, key: string, compute: () => unknown): void {
  let value: unknown;
  let done = false;
  Object.defineProperty(target, key, {
    enumerable: true,
    get: () => {
      if (!done) {
        value = compute();
        done = true;
      }
      return value;
    },
  });
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
      const { rows: versionRows } = await client.query<PgVersionRow>(
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

/** The same rules as the SQLite store: the live resource under the address is current, else the last deleted one. */
function historyOf(
  address: Address,
  at: { kind: string; name: string },
  resources: ResourceRow[],
  byResource: Map<number, ResourceVersion[]>,
): ResourceHistory {
  const versions: ResourceVersion[] = [];
  let current: ResourceVersion | undefined;
  let deleted: ResourceHistory['deleted'];
  for (const resource of resources) {
    const mapped = byResource.get(resource.id) ?? [];
    versions.push(...mapped);
    const here = resource.kind === at.kind && resource.name === at.name;
    if (here && resource.deleted_at === null) current = mapped.find((v) => v.version === resource.version);
    else if (here && resource.deleted_at && !current)
      deleted = {
        at: resource.deleted_at,
        by: resource.deleted_by ?? '',
        planId: resource.deleted_plan_id ?? '',
      };
  }
  versions.sort((a, b) => (a.appliedAt < b.appliedAt ? 1 : a.appliedAt > b.appliedAt ? -1 : b.id - a.id));
  return { address, ...(current ? { current } : {}), ...(deleted && !current ? { deleted } : {}), versions };
}

export async function readInfo(pool: pg.Pool, location: string): Promise<WorkspaceInfo> {
  const { rows } = await pool.query<Meta & { n: number; schema_version: number }>(
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
