/**
 * Row shapes of the definition tables (resource_versions, locks) and their mapping to store types,
 * shared by the SQLite and PostgreSQL workspace stores so both return equal values. The one dialect
 * difference in the rows themselves: a boolean column is 0/1 in SQLite and true/false in PostgreSQL.
 */
import type { Address, Resource, ResourceKind } from '../../ir/types.js';
import type { LockInfo, ResourceVersion } from '../store.js';

/** A boolean column: 0/1 from SQLite, true/false from PostgreSQL. */
export type BoolColumn = number | boolean;

/** A resource_versions row. */
export interface VersionRow {
  id: number;
  resource_id: number;
  version: number;
  kind: string;
  name: string;
  content_hash: string;
  ir_json: string;
  source_file: string;
  source_text: string;
  applied_by: string;
  applied_at: string;
  plan_id: string;
  protected: BoolColumn;
  change: 'create' | 'update' | 'rename';
}

/** A locks row (the scope column aside). */
export interface LockRow {
  id: string;
  holder: string;
  operation: string;
  host: string;
  pid: number;
  created_at: string;
  expires_at: string;
}

/** Whether a boolean column is set, in either dialect. */
export function isTrue(value: BoolColumn): boolean {
  return value === true || value === 1;
}

/** The IR is stored without its `source` (kept in its own columns); this puts it back. */
export function withSource(irJson: string, file: string, text: string): Resource {
  return { ...(JSON.parse(irJson) as Resource), source: { file, text } };
}

/** IR JSON as stored: everything but `source`. */
export function storedIrJson(resource: Resource): string {
  const { source: _source, ...rest } = resource;
  return JSON.stringify(rest);
}

/** A resource_versions row as a ResourceVersion; `irJson` replaces the stored IR (the live copy). */
export function toVersion(row: VersionRow, irJson: string = row.ir_json): ResourceVersion {
  return {
    id: row.id,
    address: `${row.kind}/${row.name}` as Address,
    kind: row.kind as ResourceKind,
    name: row.name,
    version: row.version,
    contentHash: row.content_hash,
    ir: withSource(irJson, row.source_file, row.source_text),
    sourceFile: row.source_file,
    sourceText: row.source_text,
    appliedBy: row.applied_by,
    appliedAt: row.applied_at,
    planId: row.plan_id,
    protected: isTrue(row.protected),
    change: row.change,
  };
}

/** A locks row as LockInfo. */
export function toLock(row: LockRow): LockInfo {
  return {
    id: row.id,
    holder: row.holder,
    operation: row.operation,
    host: row.host,
    pid: row.pid,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** Splits `Kind/name` into its parts. */
export function splitAddress(address: string): { kind: string; name: string } {
  const slash = address.indexOf('/');
  return { kind: address.slice(0, slash), name: address.slice(slash + 1) };
}
