/**
 * CEL for aexy: parse, type-check, evaluate and render `${{ }}` templates. Pure and deterministic
 * (no Node builtins, no clock, no randomness), so Temporal workflow code imports it too.
 */
export { type CelReference, collectReferences, referencedRoots } from './ast.js';
export {
  type CelChecker,
  type CelIssue,
  type CelIssueKind,
  type CelRoots,
  checkCel,
  createCelChecker,
} from './check.js';
export { type CelError, type CompileResult, compileCel } from './compile.js';
export {
  type ConditionProblem,
  celLiteral,
  conditionsToCel,
  conditionToCel,
  type DesugarResult,
  OPERATORS,
  type Operator,
  type RawCondition,
  UNARY_OPERATORS,
} from './conditions.js';
export { type Activation, type EvalResult, evaluateCel, evaluateCondition, evaluateRaw } from './evaluate.js';
export { OperatorError } from './operator-functions.js';
export { type CelDecl, celDeclFromSchema } from './schema-types.js';
export {
  hasTemplate,
  type RenderResult,
  renderTemplate,
  type TemplatePart,
  templateParts,
  walkStrings,
} from './template.js';
export { celTimestamp, type JsonValue, toJson } from './values.js';
