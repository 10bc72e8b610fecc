/**
 * What the policy commands share: loading the policies (project files or the applied workspace),
 * the workspace time zone, previewing counters from the workspace, reading test files and decisions.
 * Loaded lazily by src/commands/policy.ts so `aexy --help` stays fast.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { AgentIR, AgentPolicyIR, Resource } from '../ir/types.js';
import {
  type Access,
  compilePolicies,
  counterView,
  type Decision,
  type DecisionFilter,
  type DecisionRecord,
  decide,
  EMPTY_COUNTERS,
  MODEL_TOOL,
  type PolicyCall,
  type PolicyIndex,
  type PolicyTestCase,
  type PolicyTestProblem,
  type PolicyTestResult,
  parseTestCases,
} from '../policy/index.js';
import { type CommandContext, UserError } from './context.js';
import { writeJson } from './output.js';

/** The policies a command works with, and where they came from. */
export interface LoadedPolicies {
  dir: string;
  policies: AgentPolicyIR[];
  agents: AgentIR[];
  index: PolicyIndex;
  timeZone: string;
  source: 'files' | 'workspace';
  /** The workspace file, when it exists. */
  workspace?: string;
}

/** Builds the call from `aexy policy eval` options; a bad option is a UserError. */
export async function callFromOptions(options: {
  agent: string;
  tool: string;
  args?: string;
  access?: string;
  tokens?: string;
}): Promise<PolicyCall> {
  let args: unknown;
  try {
    args = JSON.parse(options.args ?? '{}');
  } catch (error) {
    throw new UserError(
      `--args is not JSON: ${(error as Error).message}`,
      `for example: --args '{"to":"a@b.com"}'`,
    );
  }
  if (!args || typeof args !== 'object' || Array.isArray(args))
    throw new UserError('--args must be a JSON object');
  if (options.access && options.access !== 'read' && options.access !== 'write')
    throw new UserError(`--access must be read or write, got "${options.access}"`);
  const call: PolicyCall = {
    agent: options.agent,
    tool: options.tool,
    args: args as Record<string, unknown>,
  };
  call.access = (options.access as Access | undefined) ?? (await accessOf)(options.tool);
  if (options.tokens !== undefined) {
    const tokens = Number(options.tokens);
    if (!Number.isInteger(tokens) || tokens < 0)
      throw new UserError('--tokens must be a non-negative integer');
    call.estimatedTokens = tokens;
  } else if (options.tool === MODEL_TOOL) call.estimatedTokens = 0;
  return call;
}

/** read for registry tools without side effects, write for every other tool (the stricter reading). */
const accessOf: Promise<(tool: string) => Access> = import('../registry/index.js').then(
  ({ registry }) =>
    (tool: string): Access =>
      registry.actions.get(tool)?.sideEffect === false ? 'read' : 'write',
);

/** Loads policies and agents; prints the file errors and returns undefined when the files do not compile. */
export async function loadPolicies(ctx: CommandContext, from: string): Promise<LoadedPolicies | undefined> {
  if (from !== 'files' && from !== 'workspace')
    throw new UserError(`--from must be files or workspace, got "${from}"`);
  const sync = await import('../sync/project-workspace.js');
  const settings = await sync.projectSettings(ctx.cwd, ctx.global.project);
  const location = sync.workspaceLocation(settings, ctx.global.workspace, ctx.env, ctx.cwd).location;
  const workspace = (await workspaceExists(location)) ? location : undefined;
  let resources: Resource[];
  if (from === 'files') {
    const desired = await sync.loadDesired(settings.dir, ctx.cwd);
    if (await reportErrors(ctx, [...settings.diagnostics, ...desired.diagnostics])) return undefined;
    resources = desired.resources;
  } else resources = await appliedResources(ctx, location, workspace);
  const policies = resources.filter((r): r is AgentPolicyIR => r.kind === 'AgentPolicy');
  const agents = resources.filter((r): r is AgentIR => r.kind === 'Agent');
  const tz = settings.config?.data.timezone;
  const timeZone = typeof tz === 'string' && tz ? tz : 'UTC';
  return {
    dir: settings.dir,
    policies,
    agents,
    index: compilePolicies(policies),
    timeZone,
    source: from,
    workspace,
  };
}

/** A SQLite file that exists, or a shared workspace (a URL: it always exists). */
async function workspaceExists(location: string): Promise<boolean> {
  const { isUrl } = await import('../workspace/location.js');
  return isUrl(location) || existsSync(location);
}

async function appliedResources(
  ctx: CommandContext,
  location: string,
  workspace: string | undefined,
): Promise<Resource[]> {
  if (!workspace)
    throw new UserError(
      `no workspace at ${location}`,
      'apply the project first (aexy apply), or use --from files',
    );
  return withBackend(ctx, workspace, async (backend) =>
    (await backend.store.currentVersions()).map((v) => v.ir),
  );
}

async function reportErrors(ctx: CommandContext, diagnostics: Diagnostic[]): Promise<boolean> {
  const { hasErrors } = await import('../diagnostics/diagnostic.js');
  if (!hasErrors(diagnostics)) return false;
  const ui = await import('../ui/diagnostics/index.js');
  const report = ui.buildReport(diagnostics, 0);
  if (ctx.global.output === 'json') writeJson(ctx, 'policy-error', { diagnostics: report.diagnostics });
  else ctx.stderr.write(ui.renderText(report, () => undefined, { color: ctx.color }));
  ctx.stderr.write('error: the files have errors; fix them first (see `aexy validate`)\n');
  return true;
}

/**
 * Decides with the workspace's current counters: a first pass names the counters the call
 * touches, which are read from the workspace (when it exists), then the call is decided again.
 */
export async function decideWithCounters(
  ctx: CommandContext,
  loaded: LoadedPolicies,
  call: PolicyCall,
  now: string,
): Promise<Decision> {
  if (!Number.isFinite(Date.parse(now)))
    throw new UserError(`--now is not a date: ${now}`, 'for example: --now 2026-11-27T12:00:00Z');
  const options = { now, timeZone: loaded.timeZone };
  const first = decide(loaded.index, call, EMPTY_COUNTERS, options);
  if (!loaded.workspace || first.reservations.length === 0) return first;
  const keys = first.reservations.map((r) => r.key);
  const counts = await withBackend(ctx, loaded.workspace, (backend) => backend.policyCounters.readMany(keys));
  return decide(loaded.index, call, counterView(counts), options);
}

/** Runs `fn` on the workspace backend at `location`, closing it afterwards. */
async function withBackend<T>(
  ctx: CommandContext,
  location: string,
  fn: (backend: import('../workspace/backend.js').WorkspaceBackend) => Promise<T>,
): Promise<T> {
  const { openBackend } = await import('../workspace/open-backend.js');
  const backend = await openBackend(location, { env: ctx.env });
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}

/** Reads the test cases of the named files, or of `policy-tests/**` in the project. */
export async function readTestCases(
  ctx: CommandContext,
  dir: string,
  files: string[],
): Promise<{ cases: PolicyTestCase[]; problems: PolicyTestProblem[] }> {
  const paths = files.length > 0 ? files.map((f) => resolve(ctx.cwd, f)) : await defaultTestFiles(dir);
  const { readFileSync } = await import('node:fs');
  const { parseYamlDocuments } = await import('../loader/index.js');
  const { fileLabel } = await import('../project/load-files.js');
  const access = await accessOf;
  const cases: PolicyTestCase[] = [];
  const problems: PolicyTestProblem[] = [];
  for (const path of paths) {
    const label = fileLabel(ctx.cwd, path);
    if (!existsSync(path)) throw new UserError(`no such file: ${label}`);
    const loaded = parseYamlDocuments(label, readFileSync(path));
    for (const d of loaded.diagnostics) problems.push({ file: label, path: [], message: d.summary });
    for (const doc of loaded.value) {
      const parsed = parseTestCases(label, doc.data, access);
      cases.push(...parsed.cases);
      problems.push(...parsed.problems);
    }
  }
  return { cases, problems };
}

async function defaultTestFiles(dir: string): Promise<string[]> {
  const { glob } = await import('tinyglobby');
  const files = await glob(['policy-tests/**/*.yaml', 'policy-tests/**/*.yml'], { cwd: dir, absolute: true });
  return files.sort();
}

/** A test result as JSON: the case, pass/fail, the diff and the decision. */
export function testResultJson(result: PolicyTestResult) {
  const { case: c, pass, actual, diff, decision } = result;
  return {
    name: c.name,
    file: c.file,
    path: c.path,
    call: c.call,
    expect: c.expect,
    actual,
    pass,
    diff,
    decision,
  };
}

/** The recorded decisions of the workspace (none when it does not exist yet). */
export async function readDecisions(ctx: CommandContext, filter: DecisionFilter): Promise<DecisionRecord[]> {
  const sync = await import('../sync/project-workspace.js');
  const settings = await sync.projectSettings(ctx.cwd, ctx.global.project);
  const location = sync.workspaceLocation(settings, ctx.global.workspace, ctx.env, ctx.cwd).location;
  if (!(await workspaceExists(location))) return [];
  return withBackend(ctx, location, (backend) => backend.decisions.list(filter));
}
