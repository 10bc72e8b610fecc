/**
 * The `aexy serve` HTTP server (node:http, no framework): hosts several workspaces by name, matches
 * each request against the route table, authenticates it with the addressed workspace's own tokens,
 * checks the route's scope, reads (size-capped) and validates its body, runs its handler, and
 * answers JSON (gzip-encoded when large and accepted) or an error in the API's shape. One log line per request goes to `log` (method,
 * path, status, milliseconds; never the token or the query).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Client } from '@temporalio/client';
import type { ValidateFunction } from 'ajv';
import { listenHttp } from '../runtime/ingress/listen.js';
import { webhookGuards } from '../runtime/ingress/webhook.js';
import { workspaceAutomations } from '../runtime/router/automation-source.js';
import type { RuntimeSettings, TemporalSettings } from '../runtime/settings.js';
import type { WorkspaceBackend } from '../workspace/backend.js';
import { ApiError, badRequest, notFound, toApiError } from './api-error.js';
import { authenticate, requireScope } from './auth.js';
import type { HostedWorkspace, RouteContext, ServerServices } from './context.js';
import { type CompiledRoute, compileRoutes, matchRoute } from './dispatch.js';
import { DEFAULT_MAX_BODY_BYTES, parseJsonBody, readRawBody, sendError, sendJson } from './http.js';
import { buildOpenApi } from './openapi.js';
import { ROUTES } from './routes.js';
import { bodyValidators, checkBody } from './validate-body.js';

/** How long close() lets requests in flight finish (an apply, say) before cutting connections. */
const DRAIN_MS = 5000;

/** Workspace names: what may follow `/workspaces/`. */
export const WORKSPACE_NAME = /^[a-z0-9][a-z0-9-]*$/;

export interface ApiServerOptions {
  /** Hosted workspaces by name. */
  workspaces: Record<string, WorkspaceBackend>;
  /** Temporal of approve/reject/cancel; absent: those answer 503. */
  temporal?: TemporalSettings;
  /** Where run limits count months, and the causation limit, for runs the server starts (retries). */
  timeZone?: string;
  chainDepthLimit?: number;
  maxBodyBytes?: number;
  /** Request log lines (default: stderr). */
  log?: (line: string) => void;
  streamPollMs?: number;
  streamPingMs?: number;
  /** close() also closes the backends (what `aexy serve` wants; tests may keep them). */
  closeBackends?: boolean;
}

/** A listening server. */
export interface ApiServer {
  server: Server;
  url: string;
  workspaces: string[];
  close(): Promise<void>;
}

/** Starts the server on host:port (port 0: any free port). */
export async function startApiServer(
  options: ApiServerOptions,
  host = '127.0.0.1',
  port = 0,
): Promise<ApiServer> {
  const api = new ApiHandler(options);
  const server = createServer((req, res) => void api.handle(req, res));
  const url = await listenHttp(server, host, port);
  return {
    server,
    url,
    workspaces: Object.keys(options.workspaces),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await api.drain(DRAIN_MS);
      server.closeAllConnections(); // whatever is still open after the grace period
      await closed;
      await api.close();
    },
  };
}

/** Routes requests; holds the hosted workspaces, the compiled table and the shared services. */
class ApiHandler {
  private readonly table: CompiledRoute[] = compileRoutes(ROUTES);
  private readonly validators: Map<string, ValidateFunction> = bodyValidators(ROUTES);
  private readonly hosted = new Map<string, HostedWorkspace>();
  private readonly services: ServerServices;
  private readonly maxBody: number;
  private readonly log: (line: string) => void;
  private temporalClient?: Promise<{ client: Client; close: () => Promise<void> }>;
  /** Requests being answered, and open event streams (which end only when asked to). */
  private readonly inFlight = new Set<ServerResponse>();
  private readonly streams = new Set<ServerResponse>();
  private openapi?: unknown;

  constructor(private readonly options: ApiServerOptions) {
    for (const [name, backend] of Object.entries(options.workspaces)) {
      if (!WORKSPACE_NAME.test(name))
        throw new Error(`invalid workspace name "${name}" (use a-z, 0-9 and -)`);
      this.hosted.set(name, {
        name,
        backend,
        automations: workspaceAutomations(backend.store),
        hooks: webhookGuards(),
      });
    }
    this.maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.services = {
      temporal: () => this.temporal(),
      runtimeSettings: (workspace) => this.runtimeSettings(workspace),
      streamPollMs: options.streamPollMs ?? 500,
      streamPingMs: options.streamPingMs ?? 15_000,
      openapi: () => {
        this.openapi ??= buildOpenApi(ROUTES);
        return this.openapi;
      },
    };
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    this.inFlight.add(res);
    res.once('close', () => {
      this.inFlight.delete(res);
      this.streams.delete(res);
      this.log(`${req.method} ${path} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`);
    });
    try {
      await this.route(req, res);
    } catch (error) {
      const api = toApiError(error);
      if (api.status === 500)
        this.log(`internal error on ${req.method} ${path}: ${(error as Error)?.stack ?? error}`);
      req.resume();
      if (!res.headersSent) await sendError(res, api);
      else res.end();
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://aexy.invalid');
    const matched = matchRoute(this.table, req.method ?? 'GET', url.pathname);
    if (!matched) throw notFound(`no endpoint ${req.method} ${url.pathname}`);
    const { route, params } = matched;
    const workspace = params.ws === undefined ? undefined : this.hosted.get(params.ws);
    const ctx = { req, res, params, query: url.searchParams, services: this.services } as RouteContext;
    ctx.workspaceCount = this.hosted.size;
    if (route.access.kind === 'token') {
      ctx.token = await authenticate(req, workspace?.backend);
      requireScope(ctx.token, route.access.scope);
    } else if (route.access.kind === 'signature' && !workspace) {
      throw notFound(`no webhook automation ${params.automation} in this workspace`);
    }
    if (workspace) ctx.workspace = workspace;
    await this.readBody(ctx, route.body, route.rawBody, route.bodyOptional, route.operationId);
    const reply = await route.handler(ctx);
    if ('streamed' in reply) {
      if (!res.writableEnded) this.streams.add(res);
      this.inFlight.delete(res);
      return;
    }
    await sendJson(res, reply.status, reply.body, reply.headers);
  }

  /** Reads, parses and validates the body of routes that take one. */
  private async readBody(
    ctx: RouteContext,
    schema: string | undefined,
    raw: boolean | undefined,
    optional: boolean | undefined,
    operationId: string,
  ): Promise<void> {
    ctx.rawBody = Buffer.alloc(0);
    if (!schema && !raw) return;
    ctx.rawBody = await readRawBody(ctx.req, this.maxBody);
    if (raw || !schema) return;
    let body = parseJsonBody(ctx.rawBody);
    if (body === undefined) {
      if (!optional) throw badRequest(`a JSON body (${schema}) is required`);
      body = {};
    }
    checkBody(this.validators.get(operationId) as ValidateFunction, body, schema);
    ctx.body = body;
  }

  /** One Temporal client for the server, connected on first use (a failed connect is retried next time). */
  private async temporal(): Promise<Client> {
    const settings = this.options.temporal;
    if (!settings) throw noTemporal();
    if (!this.temporalClient) {
      const { connectClient } = await import('../runtime/connect.js');
      this.temporalClient = connectClient(settings);
      this.temporalClient.catch(() => {
        this.temporalClient = undefined;
      });
    }
    return (await this.temporalClient).client;
  }

  /** Runtime settings of a hosted workspace: its name, the server's Temporal and the options' limits. */
  private runtimeSettings(workspace: string): RuntimeSettings {
    const temporal = this.options.temporal;
    if (!temporal) throw noTemporal();
    const { timeZone = 'UTC', chainDepthLimit = 5 } = this.options;
    return { workspace, timeZone, chainDepthLimit, temporal };
  }

  /** Ends every event stream and waits (up to `ms`) for the other requests in flight to finish. */
  async drain(ms: number): Promise<void> {
    for (const res of this.streams) res.end();
    const deadline = Date.now() + ms;
    while (this.inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  async close(): Promise<void> {
    const connection = await this.temporalClient?.catch(() => undefined);
    await connection?.close();
    if (this.options.closeBackends)
      for (const { backend } of this.hosted.values()) await backend.close().catch(() => undefined);
  }
}

function noTemporal(): ApiError {
  return new ApiError(503, 'temporal_unavailable', 'this server was started without a Temporal connection');
}
