/** Read queries of the SQLite workspace: state for plan, current versions, history, info. */
import type { Database } from 'better-sqlite3';
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

const LIVE = `${LIVE_SELECT} ORDER BY r.kind, r.name`;

export function readMeta(db: Database): MetaRow {
  return db.prepare('SELECT lineage, serial, created_at FROM workspace_meta WHERE id = 1').get() as MetaRow;
}

/** Lineage, serial and every live resource, read in one transaction so they agree. */
export function readState(db: Database): WorkspaceState {
  return db.transaction(() => {
    const meta = readMeta(db);
    const rows = db.prepare(LIVE).all() as LiveRow[];
    return { lineage: meta.lineage, serial: meta.serial, resources: rows.map(toStateResource) };
  })();
}

/** Current versions of live resources, with `ir` being the live copy (what export writes). */
export function readCurrentVersions(db: Database): ResourceVersion[] {
  return (db.prepare(LIVE).all() as LiveRow[]).map((row) => toVersion(row, row.live_ir_json));
}

/** Every version ever applied under the address (following renames), newest first. */
export function readHistory(db: Database, address: Address): ResourceHistory {
  const { kind, name } = splitAddress(address);
  const ids = db
    .prepare('SELECT DISTINCT resource_id FROM resource_versions WHERE kind = ? AND name = ?')
    .all(kind, name) as Array<{ resource_id: number }>;
  const resources: ResourceRow[] = [];
  const byResource = new Map<number, ResourceVersion[]>();
  for (const { resource_id } of ids) {
    resources.push(db.prepare('SELECT * FROM resources WHERE id = ?').get(resource_id) as ResourceRow);
    const rows = db
      .prepare('SELECT * FROM resource_versions WHERE resource_id = ? ORDER BY version DESC')
      .all(resource_id) as VersionRow[];
    byResource.set(
      resource_id,
      rows.map((row) => toVersion(row)),
    );
  }
  return historyOf(address, { kind, name }, resources, byResource);
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
