/** Test helpers: YAML text -> LoadedDocument through the real loader, and schema diagnostics of it. */
import { parseYamlDocuments } from '../../../src/loader/index.js';
import type { LoadedDocument } from '../../../src/loader/types.js';
import { validateDocument } from '../../../src/schema/validate.js';

/** The single document of `text` (fails the test when the YAML itself is broken). */
export function loadOne(text: string, file = 'test.yaml'): LoadedDocument {
  const result = parseYamlDocuments(file, text);
  if (result.value.length !== 1) {
    throw new Error(
      `expected one document, got ${result.value.length}: ${JSON.stringify(result.diagnostics)}`,
    );
  }
  return result.value[0];
}

/** Schema diagnostics of a one-document YAML text, as `code line:col summary` lines. */
export function check(text: string): string[] {
  return validateDocument(loadOne(text)).map(
    (d) => `${d.code} ${d.range.start.line}:${d.range.start.column} ${d.summary}`,
  );
}
