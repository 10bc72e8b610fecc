import type { Command } from 'commander';
import type { StoredRecord, WriteResult } from '../workspace/records/types.js';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { progress, wantsJson, writeJson } from './output.js';
import { type RuntimeSession, readObjectOption, waitForEventRuns, withRuntime } from './runtime-support.js';

/** `aexy records create|update|delete|get|list OBJECT`: the embedded record store; writes emit record events. */
export function registerRecords(program: Command, invocation: Invocation): void {
  const records = program
    .command('records')
    .description('the embedded record store (deals, contacts, companies, leads, tickets, tasks, ...)')
    .addHelpText(
      'after',
      '\nWrites append their record events (record.created/updated/deleted, field.changed,\n' +
        'stage.changed) to the workspace outbox; `aexy dev` or `aexy worker` routes them.\n\nExamples:\n' +
        `  aexy records create deals --data '{"name":"Acme","stage":"lead","amount":12000}'\n` +
        `  aexy records update deals rec_123 --data '{"stage":"negotiation"}'\n` +
        '  aexy records list deals --where stage=negotiation --output json\n',
    );
  records
    .command('create')
    .description('create a record; prints it and the events it emitted')
    .argument('<object>', 'object slug, e.g. deals')
    .requiredOption('--data <json|@file>', 'attribute values as a JSON object')
    .option('--id <id>', 'record id (default: generated)')
    .option('--wait', 'follow the runs its events start (needs `aexy dev` or `aexy worker` running)')
    .addHelpText(
      'after',
      `\nExamples:\n  aexy records create contacts --data '{"email":"a@b.co"}'\n  aexy records create deals --data @deal.json\n`,
    )
    .action(action(invocation, create));
  records
    .command('update')
    .description('merge values into a record (null clears an attribute)')
    .argument('<object>', 'object slug')
    .argument('<id>', 'record id')
    .requiredOption('--data <json|@file>', 'values to merge, as a JSON object')
    .option('--wait', 'follow the runs its events start (needs `aexy dev` or `aexy worker` running)')
    .addHelpText(
      'after',
      `\nExamples:\n  aexy records update deals rec_123 --data '{"stage":"won"}'\n  aexy records update deals rec_123 --data '{"stage":"won"}' --wait\n`,
    )
    .action(action(invocation, update));
  records
    .command('delete')
    .description('delete a record (emits record.deleted)')
    .argument('<object>', 'object slug')
    .argument('<id>', 'record id')
    .option('--wait', 'follow the runs its events start (needs `aexy dev` or `aexy worker` running)')
    .addHelpText('after', '\nExamples:\n  aexy records delete deals rec_123\n')
    .action(action(invocation, remove));
  records
    .command('get')
    .description('print one record')
    .argument('<object>', 'object slug')
    .argument('<id>', 'record id')
    .addHelpText('after', '\nExamples:\n  aexy records get deals rec_123 --output json\n')
    .action(action(invocation, get));
  records
    .command('list')
    .description('list records of an object, optionally filtered')
    .argument('<object>', 'object slug')
    .option('--where <filter...>', 'field=value, field!=value, field>=10, field~text (JSON values allowed)')
    .option('--limit <n>', 'at most this many (default 100)')
    .addHelpText(
      'after',
      '\nExamples:\n  aexy records list deals\n  aexy records list deals --where stage=won amount>=10000\n',
    )
    .action(action(invocation, list));
}

interface WriteOptions {
  data: string;
  id?: string;
  wait?: boolean;
}

async function create(ctx: CommandContext, opts: WriteOptions, args: string[]) {
  const values = (await readObjectOption(ctx, opts.data))!;
  return withRuntime(ctx, async (session) => {
    const result = await session.stores.records.create(args[0], values, { id: opts.id, actor: actor(ctx) });
    return printWrite(ctx, session, 'created', result, opts.wait);
  });
}

async function update(ctx: CommandContext, opts: WriteOptions, args: string[]) {
  const values = (await readObjectOption(ctx, opts.data))!;
  return withRuntime(ctx, async (session) => {
    const write = () => session.stores.records.update(args[0], args[1], values, { actor: actor(ctx) });
    return printWrite(ctx, session, 'updated', await notFound(write), opts.wait);
  });
}

async function remove(ctx: CommandContext, opts: { wait?: boolean }, args: string[]) {
  return withRuntime(ctx, async (session) => {
    const write = () => session.stores.records.delete(args[0], args[1], { actor: actor(ctx) });
    return printWrite(ctx, session, 'deleted', await notFound(write), opts.wait);
  });
}

async function get(ctx: CommandContext, _opts: unknown, args: string[]) {
  return withRuntime(ctx, async ({ stores }) => {
    const record = await stores.records.get(args[0], args[1]);
    if (!record)
      throw new UserError(
        `no record ${args[1]} in ${args[0]}`,
        `list them with: aexy records list ${args[0]}`,
        { code: 'not_found' },
      );
    if (wantsJson(ctx)) writeJson(ctx, 'record', { record });
    else ctx.stdout.write(formatRecord(record));
    return ExitCode.ok;
  });
}

async function list(ctx: CommandContext, opts: { where?: string[]; limit?: string }, args: string[]) {
  const { parseFilter } = await import('../workspace/records/filters.js');
  const where = (opts.where ?? []).map((text) => {
    const filter = parseFilter(text);
    if (!filter)
      throw new UserError(
        `cannot read filter "${text}"`,
        'write field=value, field!=value, field>=10 or field~text',
      );
    return filter;
  });
  const limit = opts.limit === undefined ? 100 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UserError(`--limit must be a positive integer, got "${opts.limit}"`);
  return withRuntime(ctx, async ({ stores }) => {
    const records = await stores.records.list(args[0], { where, limit });
    if (wantsJson(ctx)) writeJson(ctx, 'records', { object: args[0], records });
    else if (records.length === 0)
      ctx.stdout.write(`No ${args[0]} records${where.length ? ' match' : ''}.\n`);
    else ctx.stdout.write(records.map(formatRecord).join(''));
    return ExitCode.ok;
  });
}

/** Prints the write and its events; with `wait`, follows the runs they start. */
async function printWrite(
  ctx: CommandContext,
  session: RuntimeSession,
  verb: string,
  result: WriteResult,
  wait?: boolean,
): Promise<number> {
  const events = result.events.map(eventSummary);
  if (!wantsJson(ctx)) {
    ctx.stdout.write(`${verb} ${result.record.object}/${result.record.id}\n${formatRecord(result.record)}`);
    const types = result.events.map((e) => e.type).join(', ');
    progress(ctx, events.length ? `emitted ${events.length} event(s): ${types}` : 'no change, no events');
  }
  const waited = wait
    ? await waitForEventRuns(
        ctx,
        session,
        events.map((e) => e.id),
      )
    : undefined;
  if (wantsJson(ctx)) {
    writeJson(ctx, 'record-write', { action: verb, record: result.record, events, runs: waited?.runs ?? [] });
  }
  return waited?.exitCode ?? ExitCode.ok;
}

function eventSummary(e: WriteResult['events'][number]) {
  return { id: e.id, type: e.type, object: e.object, recordId: e.recordId };
}

function formatRecord(record: StoredRecord): string {
  const values = Object.entries(record.values).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
  return `${record.id} (${record.object}, v${record.version})\n${values.join('\n')}\n`;
}

function actor(ctx: CommandContext): string {
  return ctx.env.AEXY_ACTOR ?? ctx.env.USER ?? 'cli';
}

async function notFound<T>(fn: () => Promise<T>): Promise<T> {
  const { RecordNotFoundError } = await import('../workspace/records/types.js');
  try {
    return await fn();
  } catch (error) {
    if (error instanceof RecordNotFoundError) {
      throw new UserError(error.message, `list them with: aexy records list ${error.object}`, {
        code: 'not_found',
        details: { object: error.object, id: error.id },
      });
    }
    throw error;
  }
}
