/**
 * Turns the registry's JSON Schemas (trigger payloads, action outputs) into the declarations the CEL
 * type checker understands, so `trigger.payload.amout` or `steps.x.output.idd` is caught before a run.
 *
 * Mapping: string -> string; number and integer -> double (JSON numbers are doubles at run time);
 * boolean -> bool; array -> list<T> for scalar items, else list; an object with `properties` and no
 * `additionalProperties` -> a closed record (unknown keys are errors); any other object -> map;
 * anything else (unions, nullable, no type) -> dyn.
 */

/** A CEL type string (`string`, `map`, `list<string>`, `dyn`, `google.protobuf.Timestamp`) or a nested record of fields. */
export type CelDecl = string | { [field: string]: CelDecl };

type Schema = Record<string, unknown>;

const SCALARS: Record<string, string> = {
  string: 'string',
  number: 'double',
  integer: 'double',
  boolean: 'bool',
};

/** The CEL declaration for one JSON Schema. */
export function celDeclFromSchema(schema: unknown, depth = 0): CelDecl {
  if (typeof schema !== 'object' || schema === null || depth > 8) return 'dyn';
  const s = schema as Schema;
  const type = typeof s.type === 'string' ? s.type : s.properties ? 'object' : undefined;
  if (type && SCALARS[type]) return SCALARS[type];
  if (type === 'array') {
    const item = celDeclFromSchema(s.items, depth + 1);
    return typeof item === 'string' && item !== 'dyn' && !item.startsWith('list') ? `list<${item}>` : 'list';
  }
  if (type === 'object') return objectDecl(s, depth);
  return 'dyn';
}

function objectDecl(s: Schema, depth: number): CelDecl {
  const props = s.properties as Record<string, unknown> | undefined;
  const open = s.additionalProperties !== undefined && s.additionalProperties !== false;
  if (!props || Object.keys(props).length === 0 || open) return 'map';
  const out: Record<string, CelDecl> = {};
  for (const [key, value] of Object.entries(props)) {
    // The library's type names come from field names; keys that are not identifiers stay reachable via map.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return 'map';
    out[key] = celDeclFromSchema(value, depth + 1);
  }
  return out;
}
