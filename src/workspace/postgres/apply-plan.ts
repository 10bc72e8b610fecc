/**
 * Executes a plan against the PostgreSQL workspace in one transaction, with the SQLite store's
 * rules (and the same write order, so ids and versions come out equal): check the lock and the plan's base (lineage + serial), write every change as a new
 * immutable version, bump the serial, log the apply. Any error rolls everything back. The meta row
 * is read FOR UPDATE, so two applies (from any processes) run one after the other and the second
 * sees the first one's serial.
 */
import type pg from 'pg';
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
import { transaction } from './transaction.js';
import { createMany, insertVersions, updateMany, type WriteContext } from './write-batch.js';

/** Called after each written change inside the transaction; tests use it to fail or pause mid-apply. */
export type PgAfterChangeHook = (index: number, change: ResourceChange) => void | Promise<void>;

/** Applies the plan atomically and returns the new serial and counts. */
export async function applyPlan(
  pool: pg.Pool,
  request: ApplyRequest,
  afterChange?: PgAfterChangeHook,
): Promise<ApplyResult> {
  const { plan } = request;
  assertApplicable(plan);
  const at = request.at ?? new Date().toISOString();
  return transaction(pool, async (client) => {
    await assertLockHeld(client, request.lockId);
    const { rows } = await client.query<{ lineage: string; serial: number }>(
      'SELECT lineage, serial FROM workspace_meta WHERE id = 1 FOR UPDATE',
    );
    const meta = rows[0];
    const result = startApply(plan, meta);
    const ctx: WriteContext = { client, at, appliedBy: request.appliedBy, planId: plan.id };
    const ordered = writeOrder(plan.changes);
    await writeChanges(ctx, ordered, result, afterChange);
    if (ordered.length === 0) return result;
    result.serial = meta.serial + 1;
    await client.query('UPDATE workspace_meta SET serial = $1 WHERE id = 1', [result.serial]);
    await client.query(
      'INSERT INTO applies (serial, plan_id, applied_by, applied_at, summary_json) VALUES ($1, $2, $3, $4, $5)',
      [result.serial, plan.id, request.appliedBy, at, JSON.stringify(plan.summary)],
    );
    return result;
  });
}

/**
 * Writes the changes in order: deletes and renames one by one (a rename may free a name the next
 * one takes), updates and creates in batches. Calls the hook after each change is written.
 */
async function writeChanges(
  ctx: WriteContext,
  ordered: ResourceChange[],
  result: ApplyResult,
  afterChange?: PgAfterChangeHook,
): Promise<void> {
  const updates = ordered.filter((c) => c.action === 'update');
  const creates = ordered.filter((c) => c.action === 'create');
  let index = 0;
  for (const change of ordered) {
    if (change.action === 'delete') await deleteResource(ctx, change);
    else if (change.action === 'rename') await renameResource(ctx, change);
    else break;
    result[change.action === 'delete' ? 'deleted' : 'renamed']++;
    await afterChange?.(index++, change);
  }
  for (const [batch, write, counter] of [
    [updates, updateMany, 'updated'],
    [creates, createMany, 'created'],
  ] as const) {
    if (batch.length === 0) continue;
    await write(ctx, batch);
    result[counter] += batch.length;
    for (const change of batch) await afterChange?.(index++, change);
  }
}

async function renameResource(ctx: WriteContext, change: ResourceChange): Promise<void> {
  const after = requireAfter(change);
  const row = await liveRow(ctx.client, change.previousAddress ?? change.address);
  const version = row.version + 1;
  await ctx.client.query(
    'UPDATE resources SET name = $1, version = $2, ir_json = $3, applied_hash = $4, protected = $5 WHERE id = $6',
    [
      after.metadata.name,
      version,
      storedIrJson(after),
      change.afterHash,
      after.metadata.protected === true,
      row.id,
    ],
  );
  await insertVersions(ctx, [{ resourceId: row.id, version, change, kind: 'rename' }]);
}

async function deleteResource(ctx: WriteContext, change: ResourceChange): Promise<void> {
  const row = await liveRow(ctx.client, change.address);
  assertDeletable(change.address, row.protected);
  await ctx.client.query(
    'UPDATE resources SET deleted_at = $1, deleted_by = $2, deleted_plan_id = $3 WHERE id = $4',
    [ctx.at, ctx.appliedBy, ctx.planId, row.id],
  );
}

async function liveRow(
  client: pg.PoolClient,
  address: string,
): Promise<{ id: number; version: number; protected: boolean }> {
  const { kind, name } = splitAddress(address);
  const { rows } = await client.query<{ id: number; version: number; protected: boolean }>(
    'SELECT id, version, protected FROM resources WHERE kind = $1 AND name = $2 AND deleted_at IS NULL',
    [kind, name],
  );
  return requireLive(rows[0], address);
}
