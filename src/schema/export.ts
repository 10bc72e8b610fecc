/**
 * The published schema files as text (pure): what `aexy schema export` writes and what the committed
 * copies under `schemas/` must equal.
 */
import { SCHEMA_FILES, type SchemaKey, schemas } from './index.js';

export interface SchemaFile {
  /** File name, e.g. `automation.schema.json`. */
  name: string;
  /** Pretty-printed JSON with a final newline. */
  content: string;
}

/** Every schema file, in a stable order. */
export function renderSchemaFiles(): SchemaFile[] {
  const all = schemas();
  return (Object.keys(SCHEMA_FILES) as SchemaKey[]).map((key) => ({
    name: SCHEMA_FILES[key],
    content: `${JSON.stringify(all[key], null, 2)}\n`,
  }));
}
