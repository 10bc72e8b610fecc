/**
 * The per-file half of checking, for one shard of a project's files: read and parse each file,
 * schema-validate each document and build the valid ones into compile units. Runs on the main thread
 * for small projects and in worker threads for large ones (see check-files.ts); the result is the
 * same either way. The cross-document rules run afterwards over every shard's units together.
 */
import { readFileSync } from 'node:fs';
import { buildUnits } from '../compiler/index.js';
import type { CompileUnit } from '../compiler/unit.js';
import { type Diagnostic, NO_RANGE } from '../diagnostics/diagnostic.js';
import { type LoadedDocument, type LoadLimits, parseYamlDocuments } from '../loader/index.js';
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

/**
 * Loads, validates and builds the given files (absolute paths, in order), one file at a time: once
 * a file's units are built its syntax trees are let go (positions come back on demand, see
 * `releaseTree`), so a large project does not keep every tree alive for the garbage collector to
 * trace and copy again and again.
 */
export function checkShard(files: readonly string[], labelFrom: string, limits?: LoadLimits): ShardResult {
  const result: ShardResult = {
    loaderDiagnostics: [],
    schemaDiagnostics: [],
    units: [],
    declared: new Map(),
  };
  for (const file of files) {
    const loaded = loadFiles([file], labelFrom, limits);
    const built = buildUnits(loaded.value, { validate: validateDocument });
    result.loaderDiagnostics.push(...loaded.diagnostics);
    result.schemaDiagnostics.push(...built.diagnostics);
    result.units.push(...built.units);
    mergeDeclared(result.declared, built.declared);
    result.firstFile ??= loaded.value[0]?.file;
    const reparse = reparser(loaded.value[0]?.file ?? file, file, limits);
    for (const doc of loaded.value) releaseTree(doc, reparse);
  }
  return result;
}

/** Adds `from`'s names to `into`, keeping first-seen order (as one pass over all documents would). */
export function mergeDeclared(
  into: Map<string, Set<string>>,
  from: ReadonlyMap<string, ReadonlySet<string>>,
): void {
  for (const [kind, names] of from) {
    const all = into.get(kind) ?? new Set<string>();
    for (const name of names) all.add(name);
    into.set(kind, all);
  }
}

/** A file's documents parsed again from disk, once, on first use (`label` is the path diagnostics print). */
export type Reparse = () => readonly LoadedDocument[];

export function reparser(label: string, path: string | undefined, limits?: LoadLimits): Reparse {
  let docs: readonly LoadedDocument[] | undefined;
  return () => {
    docs ??= path ? readAndParse(label, path, limits) : [];
    return docs;
  };
}

function readAndParse(label: string, path: string, limits?: LoadLimits): LoadedDocument[] {
  try {
    return parseYamlDocuments(label, readFileSync(path), limits).value;
  } catch {
    // Deleted or unreadable since it was checked: the finding is still reported, at line 1.
    return [];
  }
}

/**
 * Swaps a document's `locate` for one that parses the file again on its first call. Positions are
 * needed after building only for documents with findings; the same text gives the same tree, so
 * the positions are identical.
 */
export function releaseTree(doc: LoadedDocument, reparse: Reparse): void {
  let real: LoadedDocument | undefined;
  doc.locate = (path, options) => {
    real ??= reparse().find((d) => d.index === doc.index);
    return real ? real.locate(path, options) : { file: doc.file, range: NO_RANGE };
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
