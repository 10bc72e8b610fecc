/**
 * Helpers shared by the plan, apply, export and workspace commands: open the project's workspace,
 * turn store errors into messages with a next step, parse `--lock-timeout`.
 */

import type { CommandContext } from './context.js';
import { ExitCode, UserError } from './context.js';

/**
 * The project settings and the opened workspace backend of this invocation (`store` is
 * `backend.store`; close the backend, not the store, when done: see usingStore).
 */
export async function openForCommand(ctx: CommandContext) {
  const sync = await import('../sync/project-workspace.js');
  const settings = await sync.projectSettings(ctx.cwd, ctx.global.project);
  const location = sync.workspaceLocation(settings, ctx.global.workspace, ctx.env, ctx.cwd);
  const backend = await guard(async () => sync.openProjectWorkspace(location, ctx.env));
  return { settings, location, backend, store: backend.store, sync };
}

/** Runs `fn`, then closes the backend (or store) whatever happened. */
export async function usingStore<T>(closable: { close(): Promise<void> }, fn: () => Promise<T>): Promise<T> {
  try {
    return await guard(fn);
  } finally {
    await closable.close();
  }
}

/** Maps the workspace's user-facing errors to UserError with a hint. */
export async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw await translate(error);
  }
}

async function translate(error: unknown): Promise<unknown> {
  const errors = await import('../workspace/errors.js');
  if (error instanceof errors.StalePlanError) {
    return new UserError(
      error.message,
      'the workspace changed since the plan was made: run `aexy plan --out FILE` again and apply the new plan',
    );
  }
  if (error instanceof errors.LockHeldError) {
    return new UserError(
      error.message,
      `wait for it (--lock-timeout 5m), or if that process is gone: aexy workspace unlock ${error.lock.id}`,
    );
  }
  if (error instanceof errors.LockLostError)
    return new UserError(error.message, 'run the command again; nothing was applied');
  if (error instanceof errors.WorkspaceTooNewError)
    return new UserError(error.message, 'install a newer aexy (npm i -g aexy@latest)');
  if (error instanceof errors.UnsupportedLocationError)
    return new UserError(
      error.message,
      'set the workspace (--workspace, AEXY_WORKSPACE or `workspace:` in aexy.yaml) to a file path or a postgres:// or https:// URL',
    );
  if (error instanceof errors.PlanNotApplicableError)
    return new UserError(error.message, 'fix the errors shown by `aexy plan`');
  const postgres = await import('../workspace/postgres/errors.js');
  if (error instanceof postgres.PostgresConnectError)
    return new UserError(
      error.message,
      'check the URL, that PostgreSQL runs and accepts connections from this machine, and the role and password (docs/postgres.md)',
    );
  // A remote workspace's own errors (unreachable, 401/403, bad URL...) carry their fix already.
  const remote = await import('../remote/errors.js');
  if (error instanceof remote.RemoteError) return new UserError(error.message, error.hint || undefined);
  return error;
}

/** `--lock-timeout 30s` in milliseconds (a bare number is seconds). */
export async function parseLockTimeout(value: string | undefined): Promise<number> {
  if (value === undefined || value === '') return 0;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const { parseDuration } = await import('../compiler/duration.js');
  const ms = parseDuration(value);
  if (ms === undefined)
    throw new UserError(
      `--lock-timeout must be a duration, got "${value}"`,
      'for example: --lock-timeout 2m',
    );
  return ms;
}

export { ExitCode };
