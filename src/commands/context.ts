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

/** An error a user can fix: printed without a stack trace, with its hint. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = ExitCode.findings,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
