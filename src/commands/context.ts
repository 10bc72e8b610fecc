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

/**
 * Stable machine codes of user-facing errors: `.error.code` of the `kind: "error"` envelope that
 * `--output json` prints on failure (docs/cli.md lists them). A pipeline branches on these, never
 * on the wording of a message; add codes freely, never rename one.
 */
export type ErrorCode =
  | 'user_error'
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'confirmation_needed'
  | 'stale_plan'
  | 'lock_held'
  | 'lock_lost'
  | 'plan_not_applicable'
  | 'workspace_too_new'
  | 'unsupported_location'
  | 'postgres_unreachable'
  | 'remote_unreachable'
  | 'remote_timeout'
  | 'remote_not_supported'
  | 'unauthenticated'
  | 'forbidden'
  | 'server_error'
  | 'temporal_unreachable'
  | 'internal'
  // Codes relayed from a workspace server's answer (rate_limited, payload_too_large...).
  | (string & {});

/** What a UserError may carry besides its message and hint. */
export interface UserErrorOptions {
  /** Exit code of the command (default 1). */
  exitCode?: number;
  /** Stable machine code (default `user_error`). */
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
