/**
 * Read-only views shaped like the platform's endpoints: the CRM automation list and workflow graph,
 * the registry listings (the same data as `aexy registry ... -o json`), agent policies and the
 * policy decision log.
 */
import { buildGraph, renderMermaid } from '../../graph/index.js';
import type { AutomationIR } from '../../ir/types.js';
import type { Outcome } from '../../policy/types.js';
import { actionsFor, MODULES, registry, triggersFor } from '../../registry/index.js';
import type { ModuleId } from '../../registry/types.js';
import { badRequest, notFound } from '../api-error.js';
import type { RouteContext } from '../context.js';
import { intParam, strParam } from '../http.js';
import { runFilter } from './runs.js';

const OUTCOMES = new Set(['BLOCK', 'REQUIRE_APPROVAL', 'RATE_LIMITED', 'ALLOW']);

export async function listAutomations(ctx: RouteContext) {
  const automations = (await ctx.workspace.automations()).map((a) => ({
    name: a.name,
    version: a.version,
    enabled: a.ir.enabled,
    module: a.ir.module,
    trigger: a.ir.trigger.type,
  }));
  return { status: 200, body: { automations } };
}

async function requireAutomation(ctx: RouteContext) {
  const found = (await ctx.workspace.automations()).find((a) => a.name === ctx.params.name);
  if (!found) throw notFound(`no automation ${ctx.params.name} in this workspace`);
  return found;
}

export async function automationWorkflow(ctx: RouteContext) {
  const a = await requireAutomation(ctx);
  const graph = renderMermaid(buildGraph(a.ir as AutomationIR));
  return { status: 200, body: { name: a.name, version: a.version, ir: a.ir, graph } };
}

export async function automationRuns(ctx: RouteContext) {
  const a = await requireAutomation(ctx);
  return {
    status: 200,
    body: { runs: await ctx.workspace.backend.runtime.runs.listRuns(runFilter(ctx.query, a.name)) },
  };
}

function moduleParam(ctx: RouteContext): ModuleId | undefined {
  const module = strParam(ctx.query, 'module');
  if (module && !MODULES.includes(module as ModuleId))
    throw badRequest(`unknown module "${module}"`, { modules: MODULES });
  return module as ModuleId | undefined;
}

export async function registryTriggers(ctx: RouteContext) {
  const module = moduleParam(ctx);
  const triggers = module ? triggersFor(registry, module) : [...registry.triggers.values()];
  return { status: 200, body: { module: module ?? null, triggers } };
}

export async function registryActions(ctx: RouteContext) {
  const module = moduleParam(ctx);
  const actions = module ? actionsFor(registry, module) : [...registry.actions.values()];
  return { status: 200, body: { module: module ?? null, actions } };
}

export async function agentPolicies(ctx: RouteContext) {
  const versions = await ctx.workspace.backend.store.currentVersions();
  return { status: 200, body: { policies: versions.filter((v) => v.kind === 'AgentPolicy') } };
}

export async function policyDecisions(ctx: RouteContext) {
  const outcome = strParam(ctx.query, 'outcome');
  if (outcome && !OUTCOMES.has(outcome)) throw badRequest(`unknown outcome "${outcome}"`);
  const decisions = await ctx.workspace.backend.decisions.list({
    agent: strParam(ctx.query, 'agent'),
    outcome: outcome as Outcome | undefined,
    run: strParam(ctx.query, 'run'),
    limit: intParam(ctx.query, 'limit', 100, 1, 1000),
  });
  return { status: 200, body: { decisions } };
}
