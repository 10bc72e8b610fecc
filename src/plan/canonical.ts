/**
 * Canonical JSON and content hashes of IR resources. The hash covers what a resource means, not
 * where it was written: source references (`ref`), the source file/text and `metadata.previousName`
 * are left out, so moving a file, reformatting it or leaving a finished rename's `previousName` in
 * place plans as no change. The serializer writes in one pass (no intermediate copies): plan hashes
 * every desired resource, so this is its hot path.
 */
import { createHash } from 'node:crypto';
import type { Resource } from '../ir/types.js';

/** JSON with object keys sorted at every level and `undefined` members dropped: equal data, equal text. */
export function canonicalJson(value: unknown): string {
  return write(value, false);
}

/** A source reference the compiler attached (`{file, range}`), as opposed to user data under a key `ref`. */
function isSourceRef(key: string, value: unknown): boolean {
  return key === 'ref' && value !== null && typeof value === 'object' && 'file' in value && 'range' in value;
}

function write(value: unknown, skipRefs: boolean): string {
  if (value === null || typeof value !== 'object')
    return value === undefined ? 'null' : JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + write(value[i], skipRefs);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined || (skipRefs && isSourceRef(key, member))) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${write(member, skipRefs)}`;
    first = false;
  }
  return `${out}}`;
}

/** The part of a resource that plan compares: no source refs, no source text, no previousName. */
export function semanticContent(resource: Resource): Record<string, unknown> {
  return stripRefs(comparableShell(resource)) as Record<string, unknown>;
}

/** A shallow copy without `source` and `metadata.previousName` (refs are removed by the caller). */
function comparableShell(resource: Resource): Record<string, unknown> {
  const { source: _source, ...rest } = resource as Resource & { source?: unknown };
  const { previousName: _previous, ...metadata } = resource.metadata;
  return { ...rest, metadata };
}

/** A deep copy without source references and without undefined members. */
export function stripRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined && !isSourceRef(key, member)) out[key] = stripRefs(member);
  }
  return out;
}

/** `sha256:<hex>` of the canonical JSON of the resource's semantic content. */
export function contentHash(resource: Resource): string {
  return `sha256:${createHash('sha256')
    .update(write(comparableShell(resource), true))
    .digest('hex')}`;
}
