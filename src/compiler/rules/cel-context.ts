/**
 * The CEL view of one document for the cel/* rules: which roots exist and what they hold (trigger
 * payload and record from the registry, step outputs from action output schemas and agent output
 * schemas), one checker per document, and one check result per expression shared by all rules.
 */
import {
  type CelChecker,
  type CelDecl,
  type CelIssue,
  type CelReference,
  celDeclFromSchema,
  collectReferences,
  compileCel,
  createCelChecker,
} from '../../cel/index.js';
import type { JsonSchema } from '../../registry/types.js';
import { allSteps, type CompileUnit, type ExprSite } from '../unit.js';
import type { RuleContext } from './types.js';

const TIMESTAMP = 'google.protobuf.Timestamp';

/** Roots every automation expression may read besides trigger, record and steps. */
const COMMON_ROOTS: Record<string, CelDecl> = {
  vars: 'map',
  run: 'map',
  automation: 'map',
  workspace: 'map',
  now: TIMESTAMP,
  secrets: 'map',
};

/** The fields of an event (the `trigger` root, and `event` in a wait's `match`) besides its payload. */
const EVENT_FIELDS: Record<string, CelDecl> = {
  id: 'string',
  type: 'string',
  changes: 'map',
  previous: 'map',
  occurredAt: 'string',
  causation: 'list<string>',
};

const agentOutputs = new WeakMap<readonly CompileUnit[], Map<string, JsonSchema | undefined>>();
const outputs = new WeakMap<CompileUnit, Map<string, JsonSchema | undefined>>();

function agentOutputsOf(ctx: RuleContext): Map<string, JsonSchema | undefined> {
  let map = agentOutputs.get(ctx.units);
  if (!map) {
    map = new Map(
      ctx.units.flatMap((u) =>
        u.resource.kind === 'Agent' ? [[u.resource.metadata.name, u.resource.output]] : [],
      ),
    );
    agentOutputs.set(ctx.units, map);
  }
  return map;
}

/** What `steps.<id>.output` holds for each step, as a JSON Schema when known (computed once per document). */
export function outputSchemas(unit: CompileUnit, ctx: RuleContext): Map<string, JsonSchema | undefined> {
  const cached = outputs.get(unit);
  if (cached) return cached;
  const out = new Map<string, JsonSchema | undefined>();
  outputs.set(unit, out);
  if (unit.resource.kind !== 'Automation') return out;
  const agents = agentOutputsOf(ctx);
  for (const step of allSteps(unit.resource.steps)) {
    if (step.kind === 'action') out.set(step.id, ctx.registry.actions.get(step.action)?.output);
    else if (step.kind === 'agent') out.set(step.id, agents.get(step.agent));
    else out.set(step.id, undefined);
  }
  return out;
}

function automationRoots(unit: CompileUnit, ctx: RuleContext): Record<string, CelDecl> {
  if (unit.resource.kind !== 'Automation') return {};
  const def = ctx.registry.triggers.get(unit.resource.trigger.type);
  const roots: Record<string, CelDecl> = { ...COMMON_ROOTS };
  roots.trigger = def ? { ...EVENT_FIELDS, payload: celDeclFromSchema(def.payload) } : 'dyn';
  if (!def) roots.record = 'dyn';
  else if (def.record) roots.record = celDeclFromSchema(def.record);
  // Step outputs are checked by walking their JSON Schemas (cel/unknown-field), so the checker can be
  // shared by every automation with the same trigger: building one is the expensive part.
  roots.steps = 'map';
  for (const step of allSteps(unit.resource.steps)) if (step.kind === 'loop') roots[step.as] = 'dyn';
  return roots;
}

function rootsOf(unit: CompileUnit, ctx: RuleContext): Record<string, CelDecl> {
  if (unit.resource.kind === 'AgentPolicy')
    return { args: 'map', tool: 'string', agent: 'map', now: TIMESTAMP };
  return automationRoots(unit, ctx);
}

/** The roots of an event wait's `match`: everything, plus `event` shaped like the awaited event. */
function withEvent(
  roots: Record<string, CelDecl>,
  eventType: string,
  ctx: RuleContext,
): Record<string, CelDecl> {
  const def = ctx.registry.triggers.get(eventType);
  const event: CelDecl = def ? { ...EVENT_FIELDS, payload: celDeclFromSchema(def.payload) } : 'dyn';
  return { ...roots, event };
}

const checkers = new WeakMap<RuleContext['registry'], Map<string, CelChecker>>();

const unitKeys = new WeakMap<CompileUnit, string>();

/** What decides a document's roots: its kind, trigger and loop item names. */
function unitKey(unit: CompileUnit): string {
  let key = unitKeys.get(unit);
  if (key === undefined) {
    const r = unit.resource;
    const loops =
      r.kind === 'Automation' ? [...allSteps(r.steps)].flatMap((s) => (s.kind === 'loop' ? [s.as] : [])) : [];
    key = [r.kind, r.kind === 'Automation' ? r.trigger.type : '', [...new Set(loops)].sort().join(',')].join(
      '|',
    );
    unitKeys.set(unit, key);
  }
  return key;
}

/** Checkers are shared by every document whose roots are the same (same kind, trigger, loop names, event). */
function checkerFor(unit: CompileUnit, site: ExprSite, ctx: RuleContext): CelChecker {
  let cache = checkers.get(ctx.registry);
  if (!cache) {
    cache = new Map();
    checkers.set(ctx.registry, cache);
  }
  const key = `${unitKey(unit)}|${site.event ?? ''}`;
  let checker = cache.get(key);
  if (!checker) {
    const roots = rootsOf(unit, ctx);
    checker = createCelChecker(site.event === undefined ? roots : withEvent(roots, site.event, ctx));
    cache.set(key, checker);
  }
  return checker;
}

const refCache = new Map<string, CelReference[]>();

/** The member chains an expression reads (cached by source: the same expressions recur across files). */
function referencesOf(source: string): CelReference[] {
  let refs = refCache.get(source);
  if (!refs) {
    const parsed = compileCel(source);
    refs = parsed.ok ? collectReferences(parsed.ast) : [];
    if (refCache.size > 5000) refCache.clear();
    refCache.set(source, refs);
  }
  return refs;
}

const results = new WeakMap<ExprSite, { issues: CelIssue[]; type?: string; refs: CelReference[] }>();

/** The check result of one expression (cached: several rules read it). */
export function checkSite(
  unit: CompileUnit,
  site: ExprSite,
  ctx: RuleContext,
): { issues: CelIssue[]; type?: string; refs: CelReference[] } {
  const cached = results.get(site);
  if (cached) return cached;
  const checker = checkerFor(unit, site, ctx);
  const result = { ...checker.checkType(site.cel), refs: referencesOf(site.cel) };
  results.set(site, result);
  return result;
}

/** The reference chain that contains `offset`, if any. */
export function referenceAt(refs: CelReference[], offset: number): CelReference | undefined {
  return refs.find((r) => offset >= r.start && offset < Math.max(r.end, r.start + 1));
}

/** Property names a JSON Schema object allows at `path` (undefined when open or unknown). */
export function keysAt(schema: JsonSchema | undefined, path: string[]): string[] | undefined {
  let current: unknown = schema;
  for (const key of path) {
    const props = (current as { properties?: Record<string, unknown> } | undefined)?.properties;
    if (!props || !(key in props)) return undefined;
    current = props[key];
  }
  const props = (current as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props).sort() : undefined;
}
