/**
 * Walking CEL ASTs: the compiler's rules need to know which roots and member paths an expression
 * reads (`steps.fetch.output`, `secrets.TOKEN`) without evaluating it.
 */
import type { ASTNode } from '@marcbachmann/cel-js';

/** A member chain read by an expression: `steps.fetch.output` is root `steps`, path [`fetch`, `output`]. */
export interface CelReference {
  root: string;
  path: string[];
  /** 0-based offset of each path segment's first character (parallel to `path`). */
  offsets: number[];
  /** 0-based offsets of the whole chain in the expression source. */
  start: number;
  end: number;
}

interface RawNode {
  op: string;
  args: unknown;
  start?: number;
  end?: number;
  pos?: number;
}

function isNode(value: unknown): value is RawNode {
  return typeof value === 'object' && value !== null && typeof (value as RawNode).op === 'string';
}

/** Resolves `a.b["c"]` into root + static path; undefined when the chain has a computed segment. */
function chainOf(node: RawNode): CelReference | undefined {
  const path: string[] = [];
  const offsets: number[] = [];
  let current: RawNode = node;
  while (current.op === '.' || current.op === '[]' || current.op === '.?') {
    const [target, key] = current.args as [unknown, unknown];
    const segment = current.op === '[]' ? literalKey(key) : (key as string);
    if (segment === undefined || !isNode(target)) return undefined;
    path.unshift(segment);
    // `.` nodes record where the field name starts; `[]` keys are nodes with their own start.
    offsets.unshift(current.op === '[]' ? ((key as RawNode).start ?? 0) : (current.pos ?? 0));
    current = target;
  }
  if (current.op !== 'id' || typeof current.args !== 'string') return undefined;
  return { root: current.args, path, offsets, start: node.start ?? current.start ?? 0, end: node.end ?? 0 };
}

function literalKey(key: unknown): string | undefined {
  return isNode(key) && key.op === 'value' && typeof key.args === 'string' ? key.args : undefined;
}

/**
 * Every maximal member chain in the expression, outermost first. `steps.a.output.x > 1` yields one
 * reference (`steps` [a, output, x]), not one per prefix.
 */
export function collectReferences(ast: ASTNode): CelReference[] {
  const out: CelReference[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isNode(value)) return;
    const chain = value.op === 'id' || value.op === '.' || value.op === '[]' ? chainOf(value) : undefined;
    if (chain) {
      out.push(chain);
      return;
    }
    visit(value.args);
  };
  visit(ast);
  return out;
}

/** Names of the roots an expression reads (`trigger`, `steps`, ...), sorted and unique. */
export function referencedRoots(ast: ASTNode): string[] {
  return [...new Set(collectReferences(ast).map((r) => r.root))].sort();
}
