/**
 * The kind-specific half of each IR step (`kind` plus its fields). Defaults come from defaults.ts;
 * missing required values become 0 / empty so that a named rule reports them with a fix.
 */
import type { JoinMode, ParallelBranch, Step, SwitchCase, WaitSpec } from '../ir/types.js';
import type { DocPath } from '../loader/types.js';
import { type KIND_KEYS, type StepBuilder, withSelf } from './build-steps.js';
import { DEFAULTS } from './defaults.js';
import { addTemplateSites, buildExpr, type Scope } from './expressions.js';
import { asBool, asList, asMap, asNumber, asString, asStrings, compact, isMap, type RawMap } from './raw.js';
import { allSteps, type CompileUnit } from './unit.js';

type Kind = (typeof KIND_KEYS)[number];
type KindFields = Partial<Step> & { kind: Kind };

/** A target taken after the step produced its result (approval, wait, agent timeout): it may read the step. */
function outcome(b: StepBuilder, raw: unknown, path: DocPath, scope: Scope) {
  return raw === undefined ? undefined : b.target(raw, path, withSelf(scope, scope.stepId ?? ''));
}

/** Marks the expression just registered as one that must give a list or a time. */
function expecting<T>(unit: CompileUnit, kind: 'list' | 'time', build: () => T): T {
  const first = unit.exprs.length;
  const expr = build();
  for (const site of unit.exprs.slice(first)) site.expects = kind;
  return expr;
}

export function buildKindSpecific(
  b: StepBuilder,
  kind: Kind,
  map: RawMap,
  path: DocPath,
  scope: Scope,
): KindFields {
  switch (kind) {
    case 'action':
      return {
        kind,
        action: asString(map.action) ?? '',
        with: b.templates(map.with, [...path, 'with'], { ...scope, inActionWith: true }),
      };
    case 'if':
      return {
        kind,
        condition: buildExpr(b.unit, map.if, [...path, 'if'], 'condition', scope),
        // biome-ignore lint/suspicious/noThenProperty: the IR field is named after the YAML key `then`
        then: b.target(map.then, [...path, 'then'], scope) ?? { kind: 'block', steps: [] },
        else: b.target(map.else, [...path, 'else'], scope),
      };
    case 'switch':
      return {
        kind,
        cases: switchCases(b, map.switch, [...path, 'switch'], scope),
        default: b.target(map.default, [...path, 'default'], scope),
      };
    case 'parallel':
      return parallel(b, asMap(map.parallel), [...path, 'parallel'], scope);
    case 'loop':
      return loop(b, asMap(map.loop), [...path, 'loop'], scope);
    case 'wait':
      return {
        kind,
        wait: waitSpec(b, map.wait, [...path, 'wait'], scope),
        onTimeout: outcome(b, map.onTimeout, [...path, 'onTimeout'], scope),
      };
    case 'approval':
      return approval(b, map, path, scope);
    case 'agent':
      return {
        kind,
        agent: asString(map.agent) ?? '',
        input: b.templates(map.input, [...path, 'input'], scope),
        waitForCompletion: asBool(map.waitForCompletion) ?? DEFAULTS.waitForCompletion,
        timeoutMs:
          map.timeout === undefined ? DEFAULTS.agentTimeoutMs : b.duration(map.timeout, [...path, 'timeout']),
        onTimeout: outcome(b, map.onTimeout, [...path, 'onTimeout'], scope),
      } as KindFields;
    case 'set':
      return {
        kind,
        vars: Object.entries(asMap(map.set)).map(([name, value]) => ({
          name,
          value: buildExpr(b.unit, value, [...path, 'set', name], 'value', scope),
        })),
      };
  }
}

function switchCases(b: StepBuilder, raw: unknown, path: DocPath, scope: Scope): SwitchCase[] {
  return asList(raw).map((item, i) => {
    const c = asMap(item);
    return {
      when: buildExpr(b.unit, c.when, [...path, i, 'when'], 'condition', scope),
      next: b.target(c.next, [...path, i, 'next'], scope) ?? { kind: 'block', steps: [] },
    };
  });
}

function joinMode(raw: unknown): JoinMode {
  if (raw === 'any') return { mode: 'any' };
  const count = asNumber(asMap(raw).count);
  return count === undefined ? { mode: 'all' } : { mode: 'count', count };
}

function parallel(b: StepBuilder, raw: RawMap, path: DocPath, scope: Scope): KindFields {
  const branches: ParallelBranch[] = Object.entries(asMap(raw.branches)).map(([name, steps]) => ({
    name,
    steps: b.block(steps, [...path, 'branches', name], scope),
  }));
  const onBranchFailure =
    asString(raw.onBranchFailure) === 'continue' ? 'continue' : DEFAULTS.onBranchFailure;
  return { kind: 'parallel', branches, join: joinMode(raw.join), onBranchFailure };
}

function loop(b: StepBuilder, raw: RawMap, path: DocPath, scope: Scope): KindFields {
  const as = asString(raw.as) ?? DEFAULTS.loopAs;
  const inner: Scope = { ...scope, locals: [...scope.locals, as] };
  const steps = b.block(raw.steps, [...path, 'steps'], inner);
  // `until` is checked after each iteration, so it may read the body's steps.
  const afterBody: Scope = {
    ...inner,
    before: new Set([...inner.before, ...[...allSteps(steps)].map((s) => s.id)]),
  };
  return compact({
    kind: 'loop' as const,
    forEach:
      raw.forEach === undefined
        ? undefined
        : expecting(b.unit, 'list', () =>
            buildExpr(b.unit, raw.forEach, [...path, 'forEach'], 'value', scope),
          ),
    until:
      raw.until === undefined
        ? undefined
        : buildExpr(b.unit, raw.until, [...path, 'until'], 'condition', afterBody),
    as,
    maxIterations: asNumber(raw.maxIterations) ?? 0,
    concurrency: asNumber(raw.concurrency) ?? DEFAULTS.loopConcurrency,
    steps,
  });
}

function waitSpec(b: StepBuilder, raw: unknown, path: DocPath, scope: Scope): WaitSpec {
  if (!isMap(raw)) return { mode: 'duration', durationMs: b.duration(raw, path) };
  if (raw.duration !== undefined)
    return { mode: 'duration', durationMs: b.duration(raw.duration, [...path, 'duration']) };
  if (raw.until !== undefined) {
    return {
      mode: 'until',
      until: expecting(b.unit, 'time', () =>
        buildExpr(b.unit, raw.until, [...path, 'until'], 'value', scope),
      ),
      offsetMs:
        raw.offset === undefined ? DEFAULTS.waitOffsetMs : b.duration(raw.offset, [...path, 'offset'], true),
    };
  }
  const event = asString(raw.event) ?? '';
  return compact({
    mode: 'event' as const,
    event,
    match:
      raw.match === undefined
        ? undefined
        : buildExpr(b.unit, raw.match, [...path, 'match'], 'condition', scope, event),
    timeoutMs: raw.timeout === undefined ? 0 : b.duration(raw.timeout, [...path, 'timeout']),
  });
}

function approval(b: StepBuilder, map: RawMap, path: DocPath, scope: Scope): KindFields {
  const raw = asMap(map.approval);
  const p = [...path, 'approval'];
  if (raw.message !== undefined) addTemplateSites(b.unit, raw.message, [...p, 'message'], scope);
  const escalate = isMap(raw.escalate)
    ? {
        afterMs: b.duration(raw.escalate.after, [...p, 'escalate', 'after']),
        to: asStrings(raw.escalate.to) ?? [],
      }
    : undefined;
  return compact({
    kind: 'approval' as const,
    approvers: asStrings(raw.approvers) ?? [],
    message: raw.message,
    timeoutMs: raw.timeout === undefined ? 0 : b.duration(raw.timeout, [...p, 'timeout']),
    escalate,
    onApprove: outcome(b, map.onApprove, [...path, 'onApprove'], scope),
    onReject: outcome(b, map.onReject, [...path, 'onReject'], scope),
    onTimeout: outcome(b, map.onTimeout, [...path, 'onTimeout'], scope),
  });
}
