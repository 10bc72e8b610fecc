/**
 * Source positions for paths inside a parsed YAML document. Walks yaml's AST (never the text), so a
 * diagnostic about `spec.workflow.steps[2].with.to` points at exactly that value, or at the closest
 * ancestor that exists when the value is missing.
 */
import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
} from 'yaml';
import type { Position, SourceRange, SourceRef } from '../diagnostics/diagnostic.js';
import type { DocPath, LoadedDocument } from './types.js';

/** Converts yaml's 0-based offsets into 1-based positions of one file. */
export interface OffsetMapper {
  position(offset: number): Position;
  range(start: number, end: number): SourceRange;
}

/** An OffsetMapper over a LineCounter filled by the parser. */
export function offsetMapper(lineCounter: LineCounter): OffsetMapper {
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return {
    position,
    range: (start, end) => ({ start: position(start), end: position(Math.max(start, end)) }),
  };
}

interface Found {
  node: Node | null;
  /** The key of the map entry holding `node`, when it is a map value. */
  key?: Node;
  exact: boolean;
}

/** Builds `LoadedDocument.locate` for one document. */
export function createLocator(file: string, doc: Document, offsets: OffsetMapper): LoadedDocument['locate'] {
  const docStart = doc.range?.[0] ?? 0;
  // The compiler locates many paths that share prefixes (every key of every step); remembering the
  // nodes found keeps each call to a few map lookups.
  const cache = new Map<string, Found>();
  return (path, options) => {
    const found = walk(doc, path, cache);
    // A missing value is reported on its parent's key: `spec:` reads better than the whole spec block.
    const preferKey = options?.key || !found.exact || isEmptyScalar(found.node);
    const target = (preferKey && found.key) || found.node;
    const ref: SourceRef = { file, range: rangeOf(target, docStart, offsets) };
    if (path.length > 0) ref.path = formatPath(path);
    return ref;
  };
}

function walk(doc: Document, path: DocPath, cache: Map<string, Found>): Found {
  let current: Found = { node: doc.contents as Node | null, exact: true };
  let key = '';
  for (const segment of path) {
    key += `\u0000${segment}`;
    const cached = cache.get(key);
    if (cached) {
      current = cached;
      continue;
    }
    const node = isAlias(current.node) ? (current.node.resolve(doc) ?? null) : current.node;
    const next = child(node, segment);
    if (!next) return { ...current, exact: false };
    current = { node: next.value, key: next.key, exact: true };
    cache.set(key, current);
  }
  return current;
}

function child(node: Node | null, segment: string | number): { value: Node | null; key?: Node } | undefined {
  if (isMap(node)) {
    const pair = (node.items as Pair<unknown, unknown>[]).find((p) => keyText(p.key) === String(segment));
    if (!pair) return undefined;
    const key = pair.key as Node;
    return { value: (pair.value as Node | null) ?? null, key };
  }
  if (isSeq(node)) {
    const index = typeof segment === 'number' ? segment : Number(segment);
    const item = Number.isInteger(index) ? node.items[index] : undefined;
    return item === undefined ? undefined : { value: item as Node };
  }
  return undefined;
}

/** The text of a map key as toJS() would use it for an object property. */
export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (key === null || key === undefined) return undefined;
  return typeof key === 'object' ? undefined : String(key);
}

function isEmptyScalar(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1]);
}

function rangeOf(node: Node | null | undefined, fallbackOffset: number, offsets: OffsetMapper): SourceRange {
  const r = node?.range;
  if (!r) return offsets.range(fallbackOffset, fallbackOffset);
  return offsets.range(r[0], contentEnd(node) ?? r[1]);
}

/** Where a node's content ends: a block collection's own range runs on to the start of the next line. */
function contentEnd(node: unknown): number | undefined {
  if (!isNode(node) || !node.range) return undefined;
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1];
    const inner = isPair(last) ? (last.value ?? last.key) : last;
    return contentEnd(inner) ?? node.range[1];
  }
  return node.range[1];
}

/** `['spec', 'steps', 2, 'with']` -> `spec.steps[2].with` (keys that are not identifiers are quoted). */
export function formatPath(path: DocPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
