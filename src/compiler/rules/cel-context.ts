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

/** What `steps.<id>.output` holds for each step, as a JSON Schema when known. */
export function outputSchemas(unit: CompileUnit, ctx: RuleContext): Map<string, JsonSchema | undefined> {
  const out = new Map<string, JsonSchema | undefined>();
  if (unit.resource.kind !== 'Automation') return out;
  const agents = new Map(
    ctx.units.flatMap((u) =>
      u.resource.kind === 'Agent' ? [[u.resource.metadata.name, u.resource.output]] : [],
    ),
  );
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
  roots.trigger = def
    ? {
        id: 'string',
        type: 'string',
        payload: celDeclFromSchema(def.payload),
        changes: 'map',
        previous: 'map',
        occurredAt: 'string',
        causation: 'list<string>',
      }
    : 'dyn';
  if (!def) roots.record = 'dyn';
  else if (def.record) roots.record = celDeclFromSchema(def.record);
  const steps: Record<string, CelDecl> = {};
  for (const [id, schema] of outputSchemas(unit, ctx)) {
    steps[id] = { status: 'string', output: schema ? celDeclFromSchema(schema) : 'dyn', error: 'map' };
  }
  roots.steps = steps;
  for (const step of allSteps(unit.resource.steps)) if (step.kind === 'loop') roots[step.as] = 'dyn';
  return roots;
}

function rootsOf(unit: CompileUnit, ctx: RuleContext): Record<string, CelDecl> {
  if (unit.resource.kind === 'AgentPolicy')
    return { args: 'map', tool: 'string', agent: 'map', now: TIMESTAMP };
  return automationRoots(unit, ctx);
}

const checkers = new WeakMap<CompileUnit, CelChecker>();
const results = new WeakMap<ExprSite, { issues: CelIssue[]; type?: string; refs: CelReference[] }>();

/** The check result of one expression (cached: several rules read it). */
export function checkSite(
  unit: CompileUnit,
  site: ExprSite,
  ctx: RuleContext,
): { issues: CelIssue[]; type?: string; refs: CelReference[] } {
  const cached = results.get(site);
  if (cached) return cached;
  let checker = checkers.get(unit);
  if (!checker) {
    checker = createCelChecker(rootsOf(unit, ctx));
    checkers.set(unit, checker);
  }
  const parsed = compileCel(site.cel);
  const result = { ...checker.checkType(site.cel), refs: parsed.ok ? collectReferences(parsed.ast) : [] };
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
