/**
 * What the runtime commands (dev, worker, events, records, run, approve) share: open the project's
 * workspace with its runtime stores and settings, connect to Temporal with a clear error, and read
 * `--data JSON|@FILE` values.
 */
import type { RuntimeSettings } from '../runtime/settings.js';
import type { RuntimeStores, WorkspaceBackend } from '../workspace/backend.js';
import type { WorkspaceStore } from '../workspace/store.js';
import { type CommandContext, UserError } from './context.js';
import { guard, openForCommand } from './workspace-support.js';

export interface RuntimeSession {
  projectDir: string;
  workspaceLocation: string;
  /** The workspace (SQLite, PostgreSQL or remote): every store goes through it. */
  backend: WorkspaceBackend;
  /** `backend.store`. */
  store: WorkspaceStore;
  /** `backend.runtime`. */
  stores: RuntimeStores;
  settings: RuntimeSettings;
  /** aexy.yaml as written (the worker reads its transport sections: email, slack, sms, model, http). */
  projectData: Record<string, unknown>;
  close(): Promise<void>;
}

/** Opens the workspace of this invocation with its runtime stores and the runtime settings. */
export async function openRuntime(ctx: CommandContext): Promise<RuntimeSession> {
  const { settings, backend } = await openForCommand(ctx);
  const { runtimeSettings } = await import('../runtime/settings.js');
  return {
    projectDir: settings.dir,
    workspaceLocation: backend.location,
    backend,
    store: backend.store,
    stores: backend.runtime,
    settings: runtimeSettings(settings.config?.data ?? {}, ctx.env, settings.dir),
    projectData: settings.config?.data ?? {},
    close: () => backend.close(),
  };
}

/**
 * Opens the workspace store itself for a process that runs automations (worker, dev, ingress): the
 * remote API serves people and CI, while workers must share the store the server uses.
 */
export async function openRuntimeStore(ctx: CommandContext, command: string): Promise<RuntimeSession> {
  const session = await openRuntime(ctx);
  if (session.backend.kind !== 'remote') return session;
  await session.close();
  throw new UserError(
    `aexy ${command} needs the workspace store itself, not the API at ${session.workspaceLocation}`,
    "point it at the database the server uses: --workspace postgres://... (or the server's SQLite file)",
    { code: 'remote_not_supported' },
  );
}

/** Runs `fn` with an open runtime session, closing it afterwards; store errors become UserErrors. */
export async function withRuntime<T>(
  ctx: CommandContext,
  fn: (session: RuntimeSession) => Promise<T>,
): Promise<T> {
  const session = await openRuntime(ctx);
  try {
    return await guard(() => fn(session));
  } finally {
    await session.close();
  }
}

/** A Temporal client for the session's settings; an unreachable server is a UserError with a next step. */
export async function connectForCommand(session: RuntimeSession, timeoutMs = 5000) {
  const { connectClient, TemporalUnreachableError } = await import('../runtime/connect.js');
  try {
    return await connectClient(session.settings.temporal, timeoutMs);
  } catch (error) {
    if (error instanceof TemporalUnreachableError)
      throw new UserError(error.message, error.hint, { code: 'temporal_unreachable' });
    throw error;
  }
}

/** Parses `--data`: inline JSON, or `@path` to a JSON file (relative to the working directory). */
export async function readJsonOption(
  ctx: CommandContext,
  value: string | undefined,
  flag = '--data',
): Promise<unknown> {
  if (value === undefined) return undefined;
  let text = value;
  if (value.startsWith('@')) {
    const { readFile } = await import('node:fs/promises');
    const { resolve } = await import('node:path');
    const path = resolve(ctx.cwd, value.slice(1));
    text = await readFile(path, 'utf8').catch((error: Error) => {
      throw new UserError(`cannot read ${flag} file ${path}: ${error.message}`);
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${flag} is not valid JSON: ${(error as Error).message}`,
      `pass a JSON object, e.g. ${flag} '{"name":"Acme"}', or ${flag} @file.json`,
    );
  }
}

/** `--data` that must be a JSON object. */
export async function readObjectOption(
  ctx: CommandContext,
  value: string | undefined,
  flag = '--data',
): Promise<Record<string, unknown> | undefined> {
  const data = await readJsonOption(ctx, value, flag);
  if (data === undefined) return undefined;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(
      `${flag} must be a JSON object, got ${Array.isArray(data) ? 'an array' : typeof data}`,
    );
  }
  return data as Record<string, unknown>;
}

/** Resolves after SIGINT or SIGTERM (long-running commands stop on Ctrl-C). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', on);
      process.removeListener('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/**
 * `--wait` of commands that emit events: follows the runs the events cause, printing each step
 * as it changes (stderr), until each finishes or pauses for a person; exit 1 when a run FAILED.
 */
export async function waitForEventRuns(
  ctx: CommandContext,
  session: RuntimeSession,
  eventIds: string[],
  timeoutSeconds = 120,
): Promise<{ exitCode: number; runs: unknown[] }> {
  const { followEvents } = await import('../runtime/follow-events.js');
  const quiet = ctx.global.output === 'json' || ctx.global.quiet;
  const result = await followEvents(session.stores, eventIds, {
    timeoutMs: timeoutSeconds * 1000,
    untilPaused: true,
    onRunStart: (run) =>
      !quiet && ctx.stderr.write(`run ${run.id} (${run.automation} v${run.version ?? '?'})\n`),
    onStep: (line) => !quiet && ctx.stderr.write(`${line}\n`),
  });
  if (!result.routed) {
    throw new UserError(
      `the events were not routed within ${timeoutSeconds}s: no router is running for ${session.workspaceLocation}`,
      'start `aexy dev` (or `aexy worker`) in this project; the events stay queued until then',
    );
  }
  if (!quiet) {
    if (result.runs.length === 0) ctx.stderr.write('no automation matched\n');
    for (const run of result.runs) {
      ctx.stderr.write(`run ${run.id}: ${run.status}${run.reason ? ` (${run.reason})` : ''}\n`);
      if (run.status === 'PAUSED')
        ctx.stderr.write(`  waiting for a person: aexy approve ${run.id} (or reject)\n`);
    }
  }
  const failed = result.runs.some((r) => r.status === 'FAILED');
  return { exitCode: failed ? 1 : 0, runs: result.runs };
}
