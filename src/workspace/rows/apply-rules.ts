/**
 * The rules of applying a plan that both workspace stores follow, in the same order: refuse a plan
 * with errors, check the plan's base (lineage + serial), write deletes, renames, updates and creates
 * in that order, and refuse a change whose resource is missing or protected. Pure: each backend keeps
 * its SQL, its transaction and how it locks the meta row.
 */
import type { Resource } from '../../ir/types.js';
import type { Plan, ResourceChange } from '../../plan/types.js';
import { PlanNotApplicableError, StalePlanError } from '../errors.js';
import type { ApplyResult } from '../store.js';

/** Throws PlanNotApplicableError for a plan with errors (checked before any transaction starts). */
export function assertApplicable(plan: Plan): void {
  if (!plan.applicable) throw new PlanNotApplicableError('the plan has errors and cannot be applied');
}

/**
 * Throws StalePlanError unless the workspace is still at the plan's base; otherwise returns the
 * result to fill in, at the current serial with nothing counted yet.
 */
export function startApply(plan: Plan, meta: { lineage: string; serial: number }): ApplyResult {
  if (meta.lineage !== plan.base.lineage || meta.serial !== plan.base.serial)
    throw new StalePlanError(plan.base, meta);
  return { serial: meta.serial, planId: plan.id, created: 0, updated: 0, renamed: 0, deleted: 0 };
}

/** Deletes, then renames, then updates, then creates: a name freed or moved earlier can be taken later in the same plan. */
export function writeOrder(changes: ResourceChange[]): ResourceChange[] {
  const rank = { delete: 0, rename: 1, update: 2, create: 3, 'no-op': 4 } as const;
  return changes.filter((c) => c.action !== 'no-op').sort((a, b) => rank[a.action] - rank[b.action]);
}

/** The resource a create, update or rename writes; a plan without one was edited by hand. */
export function requireAfter(change: ResourceChange): Resource {
  if (!change.after)
    throw new PlanNotApplicableError(`the plan's ${change.action} of ${change.address} carries no resource`);
  return change.after;
}

/** The live row a change needs, or PlanNotApplicableError when the address is not in the workspace. */
export function requireLive<T>(row: T | undefined, address: string): T {
  if (!row) throw new PlanNotApplicableError(`${address} is not in the workspace`);
  return row;
}

/** The plan never deletes a protected resource; this guards hand-edited plan files. */
export function assertDeletable(address: string, isProtected: boolean): void {
  if (isProtected) throw new PlanNotApplicableError(`${address} is protected and cannot be deleted`);
}
