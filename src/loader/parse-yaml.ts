/**
 * The loader core: YAML text (or bytes) of one file -> LoadedDocuments with source positions, plus
 * diagnostics for everything wrong with the input. Pure: no file system, never throws for bad input.
 */
import { type Document, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import { type Diagnostic, hasErrors, NO_RANGE, type Result } from '../diagnostics/diagnostic.js';
import { DEFAULT_MAX_BYTES, decodeSource } from './decode.js';
import {
  checkAliasExpansion,
  DEFAULT_MAX_ALIAS_EXPANSION,
  DEFAULT_MAX_FLOW_DEPTH,
  excessiveFlowDepth,
  tooDeepDiagnostic,
} from './guards.js';
import { createLocator, type OffsetMapper, offsetMapper } from './locate.js';
import type { LoadedDocument } from './types.js';
import { documentProblems, yamlProblems } from './yaml-errors.js';

/** Limits that keep a hostile or mistaken file from exhausting time or memory. */
export interface LoadLimits {
  /** Largest file in bytes (default 1 MiB). */
  maxBytes?: number;
  /** Deepest flow nesting (default 100). */
  maxFlowDepth?: number;
  /** Most values aliases may add when expanded (default 10,000). */
  maxAliasExpansion?: number;
  /** yaml's own alias guard, a second line of defence (default 100, yaml's default). */
  maxAliasCount?: number;
}

/**
 * Parses every YAML document of one file. `file` is the path diagnostics print (project-relative,
 * forward slashes). Documents with errors are left out of the value; their diagnostics explain why.
 */
export function parseYamlDocuments(
  file: string,
  input: string | Uint8Array,
  limits: LoadLimits = {},
): Result<LoadedDocument[]> {
  const decoded = decodeSource(file, input, limits.maxBytes ?? DEFAULT_MAX_BYTES);
  if (decoded.value === undefined) return { value: [], diagnostics: decoded.diagnostics };
  return parseText(file, decoded.value, limits);
}

function parseText(file: string, text: string, limits: LoadLimits): Result<LoadedDocument[]> {
  const lineCounter = new LineCounter();
  const offsets = offsetMapper(lineCounter);
  const maxDepth = limits.maxFlowDepth ?? DEFAULT_MAX_FLOW_DEPTH;
  const deep = excessiveFlowDepth(text, maxDepth);
  if (deep !== undefined) {
    // Nothing was parsed, so the shared LineCounter is empty: count the lines directly.
    return { value: [], diagnostics: [tooDeepDiagnostic(file, deep, linesOf(text), maxDepth)] };
  }
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if ('empty' in docs)
    return { value: [], diagnostics: yamlProblems(file, docs.errors, docs.warnings, offsets) };
  const value: LoadedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  docs.forEach((doc, index) => {
    const loaded = loadDocument(file, text, doc, index, offsets, limits);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.value) value.push(loaded.value);
  });
  return { value, diagnostics };
}

function loadDocument(
  file: string,
  source: string,
  doc: Document.Parsed,
  index: number,
  offsets: OffsetMapper,
  limits: LoadLimits,
): Result<LoadedDocument | undefined> {
  const diagnostics = documentProblems(file, doc, offsets);
  if (hasErrors(diagnostics) || isEmpty(doc)) return { value: undefined, diagnostics };
  const [start, , end] = doc.range;
  const text = source.slice(start, end);
  // An alias is written `*name`: a document without `*` has none, so the walk is skipped.
  const maxExpansion = limits.maxAliasExpansion ?? DEFAULT_MAX_ALIAS_EXPANSION;
  const bomb = text.includes('*') ? checkAliasExpansion(file, doc, offsets, maxExpansion) : undefined;
  if (bomb) return { value: undefined, diagnostics: [...diagnostics, bomb] };
  const data = toData(doc, limits.maxAliasCount ?? 100);
  if (data === ALIAS_LIMIT)
    return { value: undefined, diagnostics: [...diagnostics, aliasLimitDiagnostic(file)] };
  const loaded: LoadedDocument = {
    file,
    index,
    data,
    text,
    locate: createLocator(file, doc, offsets),
  };
  const envelope = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  if (typeof envelope.apiVersion === 'string') loaded.apiVersion = envelope.apiVersion;
  if (typeof envelope.kind === 'string') loaded.kind = envelope.kind;
  return { value: loaded, diagnostics };
}

/** A document with nothing in it (a stray `---`, or only comments) is skipped, not reported. */
function isEmpty(doc: Document.Parsed): boolean {
  const contents = doc.contents;
  return contents === null || (isScalar(contents) && contents.value === null);
}

function linesOf(text: string): OffsetMapper {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) counter.addNewLine(i + 1);
  return offsetMapper(counter);
}

/** Marks a document yaml refused to expand (its own alias guard, behind ours). */
const ALIAS_LIMIT = Symbol('alias limit');

function toData(doc: Document.Parsed, maxAliasCount: number): unknown {
  try {
    return doc.toJS({ maxAliasCount });
  } catch (error) {
    // yaml throws a ReferenceError for excessive aliases; anything else is a bug and propagates.
    if (error instanceof ReferenceError && /alias/i.test(error.message)) return ALIAS_LIMIT;
    throw error;
  }
}

function aliasLimitDiagnostic(file: string): Diagnostic {
  return {
    code: 'yaml/alias-bomb',
    severity: 'error',
    summary: 'Aliases expand to too much data',
    detail: `The YAML library refused to expand this document's aliases (more than its alias limit).`,
    file,
    range: NO_RANGE,
    fix: 'Write the repeated values out, or reuse fewer nested anchors.',
  };
}
