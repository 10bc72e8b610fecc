/**
 * Parsing CEL: `compileCel` turns source text into an AST (or a syntax error with its offset), and
 * caches compiled programs so that evaluating the same expression again does not re-parse it.
 */
import type { ASTNode, ParseResult } from '@marcbachmann/cel-js';
import { evaluationEnvironment } from './environment.js';

/** A problem found in an expression; offsets are 0-based into the expression source. */
export interface CelError {
  message: string;
  /** Library error code, e.g. `unexpected_token`, `no_such_key`, `no_matching_overload`. */
  code: string;
  offset: number;
  length: number;
}

export type CompileResult = { ok: true; ast: ASTNode } | { ok: false; error: CelError };

const MAX_CACHE = 2000;
const programs = new Map<string, ParseResult | CelError>();

interface LibError {
  summary?: string;
  message?: string;
  code?: string;
  range?: { start: number; end: number };
}

/** Converts a library error into a CelError with the first line of its message. */
export function toCelError(error: unknown, fallbackCode = 'error'): CelError {
  const e = error as LibError;
  const message = e?.summary ?? String(e?.message ?? error).split('\n')[0];
  const start = e?.range?.start ?? 0;
  const end = e?.range?.end ?? start;
  return { message, code: e?.code ?? fallbackCode, offset: start, length: Math.max(end - start, 1) };
}

/** The cached compiled program for `source`, or its syntax error. */
export function program(source: string): ParseResult | CelError {
  let entry = programs.get(source);
  if (entry) return entry;
  try {
    entry = evaluationEnvironment().parse(source);
  } catch (error) {
    entry = toCelError(error, 'syntax_error');
  }
  // Bounded: drop the oldest entry (Map keeps insertion order) so long-running workers stay flat.
  if (programs.size >= MAX_CACHE) programs.delete(programs.keys().next().value as string);
  programs.set(source, entry);
  return entry;
}

/** Parses a CEL expression: the AST, or the syntax error with its offset. */
export function compileCel(source: string): CompileResult {
  if (source.trim() === '')
    return { ok: false, error: { message: 'empty expression', code: 'empty', offset: 0, length: 1 } };
  const entry = program(source);
  return typeof entry === 'function' ? { ok: true, ast: entry.ast } : { ok: false, error: entry };
}
