/** Test helpers: YAML text -> LoadedDocuments (the real loader) -> compiled project. */
import { compileUnits } from '../../../src/compiler/index.js';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { parseYamlDocuments } from '../../../src/loader/index.js';

export function compileYaml(text: string, file = 'automations/test.yaml') {
  const loaded = parseYamlDocuments(file, text);
  if (loaded.diagnostics.length > 0) throw new Error(`loader: ${JSON.stringify(loaded.diagnostics)}`);
  return compileUnits(loaded.value);
}

/** `code@line:col summary` per diagnostic, for compact assertions. */
export function brief(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column} ${d.summary}`);
}
