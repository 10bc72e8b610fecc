import type { Command } from 'commander';
import { type CliIO, type CommandContext, ExitCode, type GlobalOptions, UserError } from './context.js';
import { wantsJson, writeJsonError } from './output.js';

/** The body of a command: gets the context, its options and positional arguments; returns an exit code. */
export type CommandBody<O> = (ctx: CommandContext, options: O, args: string[]) => Promise<number> | number;

/** Holds the IO of the current invocation so command actions can build their context. */
export interface Invocation {
  io: CliIO;
  exitCode: number;
}

/**
 * Wraps a command body into a commander action: builds the context from the global options,
 * turns a UserError into a message with its fix, and any other error into exit code 3; with
 * `--output json` either also prints the error envelope on stdout (docs/cli.md, error codes).
 */
export function action<O>(invocation: Invocation, body: CommandBody<O>) {
  return async (...raw: unknown[]) => {
    const command = raw[raw.length - 1] as Command;
    const options = command.opts() as O;
    const args = command.args;
    const ctx = buildContext(invocation.io, command.optsWithGlobals() as GlobalOptions);
    invocation.exitCode = await runBody(ctx, () => body(ctx, options, args));
  };
}

function buildContext(io: CliIO, opts: GlobalOptions): CommandContext {
  const output = opts.output ?? 'text';
  const noColorEnv = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  return {
    ...io,
    global: { ...opts, output, quiet: !!opts.quiet, verbose: !!opts.verbose, color: opts.color !== false },
    color: opts.color !== false && !noColorEnv && !!io.stdout.isTTY,
  };
}

async function runBody(ctx: CommandContext, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (caught) {
    const error = await asUserError(caught);
    if (error instanceof UserError) return reportUserError(ctx, error);
    return reportInternal(ctx, error as Error);
  }
}

/**
 * A known user-facing error of the workspace, PostgreSQL or remote backends that escaped a command
 * without `guard` becomes the UserError `guard` would have made (a missed guard is not a bug of the
 * user's making); anything else is returned as it is.
 */
async function asUserError(error: unknown): Promise<unknown> {
  if (error instanceof UserError || !(error instanceof Error)) return error;
  const { translate } = await import('./workspace-support.js');
  return translate(error);
}

/** Message and hint on stderr; with `--output json`, the error envelope on stdout too. */
function reportUserError(ctx: CommandContext, error: UserError): number {
  ctx.stderr.write(`error: ${error.message}\n`);
  if (error.hint) ctx.stderr.write(`hint: ${error.hint}\n`);
  if (wantsJson(ctx))
    writeJsonError(ctx, {
      code: error.code,
      message: error.message,
      hint: error.hint,
      details: error.details,
    });
  return error.exitCode;
}

const REPORT_BUG = 'Run again with --verbose for the stack trace, and report it with the command you ran.';

function reportInternal(ctx: CommandContext, err: Error): number {
  const message = err?.message ?? String(err);
  ctx.stderr.write(`internal error: ${message}\n`);
  if (ctx.global.verbose && err?.stack) ctx.stderr.write(`${err.stack}\n`);
  else ctx.stderr.write(`${REPORT_BUG}\n`);
  if (wantsJson(ctx)) writeJsonError(ctx, { code: 'internal', message, hint: REPORT_BUG });
  return ExitCode.internal;
}
