/**
 * Schema validation of loaded documents with ajv. Validators are compiled once per process, on first
 * use of each kind, and reused for every document. The registry's per-trigger and per-action branches
 * are checked by RegistryChecks instead of being compiled into the document schema (see there).
 */
import { Ajv, type ErrorObject } from 'ajv';
import { type Diagnostic, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { LoadedDocument } from '../loader/types.js';
import { registry } from '../registry/index.js';
import { didYouMean } from './did-you-mean.js';
import { toDiagnostic } from './error-diagnostics.js';
import { API_VERSION } from './fragments.js';
import { coreSchemas, DOCUMENT_KINDS, type DocumentKind, type SchemaKey, schemas } from './index.js';
import { pruneErrors } from './prune-errors.js';
import { RegistryChecks } from './registry-checks.js';

/** A compiled validator: true when valid; otherwise `errors` holds ajv's errors (unpruned). */
export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

let ajv: Ajv | undefined;
let registryChecks: RegistryChecks | undefined;
const validators = new Map<SchemaKey, Validator>();

function sharedAjv(): Ajv {
  // strict: false because the schemas carry editor keywords (errorMessage, x-code) ajv does not know;
  // verbose: the error mapper reads parentSchema (allowed keys, custom messages) and data (did-you-mean).
  ajv ??= new Ajv({
    allErrors: true,
    strict: false,
    verbose: true,
    allowUnionTypes: true,
    validateFormats: false,
    // Refs compiled once as functions instead of inlined at every use: compiling is faster and
    // validating no slower.
    inlineRefs: false,
  });
  return ajv;
}

/** An Automation validator: the core schema plus the registry checks, as one function. */
function automationValidator(): Validator {
  const core = sharedAjv().compile(coreSchemas().Automation);
  registryChecks ??= new RegistryChecks(sharedAjv(), registry);
  const checks = registryChecks;
  const validate: Validator = (data) => {
    const valid = core(data);
    const extra = checks.check(data);
    validate.errors = [...(core.errors ?? []), ...extra];
    return valid && extra.length === 0;
  };
  return validate;
}

/**
 * The validator of one schema, compiled on first use and cached for the process. `documents` is the
 * published combined schema, branches included (what editors run); the others are what
 * `validateDocument` uses.
 */
export function compiledValidator(key: SchemaKey): Validator {
  let validate = validators.get(key);
  if (validate) return validate;
  if (key === 'Automation') validate = automationValidator();
  else if (key === 'documents') validate = sharedAjv().compile(schemas().documents);
  else validate = sharedAjv().compile(coreSchemas()[key]);
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
  // The core schema and the registry checks report separately: order by position for stable output.
  return sortDiagnostics(pruneErrors(validate.errors ?? []).map((error) => toDiagnostic(error, doc)));
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
