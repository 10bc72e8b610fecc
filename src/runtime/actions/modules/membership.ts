/**
 * Membership records (list entries, sequence enrollments, campaign recipients): one record per
 * (container, member) with `status: active | removed`. Joining and leaving are idempotent twice over:
 * the record store dedupes a retried write by key, and the entry remembers which step joined or left,
 * so a retry after success reports the same outcome ("added") instead of "already a member".
 */
import type { ActionContext, StoredRecord } from '../../activities/ports.js';
import { findWhere, type ModulePorts, mutation } from './kit.js';

/** Result of join/leave: the entry (absent when there is none) and whether this step changed it. */
export interface MembershipChange {
  entry?: StoredRecord;
  changed: boolean;
}

/** Makes `key` an active member of `object`; `values` are written when it (re)joins. */
export async function join(
  ports: ModulePorts,
  ctx: ActionContext,
  object: string,
  key: Record<string, unknown>,
  values: Record<string, unknown> = {},
): Promise<MembershipChange> {
  const [entry] = await findWhere(ports, object, key);
  const mark = { ...values, status: 'active', joinedBy: ctx.idempotencyKey, leftBy: null };
  if (!entry) {
    const created = await ports.records.create(object, { ...key, ...mark }, mutation(ctx, ':join'));
    return { entry: created, changed: true };
  }
  if (entry.values.status === 'active')
    return { entry, changed: entry.values.joinedBy === ctx.idempotencyKey };
  const updated = await ports.records.update(entry.id, mark, mutation(ctx, ':join'));
  return { entry: updated, changed: true };
}

/** Marks the active membership of `key` in `object` removed; `values` are written with it. */
export async function leave(
  ports: ModulePorts,
  ctx: ActionContext,
  object: string,
  key: Record<string, unknown>,
  values: Record<string, unknown> = {},
): Promise<MembershipChange> {
  const [entry] = await findWhere(ports, object, key);
  if (!entry) return { changed: false };
  if (entry.values.status !== 'active') return { entry, changed: entry.values.leftBy === ctx.idempotencyKey };
  const mark = { ...values, status: 'removed', leftBy: ctx.idempotencyKey };
  const updated = await ports.records.update(entry.id, mark, mutation(ctx, ':leave'));
  return { entry: updated, changed: true };
}
