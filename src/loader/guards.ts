/**
 * Resource guards that run around the YAML parser so a hostile file is rejected quickly with little
 * memory: deep flow nesting (which can exhaust the parser's stack) before parsing, and alias
 * expansion ("billion laughs") after parsing but before anything expands the aliases.
 */
import { type Document, isAlias, isMap, isNode, isPair, isSeq, Lexer, type Node, visit } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { OffsetMapper } from './locate.js';

/** Default deepest flow nesting (`[[[...]]]`) accepted. */
export const DEFAULT_MAX_FLOW_DEPTH = 100;
/** Default most nodes that aliases may add to a document when expanded. */
export const DEFAULT_MAX_ALIAS_EXPANSION = 10_000;

/**
 * Offset of the first flow collection opened deeper than `maxDepth`, or undefined. Counting brackets
 * is a cheap pre-check; only files with that many brackets are lexed to count real nesting.
 */
export function excessiveFlowDepth(text: string, maxDepth: number): number | undefined {
  let brackets = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) brackets++;
  }
  if (brackets <= maxDepth) return undefined;
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') depth++;
    else if (token === ']' || token === '}') depth = Math.max(0, depth - 1);
    else if (token === DOCUMENT) depth = 0;
    if (depth > maxDepth) return offset;
    offset += lexedLength(token);
  }
  return undefined;
}

/** yaml's lexer marks a document start with this control token. */
const DOCUMENT = '\u0002';

/** Lexer control tokens (document start, scalar start, flow error) are one char absent from the text. */
function lexedLength(token: string): number {
  const c = token.charCodeAt(0);
  return token.length === 1 && c < 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d ? 0 : token.length;
}

/** The `yaml/too-deep` diagnostic. */
export function tooDeepDiagnostic(
  file: string,
  offset: number,
  offsets: OffsetMapper,
  maxDepth: number,
): Diagnostic {
  return {
    code: 'yaml/too-deep',
    severity: 'error',
    summary: `Collections are nested too deeply (more than ${maxDepth} levels)`,
    detail: 'aexy refuses deeply nested YAML so that a hostile file cannot exhaust the parser.',
    file,
    range: offsets.range(offset, offset + 1),
    fix: 'Flatten the structure; automation documents need only a few levels.',
  };
}

/**
 * Checks how much data the document's aliases expand to, without expanding them: each anchored
 * node's expanded size is computed once (memoised), so a billion-laughs file costs a few
 * microseconds. Returns a diagnostic at the alias that crosses the limit, or for a recursive alias.
 */
export function checkAliasExpansion(
  file: string,
  doc: Document,
  offsets: OffsetMapper,
  maxExpansion: number,
): Diagnostic | undefined {
  const sizes = new Map<Node, number>();
  let added = 0;
  let culprit: { alias: Node; recursive: boolean } | undefined;
  visit(doc, {
    Alias(_, alias) {
      const size = expandedSize(alias.resolve(doc), doc, sizes, new Set());
      added += size;
      if (!Number.isFinite(size) || added > maxExpansion) {
        culprit = { alias, recursive: !Number.isFinite(size) };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return culprit && aliasDiagnostic(file, culprit.alias, culprit.recursive, offsets, maxExpansion);
}

/** Nodes in `node` once aliases are replaced by copies of their anchors; Infinity for a cycle. */
function expandedSize(node: unknown, doc: Document, sizes: Map<Node, number>, active: Set<Node>): number {
  if (isAlias(node)) return expandedSize(node.resolve(doc), doc, sizes, active);
  if (!isNode(node)) return isPair(node) ? pairSize(node, doc, sizes, active) : 1;
  const known = sizes.get(node);
  if (known !== undefined) return known;
  if (active.has(node)) return Number.POSITIVE_INFINITY;
  active.add(node);
  let size = 1;
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) size += expandedSize(item, doc, sizes, active);
  }
  active.delete(node);
  sizes.set(node, size);
  return size;
}

function pairSize(
  pair: { key: unknown; value: unknown },
  doc: Document,
  sizes: Map<Node, number>,
  active: Set<Node>,
) {
  return expandedSize(pair.key, doc, sizes, active) + expandedSize(pair.value, doc, sizes, active);
}

function aliasDiagnostic(
  file: string,
  alias: Node,
  recursive: boolean,
  offsets: OffsetMapper,
  max: number,
): Diagnostic {
  const [start, end] = alias.range ?? [0, 0];
  return {
    code: 'yaml/alias-bomb',
    severity: 'error',
    summary: recursive ? 'Alias refers to its own anchor' : 'Aliases expand to too much data',
    detail: recursive
      ? 'This alias is inside the node its anchor names, so expanding it never ends.'
      : `Expanding the aliases (*name) in this document would add more than ${max.toLocaleString('en-US')} values; ` +
        'aexy stops here so that a file like the "billion laughs" attack cannot exhaust memory.',
    file,
    range: offsets.range(start, end),
    fix: 'Write the repeated values out, or reuse fewer nested anchors.',
  };
}
