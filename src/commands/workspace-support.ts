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

/**
 * The UserError (message, hint, stable code and details for `--output json`) for an error of the
 * workspace store, the PostgreSQL backend or a remote workspace; any other error is returned as is.
 */
export async function translate(error: unknown): Promise<unknown> {
  return (
    (await workspaceError(error)) ??
    (await recordError(error)) ??
    (await postgresError(error)) ??
    (await remoteError(error)) ??
    error
  );
}

async function workspaceError(error: unknown): Promise<UserError | undefined> {
  const errors = await import('../workspace/errors.js');
  if (error instanceof errors.StalePlanError) {
    return new UserError(
      error.message,
      'the workspace changed since the plan was made: run `aexy plan --out FILE` again and apply the new plan',
      { code: 'stale_plan', details: { expected: error.expected, actual: error.actual } },
    );
  }
  if (error instanceof errors.LockHeldError) {
    return new UserError(
      error.message,
      `wait for it (--lock-timeout 5m), or if that process is gone: aexy workspace unlock ${error.lock.id}`,
      { code: 'lock_held', details: { lock: { ...error.lock } } },
    );
  }
  if (error instanceof errors.LockLostError)
    return new UserError(error.message, 'run the command again; nothing was applied', {
      code: 'lock_lost',
      details: { lockId: error.lockId },
    });
  if (error instanceof errors.WorkspaceTooNewError)
    return new UserError(error.message, 'install a newer aexy (npm i -g aexy@latest)', {
      code: 'workspace_too_new',
      details: { schemaVersion: error.fileVersion, supportedVersion: error.knownVersion },
    });
  if (error instanceof errors.WorkspaceUnreadableError)
    return new UserError(
      error.message,
      'check that --workspace (or AEXY_WORKSPACE, or `workspace:` in aexy.yaml) points at the workspace file',
      { code: 'workspace_unreadable', details: { location: error.location } },
    );
  if (error instanceof errors.UnsupportedLocationError)
    return new UserError(error.message, LOCATION_HINT, { code: 'unsupported_location' });
  if (error instanceof errors.PlanNotApplicableError)
    return new UserError(error.message, 'fix the errors shown by `aexy plan`', {
      code: 'plan_not_applicable',
    });
  return undefined;
}

const LOCATION_HINT =
  'set the workspace (--workspace, AEXY_WORKSPACE or `workspace:` in aexy.yaml) to a file path or a postgres:// or https:// URL';

async function recordError(error: unknown): Promise<UserError | undefined> {
  const records = await import('../workspace/records/types.js');
  const details = (e: { object: string; id: string }) => ({ object: e.object, id: e.id });
  if (error instanceof records.RecordNotFoundError)
    return new UserError(error.message, undefined, { code: 'not_found', details: details(error) });
  if (error instanceof records.RecordExistsError)
    return new UserError(error.message, undefined, { code: 'conflict', details: details(error) });
  return undefined;
}

async function postgresError(error: unknown): Promise<UserError | undefined> {
  const postgres = await import('../workspace/errors.js');
  if (!(error instanceof postgres.PostgresConnectError)) return undefined;
  return new UserError(
    error.message,
    'check the URL, that PostgreSQL runs and accepts connections from this machine, and the role and password (docs/postgres.md)',
    { code: 'postgres_unreachable' },
  );
}

/** A remote workspace's own errors (unreachable, 401/403, bad URL...) carry their fix already. */
async function remoteError(error: unknown): Promise<UserError | undefined> {
  const remote = await import('../remote/errors.js');
  if (!(error instanceof remote.RemoteError)) return undefined;
  const { InvalidWorkspaceUrlError } = await import('../remote/workspace-url.js');
  const hint = error.hint || undefined;
  const coded = (code: string, details?: Record<string, unknown>) =>
    new UserError(error.message, hint, { code, details });
  if (error instanceof remote.ServerUnreachableError)
    return coded('remote_unreachable', { url: error.url, attempts: error.attempts, reason: error.reason });
  if (error instanceof remote.RequestTimeoutError)
    return coded('remote_timeout', { url: error.url, timeoutMs: error.timeoutMs });
  if (error instanceof remote.MissingTokenError) return coded('unauthenticated', { reason: 'missing_token' });
  if (error instanceof remote.UnauthenticatedError)
    return coded('unauthenticated', { workspace: error.workspace });
  if (error instanceof remote.ForbiddenError)
    return coded('forbidden', { required: error.required, granted: [...error.granted] });
  if (error instanceof remote.ServerError)
    return coded(error.code === 'temporal_unavailable' ? 'temporal_unreachable' : 'server_error', {
      status: error.status,
      ...(error.code ? { serverCode: error.code } : {}),
    });
  if (error instanceof remote.RemoteRequestError)
    return coded(requestCode(error.code), requestDetails(error));
  if (error instanceof remote.RemoteNotSupportedError) return coded('remote_not_supported');
  if (error instanceof InvalidWorkspaceUrlError) return coded('unsupported_location', { url: error.url });
  return coded('user_error');
}

/** The server's own code for a 4xx (`not_found`, `conflict`, `rate_limited`...); bad_request is invalid_input. */
function requestCode(code: string): string {
  if (code === 'bad_request' || code === '400') return 'invalid_input';
  if (code === '404') return 'not_found';
  if (code === '409') return 'conflict';
  return /^[a-z][a-z_]*$/.test(code) ? code : 'remote_request_failed';
}

function requestDetails(error: { status: number; details?: unknown }): Record<string, unknown> {
  const details = error.details && typeof error.details === 'object' ? error.details : {};
  return { status: error.status, ...(details as Record<string, unknown>) };
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
      { code: 'invalid_input' },
    );
  return ms;
}

export { ExitCode };
