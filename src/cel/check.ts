/**
 * Type-checking CEL against declared roots. The compiler declares, per automation, what each root
 * holds (`trigger` from the trigger's payload schema, `steps` from the action output schemas, ...)
 * and gets back issues with offsets it maps to file:line:col.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { type CelError, program, toCelError } from './compile.js';
import { checkingEnvironment } from './environment.js';
import type { CelDecl } from './schema-types.js';

export type CelIssueKind = 'syntax' | 'unknown-root' | 'unknown-field' | 'type';

/** One problem in an expression, 0-based offsets into its source. */
export interface CelIssue extends CelError {
  kind: CelIssueKind;
}

/** Root name -> what it holds. Roots not declared here are unknown (an error). */
export type CelRoots = Record<string, CelDecl>;

/** A checker for one set of roots; build it once per automation and check many expressions. */
export interface CelChecker {
  check(source: string): CelIssue[];
  /** The issues and, when there are none, the inferred CEL type (`bool`, `string`, `dyn`...). */
  checkType(source: string): { issues: CelIssue[]; type?: string };
}

function issueKind(code: string): CelIssueKind {
  if (code === 'unknown_variable') return 'unknown-root';
  if (code === 'no_such_key' || code === 'no_such_field') return 'unknown-field';
  return 'type';
}

function declare(env: Environment, name: string, decl: CelDecl): void {
  if (typeof decl === 'string') env.registerVariable(name, decl);
  else if (Object.keys(decl).length === 0)
    env.registerVariable({ name, schema: {} as Record<string, string> });
  else env.registerVariable({ name, schema: decl as Record<string, string> });
}

/** Creates a checker whose environment declares exactly `roots`. */
export function createCelChecker(roots: CelRoots): CelChecker {
  const env = checkingEnvironment();
  for (const [name, decl] of Object.entries(roots)) declare(env, name, decl);
  // Many expressions repeat across documents (`record.values.name`): check each source once.
  const memo = new Map<string, { issues: CelIssue[]; type?: string }>();
  const checkType = (source: string): { issues: CelIssue[]; type?: string } => {
    let result = memo.get(source);
    if (!result) {
      result = checkUncached(source);
      memo.set(source, result);
    }
    return result;
  };
  const checkUncached = (source: string): { issues: CelIssue[]; type?: string } => {
    const parsed = program(source);
    if (typeof parsed !== 'function') return { issues: [{ ...parsed, kind: 'syntax' }] };
    const result = env.check(source);
    if (result.valid) return { issues: [], type: result.type };
    const error = toCelError(result.error, 'type_error');
    return { issues: [{ ...error, kind: issueKind(error.code) }] };
  };
  return { checkType, check: (source) => checkType(source).issues };
}

/** Checks one expression against `roots` (convenience for one-off checks; prefer createCelChecker). */
export function checkCel(source: string, roots: CelRoots): CelIssue[] {
  return createCelChecker(roots).check(source);
}
