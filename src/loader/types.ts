/**
 * The contract between the loader (YAML text -> documents with positions) and everything after it
 * (schema validation, the compiler). A LoadedDocument is plain data plus a position lookup, so the
 * compiler stays pure: it never reads files and never searches text to find a position.
 */
import type { SourceRef } from '../diagnostics/diagnostic.js';

/** A path into a document: object keys and array indices, e.g. ['spec', 'workflow', 'steps', 2, 'with']. */
export type DocPath = ReadonlyArray<string | number>;

export interface LoadedDocument {
  /** Project-relative file path with forward slashes (what diagnostics print). */
  file: string;
  /** 0-based index of the document inside a multi-document file. */
  index: number;
  apiVersion?: string;
  kind?: string;
  /** The document as plain JS data (yaml's toJS()). */
  data: unknown;
  /** The YAML text of this one document, as written. */
  text: string;
  /**
   * Where a value is. Returns the closest existing ancestor's position when the exact path does not
   * exist (e.g. a missing required key is reported on its parent). `key: true` gives the key's position
   * instead of the value's.
   */
  locate(path: DocPath, options?: { key?: boolean }): SourceRef;
}
