/**
 * One ajv error -> one Diagnostic: a stable code, a short summary, where (via the document's own
 * position lookup, never by searching the text), and a fix when one can be guessed.
 */
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatPath } from '../loader/locate.js';
import type { DocPath, LoadedDocument } from '../loader/types.js';
import { DURATION_PATTERN, SIGNED_DURATION_PATTERN, TEMPLATE_PATTERN } from '../registry/schema-helpers.js';
import { didYouMean } from './did-you-mean.js';
import { NAME_PATTERN, STEP_ID_PATTERN } from './fragments.js';

type Schema = Record<string, unknown>;

/** instancePath (JSON pointer) -> DocPath, with array indices as numbers. */
export function pointerToPath(pointer: string, data: unknown): DocPath {
  if (pointer === '') return [];
  const path: Array<string | number> = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(node) ? Number(segment) : segment;
    path.push(key);
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key as string] : undefined;
  }
  return path;
}

const quote = (value: unknown): string =>
  typeof value === 'string' ? `\`${value}\`` : `\`${JSON.stringify(value)}\``;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

function listAllowed(values: readonly unknown[], hint?: string): string {
  if (values.length > 15) return hint ?? `${values.length} values are allowed.`;
  return `Allowed: ${values.map((v) => quote(v)).join(', ')}.`;
}

interface Draft {
  code: string;
  summary: string;
  detail?: string;
  fix?: string;
  path: DocPath;
  key?: boolean;
}

const where = (path: DocPath): string => (path.length === 0 ? 'the document' : `\`${formatPath(path)}\``);

function unknownKey(error: ErrorObject, path: DocPath): Draft {
  const key = (error.params as { additionalProperty: string }).additionalProperty;
  const allowed = Object.keys(((error.parentSchema as Schema)?.properties as Schema) ?? {});
  const suggestion = didYouMean(key, allowed);
  return {
    code: 'schema/unknown-key',
    summary: `unknown key \`${key}\``,
    detail: `${where(path)} does not accept \`${key}\`. ${allowed.length ? `Accepted keys: ${allowed.join(', ')}.` : 'It accepts no keys.'}`,
    fix: suggestion ? `did you mean \`${suggestion}\`?` : undefined,
    path: [...path, key],
    key: true,
  };
}

function enumDraft(error: ErrorObject, path: DocPath): Draft {
  const parent = (error.parentSchema ?? {}) as Schema;
  const allowed = (error.params as { allowedValues: unknown[] }).allowedValues ?? [];
  const value = error.data;
  const suggestion = typeof value === 'string' ? didYouMean(value, allowed.map(String)) : undefined;
  const fix = suggestion ? `did you mean \`${suggestion}\`?` : undefined;
  const code = (parent['x-code'] as string | undefined) ?? 'schema/enum';
  const noun: Record<string, string> = {
    'schema/unknown-trigger': 'unknown trigger type',
    'schema/unknown-action': 'unknown action',
    'schema/unknown-event': 'unknown event type',
  };
  const list: Record<string, string> = {
    'schema/unknown-trigger': 'Run `aexy registry triggers` to list them.',
    'schema/unknown-action': 'Run `aexy registry actions` to list them.',
    'schema/unknown-event': 'Run `aexy registry triggers` to list the event types.',
  };
  return {
    code,
    summary: noun[code] ? `${noun[code]} ${quote(value)}` : `${quote(value)} is not an allowed value`,
    detail: `${where(path)}: ${listAllowed(allowed, list[code])}`,
    fix,
    path,
  };
}

function patternDraft(error: ErrorObject, path: DocPath): Draft {
  const pattern = (error.params as { pattern: string }).pattern;
  const value = error.data;
  if (pattern === DURATION_PATTERN || pattern === SIGNED_DURATION_PATTERN) {
    return {
      code: 'schema/invalid-duration',
      summary: `${quote(value)} is not a duration`,
      detail: `${where(path)} takes a duration: a number and a unit (ms, s, m, h, d, w), combinable, e.g. \`30s\`, \`5m\`, \`3d\`, \`1h30m\`${pattern === SIGNED_DURATION_PATTERN ? ', `-7d`' : ''}.`,
      path,
    };
  }
  if (pattern === TEMPLATE_PATTERN) return templateTypeDraft(error, path);
  const what: Record<string, string> = {
    [STEP_ID_PATTERN]:
      'Step ids (and jump targets) use lower-case letters, digits and `_`, e.g. `send_welcome`.',
    [NAME_PATTERN]:
      'Names use lower-case letters, digits and `-`, and start and end with a letter or digit, e.g. `deal-followup`.',
  };
  return {
    code: 'schema/pattern',
    summary: `${quote(value)} has the wrong form`,
    detail: what[pattern] ?? describe(error) ?? `${where(path)} must match \`${pattern}\`.`,
    path,
  };
}

/** A string where a typed value (number, list ...) or exactly one `${{ }}` is expected. */
function templateTypeDraft(error: ErrorObject, path: DocPath): Draft {
  const types = ([] as string[])
    .concat(((error.parentSchema as Schema)?.type as string[]) ?? [])
    .filter((t) => t !== 'string');
  return {
    code: 'schema/type',
    summary: `expected ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}, got a string`,
    detail: `${where(path)} takes ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}, or a string that is exactly one \`\${{ <expression> }}\`.`,
    path,
  };
}

function typeDraft(error: ErrorObject, path: DocPath): Draft {
  const types = ([] as string[]).concat((error.params as { type: string | string[] }).type);
  const expected = types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
  return {
    code: 'schema/type',
    summary: `expected ${expected}, got ${typeName(error.data)}`,
    detail: `${where(path)} must be ${expected}.`,
    path,
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Plain-words versions of ajv's range messages. */
const RANGE_TEXT: Record<string, (p: { limit: number; i?: number; j?: number }) => string> = {
  minItems: (p) => `needs at least ${plural(p.limit, 'item')}`,
  maxItems: (p) => `takes at most ${plural(p.limit, 'item')}`,
  minimum: (p) => `must be at least ${p.limit}`,
  maximum: (p) => `must be at most ${p.limit}`,
  minLength: (p) => (p.limit === 1 ? 'must not be empty' : `needs at least ${plural(p.limit, 'character')}`),
  maxLength: (p) => `takes at most ${plural(p.limit, 'character')}`,
  minProperties: (p) => `needs at least ${plural(p.limit, 'key')}`,
  uniqueItems: (p) => `has the same item twice (items ${p.j} and ${p.i})`,
};

/** The description of the value's own schema, as the detail of a generic error. */
const describe = (error: ErrorObject): string | undefined => {
  const description = (error.parentSchema as Schema | undefined)?.description;
  return typeof description === 'string' ? description : undefined;
};

/** The keys a "one of these keys is required" combinator (oneOf / anyOf of `required`) asks for. */
function alternatives(parent: Schema): string[] {
  const branches = (parent.oneOf ?? parent.anyOf) as Array<{ required?: string[] }> | undefined;
  return (branches ?? []).flatMap((b) => b.required ?? []);
}

/** Words people write for a logical group, which edit distance alone would map wrongly (`and` -> `any`). */
const SYNONYMS: Record<string, string> = { and: 'all', or: 'any' };

/**
 * For "one of these keys is required" combinators: a present key that looks like a typo of one of
 * them (`acton:` for `action:`), with the key it probably meant.
 */
function misspeltAlternative(error: ErrorObject): { key: string; meant: string } | undefined {
  const parent = (error.parentSchema ?? {}) as Schema;
  const wanted = alternatives(parent);
  if (wanted.length === 0 || !error.data || typeof error.data !== 'object') return undefined;
  const known = Object.keys((parent.properties as Schema | undefined) ?? {});
  for (const key of Object.keys(error.data)) {
    if (wanted.includes(key) || known.includes(key)) continue;
    const meant = wanted.includes(SYNONYMS[key]) ? SYNONYMS[key] : didYouMean(key, wanted);
    if (meant) return { key, meant };
  }
  return undefined;
}

/** For "exactly one of these keys" (`oneOf`): the keys present when there are several, else none. */
function clashingAlternatives(error: ErrorObject): string[] {
  if (error.keyword !== 'oneOf' || !error.data || typeof error.data !== 'object') return [];
  const wanted = alternatives((error.parentSchema ?? {}) as Schema);
  const present = Object.keys(error.data).filter((key) => wanted.includes(key));
  return present.length > 1 ? present : [];
}

/** A schema-authored message (`errorMessage`, `x-code`, `x-at` key to point at, `x-fix`). */
function customDraft(error: ErrorObject, path: DocPath): Draft {
  const parent = (error.parentSchema ?? {}) as Schema;
  const code = (parent['x-code'] as string | undefined) ?? 'schema/invalid-value';
  const clash = clashingAlternatives(error);
  if (clash.length > 1) {
    const keys = clash.map((k) => `\`${k}\``);
    return {
      code,
      summary: parent.errorMessage as string,
      detail: `${where(path)} has ${keys.slice(0, -1).join(', ')} and ${keys.at(-1)}.`,
      fix: `keep one of ${keys.join(', ')}`,
      path: [...path, clash[1]],
      key: true,
    };
  }
  const at = parent['x-at'] as string | undefined;
  const typo = misspeltAlternative(error);
  return {
    code,
    summary: parent.errorMessage as string,
    detail: `at ${where(path)}`,
    fix: typo
      ? `did you mean \`${typo.meant}\` instead of \`${typo.key}\`?`
      : (parent['x-fix'] as string | undefined),
    path: typo ? [...path, typo.key] : at ? [...path, at] : path,
    // A key names a mapping that is wrong as a whole; a wrong scalar is shown itself (`join: some`).
    key: (path.length > 0 && typeof error.data === 'object') || !!typo || !!at,
  };
}

function draftFor(error: ErrorObject, path: DocPath): Draft {
  const parent = (error.parentSchema ?? {}) as Schema;
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(error, path);
    case 'required': {
      const key = (error.params as { missingProperty: string }).missingProperty;
      return {
        code: 'schema/required',
        summary: `missing required key \`${key}\``,
        detail: `${where(path)} needs \`${key}\`.`,
        path,
        key: path.length > 0,
      };
    }
    case 'enum':
      return enumDraft(error, path);
    case 'const':
      return {
        code: 'schema/enum',
        summary: `expected ${quote((error.params as { allowedValue: unknown }).allowedValue)}`,
        detail: `${where(path)} has only one allowed value.`,
        path,
      };
    case 'type':
      return typeDraft(error, path);
    case 'pattern':
      return patternDraft(error, path);
    default:
      if (typeof parent.errorMessage === 'string') return customDraft(error, path);
      if (RANGE_TEXT[error.keyword]) {
        const text = RANGE_TEXT[error.keyword](error.params as { limit: number });
        return {
          code: 'schema/invalid-value',
          summary: `${where(path)} ${text}`,
          detail: describe(error),
          path,
        };
      }
      return {
        code: 'schema/invalid-value',
        summary: `${where(path)} ${error.message ?? 'is invalid'}`,
        detail: describe(error),
        path,
      };
  }
}

/** Turns one (already pruned) ajv error into a Diagnostic positioned in `doc`. */
export function toDiagnostic(error: ErrorObject, doc: LoadedDocument): Diagnostic {
  const draft = draftFor(error, pointerToPath(error.instancePath, doc.data));
  const ref = doc.locate(draft.path, draft.key ? { key: true } : undefined);
  const diagnostic: Diagnostic = {
    code: draft.code,
    severity: 'error',
    summary: draft.summary,
    file: doc.file,
    range: ref.range,
  };
  if (draft.path.length > 0) diagnostic.path = formatPath(draft.path);
  if (draft.detail) diagnostic.detail = draft.detail;
  if (draft.fix) diagnostic.fix = draft.fix;
  return diagnostic;
}
