import type { Command } from 'commander';
import type { TailSource } from '../ui/runs/stream-tail-source.js';
import type { RunStatus } from '../workspace/runs/types.js';
import { type CommandContext, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { progress, wantsJson, writeJson } from './output.js';
import { addRunControl } from './runs-control.js';
import { connectForCommand, type RuntimeSession, withRuntime } from './runtime-support.js';

const STATUSES: RunStatus[] = ['PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'];

interface ListOptions {
  automation?: string;
  status?: string;
  since?: string;
  until?: string;
  limit: string;
}

interface TailOptions {
  automation?: string;
  run?: string;
  interval: string;
  timeout?: string;
}

/** `aexy runs list|show|tail`: what runs did, are doing, and wait for. */
export function registerRuns(program: Command, invocation: Invocation): void {
  const runs = program.command('runs').description('list, inspect and follow runs live');
  runs
    .command('list')
    .description('recent runs, newest first, SKIPPED ones with their reason')
    .option('--automation <name>', 'only runs of this automation')
    .option('--status <list>', `comma-separated statuses (${STATUSES.join(', ')})`)
    .option(
      '--since <time>',
      'only runs created since: an ISO time or a duration back from now (30m, 24h, 7d)',
    )
    .option('--until <time>', 'only runs created before: an ISO time or a duration back from now')
    .option('--limit <n>', 'at most this many runs', '50')
    .addHelpText(
      'after',
      '\nExamples:\n  aexy runs list --automation deal-followup --status FAILED,SKIPPED --since 24h\n  aexy runs list --output json\n',
    )
    .action(action(invocation, list));
  runs
    .command('show')
    .description("a run's step timeline: status, timing, attempts, errors, waits, branches, folded loops")
    .argument('<run>', 'run id')
    .option('--verbose', 'add each step input (secrets redacted) and output')
    .addHelpText('after', '\nExamples:\n  aexy runs show run_0a1b2c3d4e5f60718293 --verbose\n')
    .action(action(invocation, show));
  runs
    .command('tail')
    .description('follow runs live: an interactive view on a terminal, one line per change otherwise')
    .option('--automation <name>', 'only runs of this automation')
    .option('--run <id>', 'follow one run (line and JSON modes exit when it finishes)')
    .option('--interval <ms>', 'how often to read the run log', '250')
    .option('--timeout <seconds>', 'stop following after this long (line and JSON modes)')
    .addHelpText(
      'after',
      '\nOn a terminal: ↑/↓ move, enter shows or hides the timeline, a/r approve or reject the selected\n' +
        "run's pending approval (asks y/n first), q quits. Piped: one line per change; with --output json,\n" +
        'NDJSON events (docs/runs.md).\n\nExamples:\n  aexy runs tail\n  aexy runs tail --automation deal-followup\n  aexy runs tail --run run_0a1b2c3d4e5f60718293 --output json | jq .\n',
    )
    .action(action(invocation, tail));
  addRunControl(runs, invocation);
}

async function list(ctx: CommandContext, opts: ListOptions): Promise<number> {
  const status = parseStatuses(opts.status);
  const limit = positiveInt(opts.limit, '--limit');
  const now = new Date();
  return withRuntime(ctx, async (session) => {
    const { buildRunRow } = await import('../ui/runs/view-model.js');
    const records = await session.stores.runs.listRuns({
      automation: opts.automation,
      status,
      since: parseTime(opts.since, now, '--since'),
      until: parseTime(opts.until, now, '--until'),
      limit,
    });
    const rows = await Promise.all(
      records.map(async (r) => buildRunRow(r, await session.stores.runs.steps(r.id), now)),
    );
    if (wantsJson(ctx)) writeJson(ctx, 'runs', { runs: rows });
    else {
      const { renderRunList } = await import('../ui/runs/render-text.js');
      ctx.stdout.write(renderRunList(rows, now, await painter(ctx)));
    }
    return 0;
  });
}

async function show(ctx: CommandContext, opts: { verbose?: boolean }, args: string[]): Promise<number> {
  const now = new Date();
  return withRuntime(ctx, async (session) => {
    const run = await session.stores.runs.getRun(args[0]);
    if (!run)
      throw new UserError(`no run ${args[0]} in this workspace`, 'list runs with: aexy runs list', {
        code: 'not_found',
      });
    const { buildRunRow, buildTimeline } = await import('../ui/runs/view-model.js');
    const steps = await session.stores.runs.steps(run.id);
    const row = buildRunRow(run, steps, now);
    const timeline = buildTimeline(steps, now, opts.verbose || ctx.global.verbose);
    if (wantsJson(ctx))
      writeJson(ctx, 'run', { run: row, event: run.event, causation: run.causation, steps: timeline });
    else {
      const { renderTimeline } = await import('../ui/runs/render-text.js');
      ctx.stdout.write(renderTimeline(row, timeline, now, await painter(ctx)));
    }
    return 0;
  });
}

async function tail(ctx: CommandContext, opts: TailOptions): Promise<number> {
  const intervalMs = positiveInt(opts.interval, '--interval');
  const timeoutMs = opts.timeout === undefined ? undefined : positiveInt(opts.timeout, '--timeout') * 1000;
  return withRuntime(ctx, async (session) => {
    if (opts.run && !(await session.stores.runs.getRun(opts.run))) {
      throw new UserError(`no run ${opts.run} in this workspace`, 'list runs with: aexy runs list', {
        code: 'not_found',
      });
    }
    const stream = new AbortController();
    try {
      const interactive = ctx.stdout.isTTY && !wantsJson(ctx);
      // A dropped runs stream is reconnected; line mode says so on stderr (the live view must not be torn).
      const onReconnect = interactive
        ? undefined
        : (error: unknown) =>
            progress(ctx, `runs stream interrupted (${(error as Error).message}); reconnecting...`);
      const source = await tailSource(
        session,
        { automation: opts.automation, runId: opts.run },
        { signal: stream.signal, onReconnect },
      );
      if (interactive) return await tailInteractive(ctx, session, source, intervalMs);
      return await tailLines(ctx, source, { intervalMs, timeoutMs, runId: opts.run });
    } finally {
      stream.abort();
    }
  });
}

/** Polls the local run log; a remote workspace pushes run changes over the server's runs stream instead. */
async function tailSource(
  session: RuntimeSession,
  options: { automation?: string; runId?: string },
  stream: { signal: AbortSignal; onReconnect?: (error: unknown) => void },
): Promise<TailSource> {
  if (session.backend.kind === 'remote') {
    const remote = session.backend as import('../remote/backend.js').RemoteBackend;
    const { StreamTailSource } = await import('../ui/runs/stream-tail-source.js');
    const filter = { automation: options.automation, run: options.runId };
    return new StreamTailSource(remote.streamRuns({ ...filter, ...stream }), options);
  }
  const { RunTailSource } = await import('../ui/runs/tail-source.js');
  return new RunTailSource(session.stores.runs, options);
}

async function tailLines(
  ctx: CommandContext,
  source: TailSource,
  options: { intervalMs: number; timeoutMs?: number; runId?: string },
): Promise<number> {
  const { renderChangeLine } = await import('../ui/runs/render-text.js');
  const { FINAL } = await import('../ui/runs/view-model.js');
  const paint = await painter(ctx);
  const deadline =
    options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
  const stop = interruption();
  try {
    while (!stop.requested && Date.now() < deadline) {
      for (const change of await source.poll()) {
        ctx.stdout.write(
          wantsJson(ctx) ? `${JSON.stringify(change)}\n` : `${renderChangeLine(change, paint)}\n`,
        );
      }
      const followed = options.runId ? source.current.get(options.runId) : undefined;
      if (followed && FINAL.has(followed.run.status)) return followed.run.status === 'FAILED' ? 1 : 0;
      await stop.sleep(Math.min(options.intervalMs, Math.max(0, deadline - Date.now())));
    }
    return 0;
  } finally {
    stop.dispose();
  }
}

async function tailInteractive(
  ctx: CommandContext,
  session: RuntimeSession,
  source: TailSource,
  intervalMs: number,
): Promise<number> {
  // Ink renders nothing live when CI/CONTINUOUS_INTEGRATION is set (it decides once, at import). We
  // only get here with a real terminal on stdout, so a person is watching: render live regardless.
  for (const key of ['CI', 'CONTINUOUS_INTEGRATION'])
    if (process.env[key] !== undefined) process.env[key] = 'false';
  const [{ render }, { createElement }, { TailApp }, { decideApproval }] = await Promise.all([
    import('ink'),
    import('react'),
    import('../ui/runs/tail-app.js'),
    import('../runtime/approvals.js'),
  ]);
  let connection: Awaited<ReturnType<typeof connectForCommand>> | undefined;
  const by = ctx.env.AEXY_ACTOR ?? ctx.env.USER ?? 'cli';
  const poll = async () => {
    await source.poll();
    return source.current;
  };
  const decide = async (runId: string, stepId: string | undefined, decision: 'approve' | 'reject') => {
    if (session.backend.kind === 'remote') {
      // The server sends the Temporal update; this process needs no Temporal connection.
      const remote = session.backend as import('../remote/backend.js').RemoteBackend;
      const outcome = await remote[decision](runId, { stepId, by });
      return `${decision === 'approve' ? 'Approved' : 'Rejected'} ${outcome.stepId} of ${runId}.`;
    }
    connection ??= await connectForCommand(session);
    const outcome = await decideApproval(
      { runs: session.stores.runs, client: connection.client },
      { runId, stepId, decision, by },
    );
    return `${decision === 'approve' ? 'Approved' : 'Rejected'} ${outcome.stepId} of ${runId}.`;
  };
  const app = render(createElement(TailApp, { poll, decide, intervalMs }), { exitOnCtrlC: true });
  try {
    await app.waitUntilExit();
  } finally {
    await connection?.close();
  }
  return 0;
}

/** Ctrl-C ends line mode cleanly (exit 0), without killing the process mid-write. */
function interruption() {
  const state = { requested: false, wake: () => {} };
  const onSignal = () => {
    state.requested = true;
    state.wake();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    get requested() {
      return state.requested;
    },
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        state.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
    dispose() {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

function parseStatuses(value: string | undefined): RunStatus[] | undefined {
  if (!value) return undefined;
  const statuses = value.split(',').map((s) => s.trim().toUpperCase());
  const unknown = statuses.filter((s) => !STATUSES.includes(s as RunStatus));
  if (unknown.length)
    throw new UserError(`unknown status ${unknown.join(', ')}`, `use one of ${STATUSES.join(', ')}`);
  return statuses as RunStatus[];
}

/** An ISO time, or a duration back from now (`30m`, `24h`, `7d`). */
function parseTime(value: string | undefined, now: Date, flag: string): string | undefined {
  if (!value) return undefined;
  const duration = /^(\d+)(s|m|h|d|w)$/.exec(value);
  if (duration) {
    const unit = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 }[duration[2] as 's'];
    return new Date(now.getTime() - Number(duration[1]) * unit).toISOString();
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed))
    throw new UserError(
      `${flag} ${value} is neither an ISO time nor a duration`,
      'e.g. 2026-11-27T10:00:00Z or 24h',
    );
  return new Date(parsed).toISOString();
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UserError(`${flag} must be a positive whole number, got ${value}`);
  return n;
}

async function painter(ctx: CommandContext) {
  if (!ctx.color) return undefined;
  const { default: chalk } = await import('chalk');
  const colors: Record<string, (s: string) => string> = {
    RUNNING: chalk.cyan,
    PAUSED: chalk.yellow,
    WAITING: chalk.yellow,
    RETRYING: chalk.magenta,
    COMPLETED: chalk.green,
    SUCCESS: chalk.green,
    FAILED: chalk.red,
    CANCELLED: chalk.gray,
    SKIPPED: chalk.gray,
  };
  return (status: string, text: string) => (colors[status] ?? ((s: string) => s))(text);
}
