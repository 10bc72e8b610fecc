import type { Command } from 'commander';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { wantsJson, writeJson } from './output.js';

interface EvalOptions {
  agent: string;
  tool: string;
  args?: string;
  access?: string;
  tokens?: string;
  now?: string;
  from?: string;
}

interface DecisionsOptions {
  agent?: string;
  outcome?: string;
  run?: string;
  limit?: string;
}

const OUTCOMES = ['ALLOW', 'BLOCK', 'REQUIRE_APPROVAL', 'RATE_LIMITED'];

/** `aexy policy eval|test|decisions`: explain, test and audit agent policy decisions. */
export function registerPolicy(program: Command, invocation: Invocation): void {
  const policy = program.command('policy').description('explain, test and audit agent policy decisions');
  policy
    .command('eval')
    .description('decide one agent call against the policies and explain every policy considered')
    .requiredOption('--agent <name>', 'the agent making the call')
    .requiredOption('--tool <tool>', 'the tool it calls (`@model` for a model call)')
    .option('--args <json>', 'the call arguments as a JSON object', '{}')
    .option(
      '--access <read|write>',
      'override the access (default: read for registry tools without side effects)',
    )
    .option('--tokens <n>', 'model calls: the estimated tokens')
    .option('--now <iso>', 'decision time (default: now), for rate-limit and budget windows')
    .option('--from <files|workspace>', 'policies from the project files or the applied workspace', 'files')
    .addHelpText(
      'after',
      '\nExit code 0 whatever the outcome (it is an explanation; use `aexy policy test` to assert), 1 on errors.\n\n' +
        'Examples:\n' +
        '  aexy policy eval --agent outreach --tool send_email --args \'{"to":"lead@example.com"}\'\n' +
        '  aexy policy eval --agent outreach --tool update_record --args \'{"values":{"salary":1}}\' -o json\n' +
        '  aexy policy eval --agent outreach --tool @model --tokens 4000 --from workspace\n',
    )
    .action(action(invocation, (ctx, options: EvalOptions) => evaluate(ctx, options)));
  policy
    .command('test')
    .description('run policy test cases (YAML: call -> expected outcome); exit 1 on a mismatch')
    .argument('[files...]', 'test files (default: policy-tests/**/*.yaml in the project)')
    .addHelpText(
      'after',
      '\nA test file is a list of cases:\n' +
        '  - call: { agent: outreach, tool: send_email, args: { to: lead@example.com } }\n' +
        '    expect: REQUIRE_APPROVAL\n\n' +
        'Examples:\n  aexy policy test\n  aexy policy test policy-tests/outreach.yaml -o json\n',
    )
    .action(action(invocation, (ctx, _options: object, args: string[]) => runTests(ctx, args)));
  policy
    .command('decisions')
    .description('list the decisions recorded in the workspace, newest first')
    .option('--agent <name>', 'only this agent')
    .option('--outcome <outcome>', `only this outcome (${OUTCOMES.join(', ')})`)
    .option('--run <id>', 'only this agent run')
    .option('--limit <n>', 'at most this many', '50')
    .addHelpText(
      'after',
      '\nExamples:\n  aexy policy decisions\n  aexy policy decisions --agent outreach --outcome BLOCK\n  aexy policy decisions -o json\n',
    )
    .action(action(invocation, (ctx, options: DecisionsOptions) => listDecisions(ctx, options)));
}

async function evaluate(ctx: CommandContext, options: EvalOptions): Promise<number> {
  const support = await import('./policy-support.js');
  const call = await support.callFromOptions(options);
  const loaded = await support.loadPolicies(ctx, options.from ?? 'files');
  if (!loaded) return ExitCode.findings;
  const now = options.now ?? new Date().toISOString();
  const decision = await support.decideWithCounters(ctx, loaded, call, now);
  const { renderDecision } = await import('../ui/policy/render-policy.js');
  if (wantsJson(ctx)) writeJson(ctx, 'policy-decision', { call, now, timeZone: loaded.timeZone, decision });
  else
    ctx.stdout.write(
      renderDecision(call, decision, { now, timeZone: loaded.timeZone, source: loaded.source }),
    );
  return ExitCode.ok;
}

async function runTests(ctx: CommandContext, files: string[]): Promise<number> {
  const support = await import('./policy-support.js');
  const loaded = await support.loadPolicies(ctx, 'files');
  if (!loaded) return ExitCode.findings;
  const { cases, problems } = await support.readTestCases(ctx, loaded.dir, files);
  const policy = await import('../policy/index.js');
  const results = cases.map((c) => policy.runTestCase(loaded.index, loaded.policies, c, loaded.timeZone));
  const failed = results.filter((r) => !r.pass).length + problems.length;
  const { renderTestResults } = await import('../ui/policy/render-policy.js');
  if (wantsJson(ctx)) {
    const summary = { total: results.length, passed: results.length - (failed - problems.length), failed };
    writeJson(ctx, 'policy-test', { summary, problems, results: results.map(support.testResultJson) });
  } else ctx.stdout.write(renderTestResults(results, problems));
  if (cases.length === 0 && problems.length === 0)
    throw new UserError('no policy test cases found', 'name test files, or put them under policy-tests/');
  return failed > 0 ? ExitCode.findings : ExitCode.ok;
}

async function listDecisions(ctx: CommandContext, options: DecisionsOptions): Promise<number> {
  const outcome = options.outcome?.toUpperCase();
  if (outcome && !OUTCOMES.includes(outcome))
    throw new UserError(`unknown outcome "${options.outcome}"`, `use one of: ${OUTCOMES.join(', ')}`);
  const limit = Number(options.limit ?? 50);
  if (!Number.isInteger(limit) || limit < 1) throw new UserError('--limit must be a positive integer');
  const support = await import('./policy-support.js');
  const filter = { agent: options.agent, outcome: outcome as 'ALLOW' | undefined, run: options.run, limit };
  const decisions = await support.readDecisions(ctx, filter);
  const { renderDecisions } = await import('../ui/policy/render-policy.js');
  if (wantsJson(ctx)) writeJson(ctx, 'policy-decisions', { decisions });
  else ctx.stdout.write(renderDecisions(decisions));
  return ExitCode.ok;
}
