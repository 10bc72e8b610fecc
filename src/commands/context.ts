import type { ErrorCode } from './error-codes.js';

/**
 * What a command needs from the outside world. Commands receive this instead of touching
 * `process` directly so that tests can run the whole CLI in-process and capture its output.
 */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type OutputFormat = 'text' | 'json';

/** Global options shared by every command (see docs/cli.md). */
export interface GlobalOptions {
  project?: string;
  workspace?: string;
  output: string;
  color: boolean;
  quiet: boolean;
  verbose: boolean;
}

export interface CommandContext extends CliIO {
  global: GlobalOptions;
  /** True when colour may be used on stdout. */
  color: boolean;
}

/** Exit codes shared by every command (docs/cli.md). */
export const ExitCode = {
  ok: 0,
  findings: 1,
  changes: 2,
  internal: 3,
} as const;

/** What a UserError may carry besides its message and hint. */
export interface UserErrorOptions {
  /** Exit code of the command (default 1). */
  exitCode?: number;
  /** Stable machine code (default `user_error`; see ./error-codes.ts). */
  code?: ErrorCode;
  /** Structured facts for machines (the lock holder, the scopes...); JSON-serialisable. */
  details?: Record<string, unknown>;
}

/** An error a user can fix: printed without a stack trace, with its hint (and its code in JSON). */
export class UserError extends Error {
  readonly exitCode: number;
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  /** The third argument is the exit code (older call sites) or the options. */
  constructor(
    message: string,
    readonly hint?: string,
    options: number | UserErrorOptions = {},
  ) {
    super(message);
    this.name = 'UserError';
    const opts = typeof options === 'number' ? { exitCode: options } : options;
    this.exitCode = opts.exitCode ?? ExitCode.findings;
    this.code = opts.code ?? 'user_error';
    if (opts.details) this.details = opts.details;
  }
}
