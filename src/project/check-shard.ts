/**
 * The per-file half of checking, for one shard of a project's files: read and parse each file,
 * schema-validate each document and build the valid ones into compile units. Runs on the main thread
 * for small projects and in worker threads for large ones (see check-files.ts); the result is the
 * same either way. The cross-document rules run afterwards over every shard's units together.
 */
import { buildUnits } from '../compiler/index.js';
import type { CompileUnit } from '../compiler/unit.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadedDocument, LoadLimits } from '../loader/index.js';
import { validateDocument } from '../schema/validate.js';
import { loadFiles } from './load-files.js';

/** What one shard gives back: diagnostics in file order, units in document order, declared names. */
export interface ShardResult {
  loaderDiagnostics: Diagnostic[];
  schemaDiagnostics: Diagnostic[];
  units: CompileUnit[];
  declared: Map<string, Set<string>>;
  /** The first document's file (rule crash reports name it, as the serial compiler does). */
  firstFile?: string;
}

/** Loads, validates and builds the given files (absolute paths, in order). */
export function checkShard(files: readonly string[], labelFrom: string, limits?: LoadLimits): ShardResult {
  const loaded = loadFiles(files, labelFrom, limits);
  const built = buildUnits(loaded.value, { validate: validateDocument });
  return {
    loaderDiagnostics: loaded.diagnostics,
    schemaDiagnostics: built.diagnostics,
    units: built.units,
    declared: built.declared,
    firstFile: loaded.value[0]?.file,
  };
}

/** A document without its position lookup: what can cross a thread boundary (functions cannot). */
export type PlainDocument = Omit<LoadedDocument, 'locate'>;

/** Drops every document's `locate` so the result can be posted to another thread. */
export function toTransferable(result: ShardResult): ShardResult {
  for (const unit of result.units) {
    const { locate: _locate, ...plain } = unit.doc;
    unit.doc = plain as LoadedDocument;
  }
  return result;
}
