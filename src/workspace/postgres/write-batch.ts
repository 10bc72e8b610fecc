/**
 * Batched writes of an apply: every create (or every update) of a plan in a few statements instead
 * of two or three round trips per resource, so applying a thousand automations takes about as long
 * as on SQLite. Rows are numbered (WITH ORDINALITY) and inserted in plan order, so ids come out in
 * the same order as the SQLite store's one-by-one writes.
 */
import type pg from 'pg';
import type { ResourceChange } from '../../plan/types.js';
import { PlanNotApplicableError } from '../errors.js';
import { requireAfter } from '../rows/apply-rules.js';
import { splitAddress, storedIrJson } from '../rows/definition-rows.js';

/** What every write of one apply shares. */
export interface WriteContext {
  client: pg.PoolClient;
  at: string;
  appliedBy: string;
  planId: string;
}

// Keeps a statement's parameters well below protocol limits with large IR documents.
const CHUNK = 500;

/** Inserts new resources at version 1 with their first versions. */
export async function createMany(ctx: WriteContext, changes: ResourceChange[]): Promise<void> {
  for (let i = 0; i < changes.length; i += CHUNK) {
    const chunk = changes.slice(i, i + CHUNK);
    const afters = chunk.map(requireAfter);
    const { rows } = await ctx.client.query<{ id: number }>(
      `INSERT INTO resources (kind, name, version, ir_json, applied_hash, protected)
       SELECT kind, name, 1, ir, hash, prot
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[]) WITH ORDINALITY AS u(kind, name, ir, hash, prot, ord)
       ORDER BY ord
       RETURNING id`,
      [
        afters.map((a) => a.kind),
        afters.map((a) => a.metadata.name),
        afters.map(storedIrJson),
        chunk.map((c) => c.afterHash),
        afters.map((a) => a.metadata.protected === true),
      ],
    );
    // Identities are drawn in insertion order (ORDER BY ord), so ascending ids are in plan order.
    const ids = rows.map((r) => r.id).sort((a, b) => a - b);
    await insertVersions(
      ctx,
      chunk.map((change, j) => ({ resourceId: ids[j], version: 1, change, kind: 'create' })),
    );
  }
}

/** Writes a new version of each live resource (same address: renames go one by one). */
export async function updateMany(ctx: WriteContext, changes: ResourceChange[]): Promise<void> {
  for (let i = 0; i < changes.length; i += CHUNK) {
    const chunk = changes.slice(i, i + CHUNK);
    const afters = chunk.map(requireAfter);
    const addresses = chunk.map((c) => splitAddress(c.address));
    const { rows } = await ctx.client.query<{ id: number; version: number; ord: string }>(
      `UPDATE resources r SET version = r.version + 1, ir_json = u.ir, applied_hash = u.hash, protected = u.prot
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[]) WITH ORDINALITY AS u(kind, name, ir, hash, prot, ord)
       WHERE r.kind = u.kind AND r.name = u.name AND r.deleted_at IS NULL
       RETURNING r.id, r.version, u.ord`,
      [
        addresses.map((a) => a.kind),
        addresses.map((a) => a.name),
        afters.map(storedIrJson),
        chunk.map((c) => c.afterHash),
        afters.map((a) => a.metadata.protected === true),
      ],
    );
    const byOrd = new Map(rows.map((r) => [Number(r.ord), r]));
    const missing = chunk.findIndex((_, j) => !byOrd.has(j + 1));
    if (missing >= 0) throw new PlanNotApplicableError(`${chunk[missing].address} is not in the workspace`);
    await insertVersions(
      ctx,
      chunk.map((change, j) => {
        const row = byOrd.get(j + 1) as { id: number; version: number };
        return { resourceId: row.id, version: row.version, change, kind: 'update' };
      }),
    );
  }
}

interface VersionWrite {
  resourceId: number;
  version: number;
  change: ResourceChange;
  kind: 'create' | 'update' | 'rename';
}

/** Inserts version rows in the given order (their ids follow it). */
export async function insertVersions(ctx: WriteContext, writes: VersionWrite[]): Promise<void> {
  const afters = writes.map((w) => requireAfter(w.change));
  await ctx.client.query(
    `INSERT INTO resource_versions (resource_id, version, kind, name, content_hash, ir_json, source_file,
       source_text, applied_by, applied_at, plan_id, protected, change)
     SELECT rid, ver, kind, name, hash, ir, file, text, $9, $10, $11, prot, change
     FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $12::bool[], $13::text[]) WITH ORDINALITY AS u(rid, ver, kind, name, hash, ir, file, text, prot, change, ord)
     ORDER BY ord`,
    [
      writes.map((w) => w.resourceId),
      writes.map((w) => w.version),
      afters.map((a) => a.kind),
      afters.map((a) => a.metadata.name),
      writes.map((w) => w.change.afterHash),
      afters.map(storedIrJson),
      afters.map((a) => a.source?.file ?? ''),
      afters.map((a) => a.source?.text ?? ''),
      ctx.appliedBy,
      ctx.at,
      ctx.planId,
      afters.map((a) => a.metadata.protected === true),
      writes.map((w) => w.kind),
    ],
  );
}
