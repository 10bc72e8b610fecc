import type { Command } from 'commander';
import { type CliIO, type CommandContext, ExitCode, type GlobalOptions, UserError } from './context.js';

/** The body of a command: gets the context, its options and positional arguments; returns an exit code. */
export type CommandBody<O> = (ctx: CommandContext, options: O, args: string[]) => Promise<number> | number;

/** Holds the IO of the current invocation so command actions can build their context. */
export interface Invocation {
  io: CliIO;
  exitCode: number;
}

/**
 * Wraps a command body into a commander action: builds the context from the global options,
 * turns a UserError into a message with its fix, and any other error into exit code 3.
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
  } catch (error) {
    if (error instanceof UserError) {
      ctx.stderr.write(`error: ${error.message}\n`);
      if (error.hint) ctx.stderr.write(`hint: ${error.hint}\n`);
      return error.exitCode;
    }
    const err = error as Error;
    ctx.stderr.write(`internal error: ${err?.message ?? String(error)}\n`);
    if (ctx.global.verbose && err?.stack) ctx.stderr.write(`${err.stack}\n`);
    else
      ctx.stderr.write(
        'Run again with --verbose for the stack trace, and report it with the command you ran.\n',
      );
    return ExitCode.internal;
  }
}
