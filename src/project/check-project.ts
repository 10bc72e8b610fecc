/**
 * The checking pipeline shared by `aexy validate` (and later `plan`): every loaded document is
 * validated against its JSON Schema, and the compiler turns the documents without schema errors into
 * IR and runs the semantic rules over all of them. Pure: documents in, resources and diagnostics out.
 */

import { compileDocuments, rules as compilerRules } from '../compiler/index.js';
import type { Result } from '../diagnostics/diagnostic.js';
import type { RuleInfo } from '../diagnostics/rule-info.js';
import type { Resource } from '../ir/types.js';
import { type LoadedDocument, loaderRules } from '../loader/index.js';
import { schemaRules } from '../schema/codes.js';
import { validateDocument } from '../schema/validate.js';

/** Schema-validates every document, compiles the valid ones and runs every rule. */
export function checkProject(documents: readonly LoadedDocument[]): Result<Resource[]> {
  // The compiler skips documents with schema errors, so each mistake is reported once.
  return compileDocuments(documents, { validate: validateDocument });
}

/** Every diagnostic code aexy can report, sorted by code: loader, schema and compiler rules. */
export function knownRules(): RuleInfo[] {
  const fromCompiler = compilerRules.map(({ code, severity, summary, description }) => ({
    code,
    severity,
    summary,
    description,
  }));
  return [...loaderRules, ...schemaRules, ...fromCompiler].sort((a, b) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
  );
}
