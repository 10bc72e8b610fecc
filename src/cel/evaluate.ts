/**
 * Evaluating CEL at run time (also inside Temporal workflow code: no I/O, no clock, no randomness;
 * `now` comes from the activation). Results are plain JSON; every failure is a value, not a throw.
 */
import { program } from './compile.js';
import { describeValue, type JsonValue, toJson } from './values.js';

/** The values of the roots (`trigger`, `record`, `steps`, `vars`, `now`...) for one evaluation. */
export type Activation = Record<string, unknown>;

export type EvalResult<T = JsonValue> =
  | { ok: true; value: T }
  | { ok: false; error: { message: string; code: string } };

/** `now` may arrive as an ISO string (e.g. through a Temporal payload); CEL wants a timestamp. */
function prepare(activation: Activation): Activation {
  const now = activation.now;
  if (typeof now === 'string' || typeof now === 'number') return { ...activation, now: new Date(now) };
  return activation;
}

/** Evaluates `source` with `activation`; the raw CEL value (BigInt ints, Dates) or the error. */
export function evaluateRaw(source: string, activation: Activation): EvalResult<unknown> {
  const compiled = program(source);
  if (typeof compiled !== 'function')
    return { ok: false, error: { message: compiled.message, code: compiled.code } };
  try {
    return { ok: true, value: compiled(prepare(activation)) };
  } catch (error) {
    const e = error as { summary?: string; message?: string; code?: string };
    const message = e?.summary ?? String(e?.message ?? error).split('\n')[0];
    return { ok: false, error: { message, code: e?.code ?? 'evaluation_error' } };
  }
}

/** Evaluates `source` with `activation`; the result as plain JSON, or the error. */
export function evaluateCel(source: string, activation: Activation): EvalResult {
  const result = evaluateRaw(source, activation);
  return result.ok ? { ok: true, value: toJson(result.value) } : result;
}

/** Evaluates a condition (`if`, `when`, `until`, conditions): the result must be a bool. */
export function evaluateCondition(source: string, activation: Activation): EvalResult<boolean> {
  const result = evaluateRaw(source, activation);
  if (!result.ok) return result;
  if (typeof result.value === 'boolean') return { ok: true, value: result.value };
  return {
    ok: false,
    error: {
      message: `a condition must be true or false, got ${describeValue(result.value)}`,
      code: 'not_a_bool',
    },
  };
}
