import type { Command } from 'commander';
import type { RouteResult } from '../runtime/router/router.js';
import type { RuntimeEvent } from '../workspace/events/types.js';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { progress, wantsJson, writeJson } from './output.js';
import {
  connectForCommand,
  type RuntimeSession,
  readObjectOption,
  waitForEventRuns,
  withRuntime,
} from './runtime-support.js';

interface EmitOptions {
  data?: string;
  object?: string;
  record?: string;
  module?: string;
  id?: string;
  route: boolean;
  wait?: boolean;
}

/** `aexy events emit TYPE --data JSON|@FILE`: fire an event by hand. */
export function registerEvents(program: Command, invocation: Invocation): void {
  const events = program.command('events').description('fire events by hand and inspect the event outbox');
  events
    .command('emit')
    .description('append an event to the outbox and route it to matching automations now')
    .argument('<type>', 'event type, e.g. email.replied, ticket.created, record.updated')
    .option('--data <json|@file>', 'the payload (trigger.payload), a JSON object')
    .option('--object <slug>', 'object the event is about (matched against trigger.object)')
    .option('--record <id>', 'record the event is about (loaded from the record store as `record`)')
    .option('--module <module>', 'only automations of this module may match')
    .option('--id <id>', 'event id (default: generated); the same id twice never starts two runs')
    .option('--no-route', 'only queue it; a running `aexy dev` or `aexy worker` routes it')
    .option('--wait', 'follow the runs it starts until they finish')
    .addHelpText(
      'after',
      '\nWhen no Temporal server is reachable the event stays queued and is routed when `aexy dev`\n' +
        'or `aexy worker` starts.\n\nExamples:\n' +
        `  aexy events emit email.replied --data '{"emailId":"m1","recipientEmail":"a@b.co","body":"yes"}'\n` +
        '  aexy events emit ticket.created --module tickets --data @ticket.json\n' +
        `  aexy events emit record.created --object deals --record rec_123 --output json\n`,
    )
    .action(action(invocation, emit));
}

async function emit(ctx: CommandContext, opts: EmitOptions, args: string[]): Promise<number> {
  const payload = (await readObjectOption(ctx, opts.data)) ?? {};
  const { randomUUID } = await import('node:crypto');
  return withRuntime(ctx, async (session) => {
    const event: RuntimeEvent = {
      id: opts.id ?? `evt_${randomUUID()}`,
      type: args[0],
      payload,
      causation: [],
      occurredAt: new Date().toISOString(),
      source: 'cli',
    };
    if (opts.module) event.module = opts.module;
    if (opts.object) event.object = opts.object;
    if (opts.record) await attachRecord(session.stores, event, opts.record);
    const added = await session.stores.events.append([event]);
    if (!added) progress(ctx, `event ${event.id} was already in the outbox: not added again`);
    // Through aexy serve the event is only queued: the workers' routers at the store route it.
    const route = opts.route && session.backend.kind !== 'remote';
    const routed = route ? await routeNow(ctx, session, event.id) : undefined;
    report(ctx, event, routed);
    if (!opts.wait) return ExitCode.ok;
    return (await waitForEventRuns(ctx, session, [event.id])).exitCode;
  });
}

async function attachRecord(stores: RuntimeSession['stores'], event: RuntimeEvent, id: string) {
  const record = await stores.records.get(event.object, id);
  if (!record)
    throw new UserError(
      `no record ${id}${event.object ? ` in ${event.object}` : ''}`,
      'create it with `aexy records create`',
    );
  event.record = { id: record.id, object: record.object, values: record.values };
  event.object ??= record.object;
  event.recordId = record.id;
  event.payload = { recordId: record.id, object: record.object, values: record.values, ...event.payload };
}

/** Claims and routes the event in this process; leaves it queued when Temporal is not reachable. */
async function routeNow(
  ctx: CommandContext,
  session: RuntimeSession,
  eventId: string,
): Promise<RouteResult | 'queued'> {
  let connection: Awaited<ReturnType<typeof connectForCommand>>;
  try {
    connection = await connectForCommand(session, 3000);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    progress(ctx, `warning: ${error.message}\nThe event stays queued; ${error.hint ?? ''}.`);
    return 'queued';
  }
  try {
    const claimed = await session.stores.events.claimOne(eventId, `cli:${process.pid}`);
    if (!claimed) return 'queued';
    const { createRouter } = await import('../runtime/router/create-router.js');
    const { router } = createRouter({
      client: connection.client,
      store: session.store,
      stores: session.stores,
      settings: session.settings,
    });
    try {
      const result = await router.route(claimed.event);
      await session.stores.events.finish(eventId);
      return result;
    } catch (error) {
      await session.stores.events.release(eventId);
      throw error;
    }
  } finally {
    await connection.close();
  }
}

function report(ctx: CommandContext, event: RuntimeEvent, routed: RouteResult | 'queued' | undefined): void {
  const runs = routed && routed !== 'queued' ? routed.runs : [];
  if (wantsJson(ctx)) {
    const status = routed === undefined || routed === 'queued' ? 'queued' : 'routed';
    writeJson(ctx, 'event', {
      event,
      status,
      runs,
      delivered: routed && routed !== 'queued' ? routed.delivered : [],
    });
    return;
  }
  ctx.stdout.write(`event ${event.id} (${event.type})\n`);
  if (routed === undefined || routed === 'queued') {
    ctx.stdout.write('  queued: `aexy dev` or `aexy worker` routes it\n');
    return;
  }
  if (runs.length === 0 && routed.delivered.length === 0) ctx.stdout.write('  no automation matched\n');
  for (const run of runs) {
    ctx.stdout.write(
      `  ${run.automation}: ${run.outcome}${run.reason ? ` (${run.reason})` : ''} ${run.runId}\n`,
    );
  }
  for (const id of routed.delivered) ctx.stdout.write(`  delivered to waiting run ${id}\n`);
}
