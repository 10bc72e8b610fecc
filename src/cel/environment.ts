/**
 * The CEL environments aexy uses. One evaluation environment (every root is `dyn`, helpers
 * registered) shared by all evaluations, and a base checking environment that `checkCel` clones and
 * declares the roots of one automation into. Building an Environment is the expensive part of the
 * library, so both are built once, lazily.
 */
import { Environment } from '@marcbachmann/cel-js';
import {
  opBetween,
  opChanged,
  opChangedFrom,
  opChangedTo,
  opContains,
  opEndsWith,
  opIn,
  opIsEmpty,
  opStartsWith,
  ordered,
  valuesEqual,
} from './operator-functions.js';

type Handler = (...args: never[]) => unknown;

/** `op_<name>` helper functions with their CEL signatures (see docs/language.md "Operators"). */
export const OPERATOR_FUNCTIONS: ReadonlyArray<[signature: string, handler: Handler]> = [
  ['op_equals(dyn, dyn): bool', (a: unknown, b: unknown) => valuesEqual(a, b)],
  ['op_not_equals(dyn, dyn): bool', (a: unknown, b: unknown) => !valuesEqual(a, b)],
  ['op_contains(dyn, dyn): bool', (a: unknown, b: unknown) => opContains(a, b)],
  ['op_not_contains(dyn, dyn): bool', (a: unknown, b: unknown) => a == null || !opContains(a, b)],
  ['op_starts_with(dyn, dyn): bool', (a: unknown, b: unknown) => opStartsWith(a, b)],
  ['op_ends_with(dyn, dyn): bool', (a: unknown, b: unknown) => opEndsWith(a, b)],
  ['op_is_empty(dyn): bool', (a: unknown) => opIsEmpty(a)],
  ['op_is_not_empty(dyn): bool', (a: unknown) => !opIsEmpty(a)],
  ['op_gt(dyn, dyn): bool', (a: unknown, b: unknown) => ordered('gt', a, b)],
  ['op_gte(dyn, dyn): bool', (a: unknown, b: unknown) => ordered('gte', a, b)],
  ['op_lt(dyn, dyn): bool', (a: unknown, b: unknown) => ordered('lt', a, b)],
  ['op_lte(dyn, dyn): bool', (a: unknown, b: unknown) => ordered('lte', a, b)],
  ['op_between(dyn, dyn): bool', (a: unknown, b: unknown) => opBetween(a, b)],
  ['op_in(dyn, dyn): bool', (a: unknown, b: unknown) => opIn(a, b)],
  ['op_not_in(dyn, dyn): bool', (a: unknown, b: unknown) => a == null || !opIn(a, b)],
  ['op_changed(dyn, string): bool', (t: unknown, s: string) => opChanged(t, s)],
  ['op_changed_to(dyn, string, dyn): bool', (t: unknown, s: string, v: unknown) => opChangedTo(t, s, v)],
  ['op_changed_from(dyn, string, dyn): bool', (t: unknown, s: string, v: unknown) => opChangedFrom(t, s, v)],
];

/**
 * Data numbers (record values, payloads, outputs) are doubles while literals like `1` are ints; CEL
 * has no implicit conversion, so `amount + 1` would fail. Mixed int/double arithmetic yields double.
 */
function registerMixedArithmetic(env: Environment): void {
  const ops: Array<[string, (a: number, b: number) => number]> = [
    ['+', (a, b) => a + b],
    ['-', (a, b) => a - b],
    ['*', (a, b) => a * b],
    ['/', (a, b) => a / b],
  ];
  for (const [op, fn] of ops) {
    env.registerOperator(`int ${op} double`, (a: bigint, b: number) => fn(Number(a), b));
    env.registerOperator(`double ${op} int`, (a: number, b: bigint) => fn(a, Number(b)));
  }
}

function withHelpers(env: Environment): Environment {
  for (const [signature, handler] of OPERATOR_FUNCTIONS) env.registerFunction(signature, handler);
  registerMixedArithmetic(env);
  return env;
}

let evalEnv: Environment | undefined;
let checkBase: Environment | undefined;

/** The environment evaluations run in: undeclared roots are `dyn`, so any activation works. */
export function evaluationEnvironment(): Environment {
  evalEnv ??= withHelpers(
    new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false }),
  );
  return evalEnv;
}

/** A fresh checking environment: helpers registered, no roots declared (the caller declares them). */
export function checkingEnvironment(): Environment {
  checkBase ??= withHelpers(
    new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false }),
  );
  return checkBase.clone();
}
