/**
 * Raw workflow steps -> IR steps. Resolves branch targets (nested block or jump), converts durations,
 * registers every expression with the steps that may have run before it (for ref/step-not-before).
 */
import type { ActionStep, ErrorPolicy, RetryPolicy, Step, Target } from '../ir/types.js';
import type { DocPath } from '../loader/types.js';
import { buildKindSpecific } from './build-step-kinds.js';
import { parseDuration } from './duration.js';
import { addTemplateSites, type Scope } from './expressions.js';
import { asList, asMap, asNumber, asString, asStrings, compact, isMap, type RawMap } from './raw.js';
import { allSteps, type CompileUnit } from './unit.js';

/** The scope of a branch taken after the step itself ran (catch, timeouts, approval outcomes). */
export function withSelf(scope: Scope, id: string): Scope {
  return { ...scope, before: new Set([...scope.before, id]) };
}

/** The step kinds, by the key that selects them. */
export const KIND_KEYS = [
  'action',
  'if',
  'switch',
  'parallel',
  'loop',
  'wait',
  'approval',
  'agent',
  'set',
] as const;

/** Builds IR steps for one document; holds the automation-level defaults steps inherit. */
export class StepBuilder {
  constructor(
    readonly unit: CompileUnit,
    readonly retryDefault: RetryPolicy,
  ) {}

  /** A list of steps; `scope.before` grows as the block proceeds. */
  block(raw: unknown, path: DocPath, scope: Scope): Step[] {
    const before = new Set(scope.before);
    const steps: Step[] = [];
    asList(raw).forEach((item, i) => {
      const step = this.step(item, [...path, i], { ...scope, before: new Set(before) }, `step_${i + 1}`);
      if (!step) return;
      steps.push(step);
      for (const s of allSteps([step])) before.add(s.id);
    });
    return steps;
  }

  /** One step, or undefined when it has no kind key at all (a schema error). */
  step(raw: unknown, path: DocPath, scope: Scope, fallbackId: string): Step | undefined {
    const map = asMap(raw);
    const kind = KIND_KEYS.find((k) => k in map);
    if (!kind) {
      this.unit.problems.push({
        kind: 'shape',
        path,
        message: `a step needs one of: ${KIND_KEYS.join(', ')}`,
      });
      return undefined;
    }
    const id = asString(map.id) ?? fallbackId;
    const inner: Scope = { ...scope, stepId: id };
    const step = compact({
      ...this.base(map, path, id, inner),
      ...buildKindSpecific(this, kind, map, path, inner),
    } as Step);
    this.unit.stepPaths.set(step, path);
    return step;
  }

  /** A flat `actions:` entry: an action step with id `action_<n>` unless it has one. */
  flatAction(raw: unknown, path: DocPath, scope: Scope, index: number): ActionStep {
    const step = this.step(
      { ...asMap(raw), action: asMap(raw).action ?? '' },
      path,
      scope,
      `action_${index + 1}`,
    );
    return step as ActionStep;
  }

  private base(map: RawMap, path: DocPath, id: string, scope: Scope) {
    return {
      id,
      name: asString(map.name),
      next: asString(map.next),
      onError: asString(map.onError) as ErrorPolicy | undefined,
      retry:
        map.retry === undefined ? undefined : this.retry(map.retry, [...path, 'retry'], this.retryDefault),
      timeoutMs: map.timeout === undefined ? undefined : this.duration(map.timeout, [...path, 'timeout']),
      catch:
        map.catch === undefined ? undefined : this.target(map.catch, [...path, 'catch'], withSelf(scope, id)),
      ref: this.unit.doc.locate(path),
    };
  }

  /** A branch target: a list of steps (block) or a step id / `end` / `fail` (jump). */
  target(raw: unknown, path: DocPath, scope: Scope): Target | undefined {
    if (Array.isArray(raw))
      return { kind: 'block', steps: this.block(raw, path, { ...scope, inActionWith: false }) };
    if (typeof raw === 'string') return { kind: 'jump', to: raw };
    if (raw !== undefined && raw !== null) {
      this.unit.problems.push({
        kind: 'shape',
        path,
        message: 'a branch target is a list of steps, a step id, `end` or `fail`',
      });
    }
    return undefined;
  }

  /** Milliseconds, or 0 with a problem recorded (rule duration/invalid reports it). */
  duration(raw: unknown, path: DocPath, signed = false): number {
    const ms = parseDuration(raw, signed);
    if (ms !== undefined) return ms;
    this.unit.problems.push({
      kind: 'duration',
      path,
      text: typeof raw === 'string' ? raw : JSON.stringify(raw),
      message: `${JSON.stringify(raw)} is not a duration`,
      fix: signed
        ? 'write a number and a unit, e.g. `30s`, `5m`, `3d`, `-7d`'
        : 'write a number and a unit, e.g. `500ms`, `30s`, `5m`, `1h30m`, `3d`, `2w`',
    });
    return 0;
  }

  /** A retry policy: the given keys over `fallback`. */
  retry(raw: unknown, path: DocPath, fallback: RetryPolicy): RetryPolicy {
    const map = asMap(raw);
    const ms = (key: string, dflt: number) =>
      map[key] === undefined ? dflt : this.duration(map[key], [...path, key]);
    return {
      maxAttempts: asNumber(map.maxAttempts) ?? fallback.maxAttempts,
      initialIntervalMs: ms('initialInterval', fallback.initialIntervalMs),
      backoff: asNumber(map.backoff) ?? fallback.backoff,
      maxIntervalMs: ms('maxInterval', fallback.maxIntervalMs),
      on: (asStrings(map.on) as RetryPolicy['on'] | undefined) ?? fallback.on,
    };
  }

  /** Template values (`with:`, `input:`): kept as written, expressions registered for checking. */
  templates(raw: unknown, path: DocPath, scope: Scope): Record<string, unknown> {
    const value = isMap(raw) ? raw : {};
    addTemplateSites(this.unit, value, path, scope);
    return value;
  }
}
