import { isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ApiServer } from '../server/server.js';
import type { WorkspaceBackend } from '../workspace/backend.js';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { FORMAT_VERSION, progress, wantsJson } from './output.js';

interface ServeOptions {
  host: string;
  port: string;
  ws?: string[];
  maxBodyMb: string;
  printOpenapi?: boolean;
}

/** `aexy serve`: the HTTP API over one or more workspaces (what CI and remote CLIs talk to). */
export function registerServe(program: Command, invocation: Invocation): void {
  program
    .command('serve')
    .description(
      'serve the workspace HTTP API (plan, apply, runs, approvals, records, tokens, webhooks) for CI and remote CLIs',
    )
    .option(
      '--host <host>',
      'address to listen on (loopback by default; put a TLS proxy in front)',
      '127.0.0.1',
    )
    .option('--port <port>', 'port (0: any free port)', '8080')
    .option(
      '--ws <name=location...>',
      'host a workspace: NAME=PATH (SQLite file) or NAME=postgres://...; repeatable (default: the project workspace under its name; the global --workspace NAME=LOCATION names one too)',
    )
    .option('--max-body-mb <mb>', 'largest accepted request body in MiB', '10')
    .option('--print-openapi', 'print the OpenAPI 3.1 document and exit')
    .addHelpText(
      'after',
      '\nEvery request needs `Authorization: Bearer <token>` of the addressed workspace (aexy tokens create).\n' +
        'TLS belongs to a reverse proxy (docs/serve.md). Clients use `workspace: https://HOST/workspaces/NAME`.\n' +
        'Approve/reject/cancel/retry use the Temporal settings of the environment and aexy.yaml (TEMPORAL_ADDRESS...).\n\n' +
        'Examples:\n' +
        '  aexy serve                                   the project workspace on http://127.0.0.1:8080\n' +
        '  aexy serve --ws acme=/srv/acme.db --ws beta=postgres://aexy@db/aexy?schema=beta --host 0.0.0.0\n' +
        '  aexy serve --print-openapi > openapi.json\n',
    )
    .action(action(invocation, serve));
}

async function serve(ctx: CommandContext, opts: ServeOptions): Promise<number> {
  if (opts.printOpenapi) {
    const { buildOpenApi } = await import('../server/openapi.js');
    const { ROUTES } = await import('../server/routes.js');
    ctx.stdout.write(`${JSON.stringify(buildOpenApi(ROUTES), null, 2)}\n`);
    return ExitCode.ok;
  }
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UserError(`--port must be a port number, got "${opts.port}"`);
  const maxMb = Number(opts.maxBodyMb);
  if (!(maxMb > 0)) throw new UserError(`--max-body-mb must be a positive number, got "${opts.maxBodyMb}"`);
  const { locations, runtime } = await configuration(ctx, opts.ws ?? []);
  const workspaces = await openAll(ctx, locations);
  let server: ApiServer;
  try {
    const { startApiServer } = await import('../server/server.js');
    server = await startApiServer(
      {
        workspaces,
        temporal: runtime.temporal,
        timeZone: runtime.timeZone,
        chainDepthLimit: runtime.chainDepthLimit,
        maxBodyBytes: Math.floor(maxMb * 1024 * 1024),
        closeBackends: true,
        log: (l) => ctx.stderr.write(`${l}\n`),
      },
      opts.host,
      port,
    );
  } catch (error) {
    await closeAll(workspaces);
    throw new UserError(
      `cannot listen on ${opts.host}:${port}: ${(error as Error).message}`,
      'pick another --port',
    );
  }
  // Listen for signals before announcing: whoever reads the URL may stop the server at once.
  const { untilSignal } = await import('./runtime-support.js');
  const stopped = untilSignal();
  announce(ctx, server);
  const signal = await stopped;
  progress(ctx, `${signal}: stopping the server`);
  await server.close();
  return ExitCode.ok;
}

function announce(ctx: CommandContext, server: ApiServer): void {
  const workspaces = server.workspaces.map((name) => ({ name, url: `${server.url}/workspaces/${name}` }));
  if (wantsJson(ctx)) {
    // One line, not writeJson's pretty form: the process keeps running, readers take the first line.
    ctx.stdout.write(
      `${JSON.stringify({ formatVersion: FORMAT_VERSION, kind: 'serve', url: server.url, workspaces })}\n`,
    );
    return;
  }
  ctx.stdout.write(`aexy serve on ${server.url} (Ctrl-C stops it)\n`);
  for (const w of workspaces) ctx.stdout.write(`  ${w.name}  ${w.url}\n`);
}

/** Workspace locations by name (flags, else the project's), and the Temporal settings. */
async function configuration(ctx: CommandContext, flags: string[]) {
  const sync = await import('../sync/project-workspace.js');
  const { runtimeSettings } = await import('../runtime/settings.js');
  const settings = await sync.projectSettings(ctx.cwd, ctx.global.project);
  const runtime = runtimeSettings(settings.config?.data ?? {}, ctx.env, settings.dir);
  const locations = new Map<string, string>();
  // The global `--workspace NAME=LOCATION` names a served workspace too (commander gives only its last value).
  const global = ctx.global.workspace;
  const named = global && /^[a-z0-9][a-z0-9-]*=./.test(global) ? global : undefined;
  for (const flag of named ? [named, ...flags] : flags) {
    const [name, location] = splitFlag(flag, ctx.cwd);
    if (locations.has(name)) throw new UserError(`workspace ${name} is given twice`);
    locations.set(name, location);
  }
  if (locations.size === 0) {
    if (!settings.hasProjectFile && !ctx.global.workspace && !ctx.env.AEXY_WORKSPACE)
      throw new UserError(
        'no workspace to serve',
        'run in a project (aexy.yaml), or pass --ws NAME=PATH|postgres://...',
      );
    const location = sync.workspaceLocation(settings, ctx.global.workspace, ctx.env, ctx.cwd);
    // `name:` of aexy.yaml must be URL-safe as written; a folder name (no `name:`) is made so.
    const hasName = typeof settings.config?.data.name === 'string';
    locations.set(hasName ? checkedName(runtime.workspace) : slug(runtime.workspace), location.location);
  }
  return { locations, runtime };
}

/** `acme=./acme.db` -> ['acme', '/abs/acme.db']; URLs are kept as given. */
function splitFlag(flag: string, cwd: string): [string, string] {
  const at = flag.indexOf('=');
  if (at <= 0 || at === flag.length - 1)
    throw new UserError(
      `--ws must be NAME=LOCATION, got "${flag}"`,
      'for example: --ws acme=.aexy/workspace.db',
    );
  const location = flag.slice(at + 1);
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
  return [checkedName(flag.slice(0, at)), isUrl || isAbsolute(location) ? location : resolve(cwd, location)];
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'default'
  );
}

function checkedName(name: string): string {
  if (/^[a-z0-9][a-z0-9-]*$/.test(name)) return name;
  throw new UserError(
    `workspace name "${name}" is not usable in a URL`,
    'use lowercase letters, digits and dashes (set `name:` in aexy.yaml or pass --ws NAME=...)',
  );
}

/** Opens every backend (closing the opened ones if one fails); a remote URL is refused. */
async function openAll(
  ctx: CommandContext,
  locations: Map<string, string>,
): Promise<Record<string, WorkspaceBackend>> {
  const { openBackend } = await import('../workspace/open-backend.js');
  const opened: Record<string, WorkspaceBackend> = {};
  try {
    for (const [name, location] of locations) {
      if (/^https?:\/\//i.test(location))
        throw new UserError(
          `workspace ${name}: ${location} is itself an aexy serve URL`,
          'serve a SQLite file or a postgres:// database',
        );
      opened[name] = await openBackend(location, { env: ctx.env });
    }
  } catch (error) {
    await closeAll(opened);
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot open a workspace: ${(error as Error).message}`);
  }
  return opened;
}

async function closeAll(backends: Record<string, WorkspaceBackend>): Promise<void> {
  for (const backend of Object.values(backends)) await backend.close().catch(() => undefined);
}
