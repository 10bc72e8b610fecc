import type { CommandContext, OutputStream } from './context.js';

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

/** The `error` member of the error envelope (`kind: "error"`). */
export interface ErrorBody {
  code: string;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
}

/**
 * Writes the error envelope `{formatVersion, kind: "error", error: {code, message, hint?, details?}}`
 * to stdout on ONE line: it is then both the single envelope of a one-shot command and a valid
 * last line of an NDJSON stream (`runs tail -o json`), so no reader has to know which it runs.
 */
export function writeJsonError(ctx: { stdout: OutputStream }, error: ErrorBody): void {
  const body: ErrorBody = { code: error.code, message: error.message };
  if (error.hint) body.hint = error.hint;
  if (error.details && Object.keys(error.details).length > 0) body.details = error.details;
  ctx.stdout.write(`${JSON.stringify({ formatVersion: FORMAT_VERSION, kind: 'error', error: body })}\n`);
}

/**
 * Whether raw arguments ask for JSON (`--json`, `-o json`, `--output json`, `--output=json`, `-ojson`):
 * for the errors commander raises before any command runs (an unknown option, a missing argument).
 */
export function argvWantsJson(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') return false;
    if (token === '--json' || token === '--output=json' || token === '-ojson') return true;
    if ((token === '-o' || token === '--output') && argv[i + 1] === 'json') return true;
  }
  return false;
}
