/**
 * Executes a plan against the SQLite workspace in one IMMEDIATE transaction: check the lock and the
 * plan's base (lineage + serial), write every change as a new immutable version, bump the serial,
 * log the apply. Any error rolls everything back; a killed process leaves the last committed state.
 */
import type { Database } from 'better-sqlite3';
import type { Resource } from '../../ir/types.js';
import type { ResourceChange } from '../../plan/types.js';
import {
  assertApplicable,
  assertDeletable,
  requireAfter,
  requireLive,
  startApply,
  writeOrder,
} from '../rows/apply-rules.js';
import { splitAddress, storedIrJson } from '../rows/definition-rows.js';
import type { ApplyRequest, ApplyResult } from '../store.js';
import { assertLockHeld } from './locks.js';

/** Called after each written change; tests use it to fail or pause mid-apply. */
export type AfterChangeHook = (index: number, change: ResourceChange) => void;

interface Context {
  db: Database;
  at: string;
  appliedBy: string;
  planId: string;
}

/** Applies the plan atomically and returns the new serial and counts. */
export function applyPlan(db: Database, request: ApplyRequest, afterChange?: AfterChangeHook): ApplyResult {
  const { plan } = request;
  assertApplicable(plan);
  const at = request.at ?? new Date().toISOString();
  const run = db.transaction((): ApplyResult => {
    assertLockHeld(db, request.lockId, new Date().toISOString());
    const meta = db.prepare('SELECT lineage, serial FROM workspace_meta WHERE id = 1').get() as {
      lineage: string;
      serial: number;
    };
    const result = startApply(plan, meta);
    const ctx: Context = { db, at, appliedBy: request.appliedBy, planId: plan.id };
    let index = 0;
    for (const change of writeOrder(plan.changes)) {
      writeChange(ctx, change, result);
      afterChange?.(index, change);
      index++;
    }
    if (index === 0) return result;
    result.serial = meta.serial + 1;
    db.prepare('UPDATE workspace_meta SET serial = ? WHERE id = 1').run(result.serial);
    db.prepare(
      'INSERT INTO applies (serial, plan_id, applied_by, applied_at, summary_json) VALUES (?, ?, ?, ?, ?)',
    ).run(result.serial, plan.id, request.appliedBy, at, JSON.stringify(plan.summary));
    return result;
  });
  return run.immediate();
}

function writeChange(ctx: Context, change: ResourceChange, result: ApplyResult): void {
  switch (change.action) {
    case 'create':
      createResource(ctx, change);
      result.created++;
      return;
    case 'update':
      newVersion(ctx, change, change.address, 'update');
      result.updated++;
      return;
    case 'rename':
      newVersion(ctx, change, change.previousAddress ?? change.address, 'rename');
      result.renamed++;
      return;
    case 'delete':
      deleteResource(ctx, change);
      result.deleted++;
      return;
  }
}

function createResource(ctx: Context, change: ResourceChange): void {
  const after = requireAfter(change);
  const { lastInsertRowid } = ctx.db
    .prepare(
      'INSERT INTO resources (kind, name, version, ir_json, applied_hash, protected) VALUES (?, ?, 1, ?, ?, ?)',
    )
    .run(
      after.kind,
      after.metadata.name,
      storedIrJson(after),
      change.afterHash,
      after.metadata.protected ? 1 : 0,
    );
  insertVersion(ctx, Number(lastInsertRowid), 1, change, after, 'create');
}

function newVersion(ctx: Context, change: ResourceChange, address: string, kind: 'update' | 'rename'): void {
  const after = requireAfter(change);
  const row = liveRow(ctx.db, address);
  const version = row.version + 1;
  ctx.db
    .prepare(
      'UPDATE resources SET name = ?, version = ?, ir_json = ?, applied_hash = ?, protected = ? WHERE id = ?',
    )
    .run(
      after.metadata.name,
      version,
      storedIrJson(after),
      change.afterHash,
      after.metadata.protected ? 1 : 0,
      row.id,
    );
  insertVersion(ctx, row.id, version, change, after, kind);
}

function deleteResource(ctx: Context, change: ResourceChange): void {
  const row = liveRow(ctx.db, change.address);
  assertDeletable(change.address, row.protected === 1);
  ctx.db
    .prepare('UPDATE resources SET deleted_at = ?, deleted_by = ?, deleted_plan_id = ? WHERE id = ?')
    .run(ctx.at, ctx.appliedBy, ctx.planId, row.id);
}

function insertVersion(
  ctx: Context,
  resourceId: number,
  version: number,
  change: ResourceChange,
  after: Resource,
  kind: string,
) {
  ctx.db
    .prepare(
      `INSERT INTO resource_versions (resource_id, version, kind, name, content_hash, ir_json, source_file, source_text,
         applied_by, applied_at, plan_id, protected, change) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      resourceId,
      version,
      after.kind,
      after.metadata.name,
      change.afterHash,
      storedIrJson(after),
      after.source?.file ?? '',
      after.source?.text ?? '',
      ctx.appliedBy,
      ctx.at,
      ctx.planId,
      after.metadata.protected ? 1 : 0,
      kind,
    );
}

function liveRow(db: Database, address: string): { id: number; version: number; protected: number } {
  const { kind, name } = splitAddress(address);
  const row = db
    .prepare(
      'SELECT id, version, protected FROM resources WHERE kind = ? AND name = ? AND deleted_at IS NULL',
    )
    .get(kind, name) as { id: number; version: number; protected: number } | undefined;
  return requireLive(row, address);
}
