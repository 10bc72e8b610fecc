/**
 * The compiler: loaded documents -> checked IR. Pure (no file system, no printing): schema validation
 * per document, then the IR per document, then the semantic rules over all of them. Every problem is
 * a Diagnostic; the IR is returned even when there are findings (callers check `hasErrors`).
 */
import { type Diagnostic, hasErrors, type Result, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { Resource } from '../ir/types.js';
import type { LoadedDocument } from '../loader/types.js';
import { registry as defaultRegistry } from '../registry/index.js';
import type { Registry } from '../registry/types.js';
import { buildUnit } from './build-resource.js';
import { rules as allRules, type Rule } from './rules/index.js';
import type { CompileUnit } from './unit.js';

export { formatDuration, parseDuration } from './duration.js';
export type { Rule, RuleContext } from './rules/index.js';
export { rules } from './rules/index.js';

export interface CompileOptions {
  registry?: Registry;
  /**
   * Structural validation of one document (JSON Schema). Documents with schema errors are not
   * compiled further, so their mistakes are reported once, by the schema. Default: none.
   */
  validate?: (doc: LoadedDocument) => Diagnostic[];
  /** The rules to run (default: all). */
  rules?: readonly Rule[];
}

/** What compileUnits returns: the per-document compile state, for tools that need positions (graph, tests). */
export interface CompiledProject {
  units: CompileUnit[];
  diagnostics: Diagnostic[];
}

/** The per-document half of compiling: schema-valid documents built into units, names declared. */
export interface BuiltUnits {
  units: CompileUnit[];
  /** Schema diagnostics, in document order. */
  diagnostics: Diagnostic[];
  /** kind -> metadata.name of every document, compiled or not, in document order. */
  declared: Map<string, Set<string>>;
}

/**
 * Validates and builds each document on its own. Independent per document, so a caller may build
 * shards of a project separately (in parallel) and check the concatenated units with `checkUnits`.
 */
export function buildUnits(docs: readonly LoadedDocument[], options: CompileOptions = {}): BuiltUnits {
  const diagnostics: Diagnostic[] = [];
  const units: CompileUnit[] = [];
  for (const doc of docs) {
    const schemaDiagnostics = options.validate?.(doc) ?? [];
    diagnostics.push(...schemaDiagnostics);
    if (hasErrors(schemaDiagnostics)) continue;
    const unit = buildUnit(doc);
    if (unit) units.push(unit);
  }
  return { units, diagnostics, declared: declaredNames(docs) };
}

/** Runs the semantic rules over every unit of the project (rules may look across documents). */
export function checkUnits(
  units: readonly CompileUnit[],
  declared: ReadonlyMap<string, ReadonlySet<string>>,
  options: CompileOptions & { firstFile?: string } = {},
): Diagnostic[] {
  const registry = options.registry ?? defaultRegistry;
  const diagnostics: Diagnostic[] = [];
  const ctx = { registry, units, declared };
  for (const rule of options.rules ?? allRules) {
    try {
      diagnostics.push(...rule.check(ctx));
    } catch (error) {
      diagnostics.push(ruleCrashed(rule, error, options.firstFile ?? ''));
    }
  }
  return diagnostics;
}

/** Builds and checks every document; keeps the per-document state (paths, expressions). */
export function compileUnits(docs: readonly LoadedDocument[], options: CompileOptions = {}): CompiledProject {
  const built = buildUnits(docs, options);
  const ruleDiagnostics = checkUnits(built.units, built.declared, { ...options, firstFile: docs[0]?.file });
  return { units: built.units, diagnostics: sortDiagnostics([...built.diagnostics, ...ruleDiagnostics]) };
}

/** Compiles documents into checked IR resources. */
export function compileDocuments(
  docs: readonly LoadedDocument[],
  options: CompileOptions = {},
): Result<Resource[]> {
  const { units, diagnostics } = compileUnits(docs, options);
  return { value: units.map((u) => u.resource), diagnostics };
}

/** kind -> metadata.name of every document, compiled or not. */
function declaredNames(docs: readonly LoadedDocument[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const doc of docs) {
    const name = (doc.data as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    if (!doc.kind || typeof name !== 'string') continue;
    if (!out.has(doc.kind)) out.set(doc.kind, new Set());
    out.get(doc.kind)?.add(name);
  }
  return out;
}

/** A rule that throws is a bug in aexy; report it instead of losing every other finding. */
function ruleCrashed(rule: Rule, error: unknown, file: string): Diagnostic {
  return {
    code: 'internal/rule-failed',
    severity: 'error',
    summary: `rule ${rule.code} failed: ${(error as Error)?.message ?? String(error)}`,
    detail: 'This is a bug in aexy, not in your files. Please report it with the file that triggers it.',
    file,
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
  };
}
