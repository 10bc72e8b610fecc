/**
 * `aexy agents run NAME --input JSON [--wait]`: runs an applied agent by hand, outside any automation
 * (an `agentRun` workflow with its own run in the run log, automation `agent:NAME`). Policies apply as
 * in automations; a call waiting for approval is decided with `aexy approve RUN`.
 */
import type { Command } from 'commander';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { progress, wantsJson, writeJson } from './output.js';
import { connectForCommand, type RuntimeSession, readObjectOption, withRuntime } from './runtime-support.js';

interface AgentsRunOptions {
  input?: string;
  wait?: boolean;
  timeout?: string;
}

export function registerAgents(program: Command, invocation: Invocation): void {
  const agents = program.command('agents').description('run applied AI agents by hand (policies apply)');
  agents.addHelpText(
    'after',
    '\nExamples:\n  aexy agents run reply-classifier --input \'{"text":"Sounds good"}\' --wait\n',
  );
  agents
    .command('run')
    .description('start a run of an applied agent with an input; print its run id, or its output with --wait')
    .argument('<agent>', 'agent name')
    .option('--input <json|@file>', 'the agent input: a JSON object, or @file (default {})')
    .option('--wait', 'wait for the final output; exit 1 when the agent fails')
    .option('--timeout <seconds>', 'with --wait: give up waiting after this long (default 600)')
    .addHelpText(
      'after',
      '\nExamples:\n  aexy agents run reply-classifier --input \'{"text":"Please unsubscribe me"}\' --wait\n' +
        '  aexy agents run lead-scorer --input @lead.json\n' +
        '  aexy agents run lead-scorer --input @lead.json --wait --output json\n',
    )
    .action(action(invocation, runAgent));
}

async function runAgent(ctx: CommandContext, opts: AgentsRunOptions, args: string[]): Promise<number> {
  const name = args[0] as string;
  const input = (await readObjectOption(ctx, opts.input, '--input')) ?? {};
  return withRuntime(ctx, async (session) => {
    const versions = await session.store.currentVersions();
    if (!versions.some((v) => v.kind === 'Agent' && v.name === name))
      throw new UserError(`no applied agent named ${name}`, 'apply it first: aexy plan && aexy apply', {
        code: 'not_found',
      });
    const connection = await connectForCommand(session);
    try {
      const { randomUUID } = await import('node:crypto');
      const runId = `agent-${name}-${randomUUID().slice(0, 8)}`;
      const { WORKFLOW_AGENT_RUN } = await import('../runtime/agents/contract.js');
      const handle = await connection.client.workflow.start(WORKFLOW_AGENT_RUN, {
        taskQueue: session.settings.temporal.taskQueue,
        workflowId: runId,
        args: [{ runId, agent: name, input, workspace: session.settings.workspace }],
      });
      progress(ctx, `agent ${name}: started ${runId}`);
      if (!opts.wait) {
        if (wantsJson(ctx)) writeJson(ctx, 'agent-run', { runId, agent: name, status: 'RUNNING' });
        else ctx.stdout.write(`${runId}\n`);
        return ExitCode.ok;
      }
      return await waitForAgent(ctx, session, handle, runId, Number(opts.timeout ?? 600) * 1000);
    } finally {
      await connection.close();
    }
  });
}

/** Waits for the result, saying once when the run waits for a person. */
async function waitForAgent(
  ctx: CommandContext,
  session: RuntimeSession,
  handle: { result(): Promise<unknown> },
  runId: string,
  timeoutMs: number,
): Promise<number> {
  let hinted = false;
  const poll = setInterval(async () => {
    const run = await session.stores.runs.getRun(runId).catch(() => undefined);
    if (run?.status === 'PAUSED' && !hinted) {
      hinted = true;
      progress(ctx, `waiting for a person: aexy approve ${runId} (or aexy reject ${runId})`);
    }
  }, 1000);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new UserError(
            `agent run ${runId} did not finish within ${timeoutMs / 1000}s`,
            `see: aexy runs show ${runId}`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    const result = (await Promise.race([handle.result(), timeout])) as {
      output: unknown;
      iterations: number;
      usage: unknown;
    };
    if (wantsJson(ctx)) writeJson(ctx, 'agent-run', { runId, status: 'COMPLETED', ...result });
    else ctx.stdout.write(`${JSON.stringify(result.output, null, 2)}\n`);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const cause = (error as { cause?: Error & { type?: string } }).cause;
    const type = cause?.type ?? 'error';
    const message = cause?.message ?? (error as Error).message;
    if (wantsJson(ctx)) writeJson(ctx, 'agent-run', { runId, status: 'FAILED', error: { type, message } });
    else ctx.stderr.write(`agent run ${runId} FAILED: ${type}: ${message}\n`);
    return ExitCode.findings;
  } finally {
    clearInterval(poll);
    clearTimeout(timer);
  }
}
