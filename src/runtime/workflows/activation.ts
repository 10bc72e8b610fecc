/**
 * Expressions inside the workflow: the CEL activation (trigger, record, steps, vars, run, automation,
 * workspace, now = workflow time) and evaluation helpers that turn CEL errors into step failures.
 * `secrets.NAME` renders to the literal reference `${{ secrets.NAME }}`, which only the activity
 * resolves, so secret values never enter workflow history.
 */
import { celTimestamp, evaluateCel, evaluateCondition, renderTemplate } from '../../cel/index.js';
import { RUNTIME_ERROR_TYPES } from '../contract.js';
import { StepFailure } from './failure.js';
import type { RunState, StepResults } from './run-state.js';

/** Where an expression is evaluated: loop locals and the step results visible there. */
export interface ExprScope {
  locals: Record<string, unknown>;
  steps: StepResults;
  /** Extra roots (e.g. `event` inside an event wait's `match`). */
  extra?: Record<string, unknown>;
}

const SECRET_REF = /secrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*["']([^"']+)["']\s*\])/g;

/** Names of secrets a template references (so each can render as its unresolved reference). */
export function secretNames(template: unknown): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(SECRET_REF)) names.add(m[1] ?? m[2]);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(template);
  return [...names];
}

/** The activation for one evaluation. */
export function activationOf(state: RunState, scope: ExprScope, now: Date): Record<string, unknown> {
  const { input } = state;
  const event = input.event;
  const vars = { ...state.vars, ...scope.locals };
  return {
    trigger: {
      id: event.id,
      type: event.type,
      payload: event.payload ?? {},
      changes: event.changes ?? {},
      previous: event.previous ?? {},
      occurredAt: event.occurredAt,
    },
    record: event.record ?? null,
    steps: scope.steps.all(),
    vars,
    ...scope.locals,
    run: {
      id: input.runId,
      attempt: state.continuedAsNew + 1,
      started_at: state.startedAt,
      version: input.version,
      dry_run: input.dryRun === true,
    },
    automation: {
      name: input.automation.metadata.name,
      labels: input.automation.metadata.labels,
      module: input.automation.module,
      version: input.version,
    },
    workspace: { name: input.workspace },
    now: celTimestamp(now),
    ...scope.extra,
  };
}

function expressionFailure(what: string, cel: string, message: string): StepFailure {
  return new StepFailure({
    type: RUNTIME_ERROR_TYPES.expression,
    message: `${what} \`${cel}\` failed: ${message}`,
    retryable: false,
  });
}

/** Evaluates a bool condition or throws a StepFailure (a type error is never a silent false). */
export function condition(state: RunState, scope: ExprScope, cel: string, now: Date): boolean {
  const result = evaluateCondition(cel, activationOf(state, scope, now));
  if (!result.ok) throw expressionFailure('condition', cel, result.error.message);
  return result.value;
}

/** Evaluates an expression to JSON or throws a StepFailure. */
export function evaluate(state: RunState, scope: ExprScope, cel: string, now: Date): unknown {
  const result = evaluateCel(cel, activationOf(state, scope, now));
  if (!result.ok) throw expressionFailure('expression', cel, result.error.message);
  return result.value;
}

/** Renders a `with:`/`input:` template; secrets stay `${{ secrets.NAME }}`. */
export function render(state: RunState, scope: ExprScope, template: unknown, now: Date): unknown {
  const secrets: Record<string, string> = {};
  for (const name of secretNames(template)) secrets[name] = `\${{ secrets.${name} }}`;
  const activation = { ...activationOf(state, scope, now), secrets };
  const result = renderTemplate(template, activation);
  if (!result.ok) {
    const at = result.error.path.length ? ` at ${result.error.path.join('.')}` : '';
    throw expressionFailure(`template${at}`, result.error.expression, result.error.message);
  }
  return result.value;
}
