/**
 * Canonical JSON and content hashes of IR resources. The hash covers what a resource means, not
 * where it was written: source references (`ref`), the source file/text and `metadata.previousName`
 * are left out, so moving a file, reformatting it or leaving a finished rename's `previousName` in
 * place plans as no change.
 */
import { createHash } from 'node:crypto';
import type { Resource } from '../ir/types.js';

/** JSON with object keys sorted at every level and `undefined` members dropped: equal data, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortKeys(item)));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = sortKeys(member);
  }
  return out;
}

/** The part of a resource that plan compares: no source refs, no source text, no previousName. */
export function semanticContent(resource: Resource): Record<string, unknown> {
  const { source: _source, ...rest } = resource as Resource & { source?: unknown };
  const stripped = stripRefs(rest) as Record<string, unknown>;
  const metadata = { ...(stripped.metadata as Record<string, unknown>) };
  delete metadata.previousName;
  return { ...stripped, metadata };
}

/** A deep copy without `ref` members (source positions) and without undefined members. */
export function stripRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (key !== 'ref' && member !== undefined) out[key] = stripRefs(member);
  }
  return out;
}

/** `sha256:<hex>` of the canonical JSON of the resource's semantic content. */
export function contentHash(resource: Resource): string {
  return `sha256:${createHash('sha256')
    .update(canonicalJson(semanticContent(resource)))
    .digest('hex')}`;
}
