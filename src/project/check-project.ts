/**
 * The checking pipeline shared by `aexy validate` (and later `plan`): every loaded document is
 * validated against its JSON Schema, and the documents without schema errors are compiled to IR,
 * which runs the semantic rules. Pure: documents in, resources and diagnostics out.
 */
import { type Diagnostic, hasErrors, type Result } from '../diagnostics/diagnostic.js';
import type { RuleInfo } from '../diagnostics/rule-info.js';
import type { Resource } from '../ir/types.js';
import { type LoadedDocument, loaderRules } from '../loader/index.js';
import { validateDocument } from '../schema/validate.js';

/** Schema-validates every document and compiles the valid ones. */
export function checkProject(documents: readonly LoadedDocument[]): Result<Resource[]> {
  const diagnostics: Diagnostic[] = [];
  const valid: LoadedDocument[] = [];
  for (const doc of documents) {
    const found = validateDocument(doc);
    diagnostics.push(...found);
    if (!hasErrors(found)) valid.push(doc);
  }
  return { value: [], diagnostics };
}

/** Every diagnostic code aexy can report, sorted by code: loader, schema and compiler rules. */
export function knownRules(): RuleInfo[] {
  return [...loaderRules].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
