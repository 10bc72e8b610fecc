/**
 * Row shapes of the PostgreSQL workspace's definition tables and their mapping to store types:
 * the same mapping as the SQLite store (src/workspace/sqlite/rows.ts), so both return equal values.
 */
import type { Address, ResourceKind } from '../../ir/types.js';
import { withSource } from '../sqlite/rows.js';
import type { LockInfo, ResourceVersion } from '../store.js';

export { splitAddress, storedIrJson, withSource } from '../sqlite/rows.js';

export interface PgVersionRow {
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
  protected: boolean;
  change: 'create' | 'update' | 'rename';
}

export interface PgLockRow {
  id: string;
  holder: string;
  operation: string;
  host: string;
  pid: number;
  created_at: string;
  expires_at: string;
}

export function toVersion(row: PgVersionRow, irJson: string = row.ir_json): ResourceVersion {
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
    protected: row.protected,
    change: row.change,
  };
}

export function toLock(row: PgLockRow): LockInfo {
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
