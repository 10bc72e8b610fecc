/**
 * What both workspace stores' read queries do with their rows once read: live resources as the
 * plan's state (IR parsed on first use) and the history of an address (the live resource under it is
 * current, else the last deleted one). Pure; each backend keeps its own SQL and transactions.
 */
import type { Address, ResourceKind } from '../../ir/types.js';
import type { StateResource } from '../../plan/types.js';
import type { ResourceHistory, ResourceVersion } from '../store.js';
import { type BoolColumn, isTrue, type VersionRow, withSource } from './definition-rows.js';

/** The workspace_meta row. */
export interface MetaRow {
  lineage: string;
  serial: number;
  created_at: string;
}

/**
 * The live resources: each one's current version joined with its live copy. Without ORDER BY: both
 * backends order by kind, name in byte order, each in its own dialect.
 */
export const LIVE_SELECT = `SELECT v.*, r.ir_json AS live_ir_json, r.applied_hash, r.protected AS live_protected
  FROM resources r JOIN resource_versions v ON v.resource_id = r.id AND v.version = r.version
  WHERE r.deleted_at IS NULL`;

/** A row of the live-resource query: the current version plus the live copy's columns. */
export interface LiveRow extends VersionRow {
  live_ir_json: string;
  applied_hash: string;
  live_protected: BoolColumn;
}

/** The columns of a resources row that history needs. */
export interface ResourceRow {
  id: number;
  kind: string;
  name: string;
  version: number;
  deleted_at: string | null;
  deleted_by: string | null;
  deleted_plan_id: string | null;
}

/** A live row as a plan-state resource; the IR (and the applied IR when drifted) parse on first use. */
export function toStateResource(row: LiveRow): StateResource {
  // The live copy equals what apply wrote unless someone edited it (drift): then its hash is known.
  const drifted = row.live_ir_json !== row.ir_json;
  const resource = {
    address: `${row.kind}/${row.name}` as Address,
    kind: row.kind as ResourceKind,
    name: row.name,
    version: row.version,
    appliedHash: row.applied_hash,
    ...(drifted ? {} : { liveHash: row.applied_hash }),
    protected: isTrue(row.live_protected),
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

/**
 * The history of `address` from every resource that ever had it (in the order given) and their
 * versions: the live resource under the address is current, else the last deleted one; newest first.
 */
export function historyOf(
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
