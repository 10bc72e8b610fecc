/** Read queries of the SQLite workspace: state for plan, current versions, history, info. */
import type { Database } from 'better-sqlite3';
import type { Address, ResourceKind } from '../../ir/types.js';
import type { StateResource, WorkspaceState } from '../../plan/types.js';
import type { ResourceHistory, ResourceVersion, WorkspaceInfo } from '../store.js';
import { splitAddress, toVersion, type VersionRow, withSource } from './rows.js';

interface Meta {
  lineage: string;
  serial: number;
  created_at: string;
}

interface LiveRow extends VersionRow {
  live_ir_json: string;
  applied_hash: string;
  live_protected: number;
}

const LIVE = `SELECT v.*, r.ir_json AS live_ir_json, r.applied_hash, r.protected AS live_protected
  FROM resources r JOIN resource_versions v ON v.resource_id = r.id AND v.version = r.version
  WHERE r.deleted_at IS NULL ORDER BY r.kind, r.name`;

export function readMeta(db: Database): Meta {
  return db.prepare('SELECT lineage, serial, created_at FROM workspace_meta WHERE id = 1').get() as Meta;
}

/** Lineage, serial and every live resource, read in one transaction so they agree. */
export function readState(db: Database): WorkspaceState {
  return db.transaction(() => {
    const meta = readMeta(db);
    const rows = db.prepare(LIVE).all() as LiveRow[];
    return { lineage: meta.lineage, serial: meta.serial, resources: rows.map(toStateResource) };
  })();
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
    protected: row.live_protected === 1,
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
export function readCurrentVersions(db: Database): ResourceVersion[] {
  return (db.prepare(LIVE).all() as LiveRow[]).map((row) => toVersion(row, row.live_ir_json));
}

export function readHistory(db: Database, address: Address): ResourceHistory {
  const { kind, name } = splitAddress(address);
  const ids = db
    .prepare('SELECT DISTINCT resource_id FROM resource_versions WHERE kind = ? AND name = ?')
    .all(kind, name) as Array<{ resource_id: number }>;
  const versions: ResourceVersion[] = [];
  let current: ResourceVersion | undefined;
  let deleted: ResourceHistory['deleted'];
  for (const { resource_id } of ids) {
    const resource = db.prepare('SELECT * FROM resources WHERE id = ?').get(resource_id) as {
      version: number;
      deleted_at: string | null;
      deleted_by: string | null;
      deleted_plan_id: string | null;
      kind: string;
      name: string;
    };
    const rows = db
      .prepare('SELECT * FROM resource_versions WHERE resource_id = ? ORDER BY version DESC')
      .all(resource_id) as VersionRow[];
    const mapped = rows.map((row) => toVersion(row));
    versions.push(...mapped);
    const live = resource.deleted_at === null && resource.kind === kind && resource.name === name;
    if (live) current = mapped.find((v) => v.version === resource.version);
    else if (resource.deleted_at && resource.kind === kind && resource.name === name && !current) {
      deleted = {
        at: resource.deleted_at,
        by: resource.deleted_by ?? '',
        planId: resource.deleted_plan_id ?? '',
      };
    }
  }
  versions.sort((a, b) => (a.appliedAt < b.appliedAt ? 1 : a.appliedAt > b.appliedAt ? -1 : b.id - a.id));
  return { address, ...(current ? { current } : {}), ...(deleted && !current ? { deleted } : {}), versions };
}

export function readInfo(db: Database, location: string): WorkspaceInfo {
  const meta = readMeta(db);
  const count = db.prepare('SELECT COUNT(*) AS n FROM resources WHERE deleted_at IS NULL').get() as {
    n: number;
  };
  return {
    location,
    lineage: meta.lineage,
    serial: meta.serial,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    createdAt: meta.created_at,
    resourceCount: count.n,
  };
}
