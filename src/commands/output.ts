import type { CommandContext } from './context.js';

/** Version of every JSON envelope aexy prints; bump on a breaking change to any envelope. */
export const FORMAT_VERSION = 1;

/** Writes one JSON envelope (`{formatVersion, kind, ...data}`) to stdout. */
export function writeJson(ctx: CommandContext, kind: string, data: Record<string, unknown>): void {
  ctx.stdout.write(`${JSON.stringify({ formatVersion: FORMAT_VERSION, kind, ...data }, null, 2)}\n`);
}

export function wantsJson(ctx: CommandContext): boolean {
  return ctx.global.output === 'json';
}

/** Progress and logs go to stderr so stdout stays machine-readable. */
export function progress(ctx: CommandContext, message: string): void {
  if (!ctx.global.quiet) ctx.stderr.write(`${message}\n`);
}
