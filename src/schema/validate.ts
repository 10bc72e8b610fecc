/**
 * Schema validation of loaded documents with ajv. Validators are compiled once per process (compiling
 * the registry's branches is the expensive part) and reused for every document.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadedDocument } from '../loader/types.js';
import { didYouMean } from './did-you-mean.js';
import { toDiagnostic } from './error-diagnostics.js';
import { API_VERSION } from './fragments.js';
import { DOCUMENT_KINDS, type DocumentKind, type SchemaKey, schemas } from './index.js';
import { pruneErrors } from './prune-errors.js';

let ajv: Ajv | undefined;
const validators = new Map<SchemaKey, ValidateFunction>();

/**
 * The compiled validator of one schema, compiled on first use and cached for the process (compiling
 * the registry's branches is the expensive part, so only the kinds actually met are compiled).
 */
export function compiledValidator(key: SchemaKey): ValidateFunction {
  let validate = validators.get(key);
  if (validate) return validate;
  // strict: false because the schemas carry editor keywords (errorMessage, x-code) ajv does not know;
  // verbose: the error mapper reads parentSchema (allowed keys, custom messages) and data (did-you-mean).
  ajv ??= new Ajv({
    allErrors: true,
    strict: false,
    verbose: true,
    allowUnionTypes: true,
    validateFormats: false,
    // Refs compiled once as functions instead of inlined at every use: the registry's branches
    // (one per trigger and action) are referenced from several places, and inlining them made
    // compiling several times slower for no faster validation.
    inlineRefs: false,
  });
  validate = ajv.compile(schemas()[key]);
  validators.set(key, validate);
  return validate;
}

function envelopeDiagnostic(
  doc: LoadedDocument,
  key: 'apiVersion' | 'kind',
  code: string,
  summary: string,
  detail: string,
  fix?: string,
): Diagnostic {
  const present = (doc.data as Record<string, unknown>)[key] !== undefined;
  const ref = doc.locate(present ? [key] : [], undefined);
  const diagnostic: Diagnostic = {
    code,
    severity: 'error',
    summary,
    detail,
    file: doc.file,
    range: ref.range,
  };
  if (present) diagnostic.path = key;
  if (fix) diagnostic.fix = fix;
  return diagnostic;
}

/** Checks `apiVersion` and `kind` first: with either wrong, the rest of the document means nothing. */
function checkEnvelope(doc: LoadedDocument): Diagnostic | DocumentKind {
  const data = doc.data as Record<string, unknown>;
  const { apiVersion, kind } = data;
  if (apiVersion === undefined)
    return envelopeDiagnostic(
      doc,
      'apiVersion',
      'schema/required',
      'missing required key `apiVersion`',
      `Every document starts with \`apiVersion: ${API_VERSION}\`.`,
    );
  if (apiVersion !== API_VERSION)
    return envelopeDiagnostic(
      doc,
      'apiVersion',
      'schema/unknown-api-version',
      `unknown apiVersion \`${String(apiVersion)}\``,
      `This aexy understands \`${API_VERSION}\`.`,
      `use \`apiVersion: ${API_VERSION}\``,
    );
  if (kind === undefined)
    return envelopeDiagnostic(
      doc,
      'kind',
      'schema/required',
      'missing required key `kind`',
      `Every document has a \`kind\`: ${DOCUMENT_KINDS.join(', ')}.`,
    );
  if (typeof kind !== 'string' || !(DOCUMENT_KINDS as string[]).includes(kind)) {
    const guess = typeof kind === 'string' ? didYouMean(kind, DOCUMENT_KINDS) : undefined;
    return envelopeDiagnostic(
      doc,
      'kind',
      'schema/unknown-kind',
      `unknown kind \`${String(kind)}\``,
      `\`kind\` is one of ${DOCUMENT_KINDS.join(', ')}.`,
      guess ? `did you mean \`${guess}\`?` : undefined,
    );
  }
  return kind as DocumentKind;
}

function run(key: SchemaKey, doc: LoadedDocument): Diagnostic[] {
  const validate = compiledValidator(key);
  if (validate(doc.data)) return [];
  return pruneErrors((validate.errors ?? []) as ErrorObject[]).map((error) => toDiagnostic(error, doc));
}

function notAMapping(doc: LoadedDocument, what: string): Diagnostic {
  const ref = doc.locate([]);
  return {
    code: 'schema/type',
    severity: 'error',
    summary: `${what} must be a mapping`,
    detail: 'Write `key: value` pairs at the top level.',
    file: doc.file,
    range: ref.range,
  };
}

/** Validates one Automation / Agent / AgentPolicy document against its JSON Schema. */
export function validateDocument(doc: LoadedDocument): Diagnostic[] {
  if (!doc.data || typeof doc.data !== 'object' || Array.isArray(doc.data))
    return [notAMapping(doc, 'a document')];
  const kind = checkEnvelope(doc);
  if (typeof kind !== 'string') return [kind];
  return run(kind, doc);
}

/** Validates the project file `aexy.yaml` against its schema (an empty file is valid). */
export function validateProjectFile(doc: LoadedDocument): Diagnostic[] {
  if (doc.data === null || doc.data === undefined) return [];
  if (typeof doc.data !== 'object' || Array.isArray(doc.data)) return [notAMapping(doc, 'aexy.yaml')];
  return run('project', doc);
}
export { schemaRules } from './codes.js';
