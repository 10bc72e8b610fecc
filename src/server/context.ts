/**
 * The types every part of the API server shares: a hosted workspace, the per-request context a
 * handler receives, what it answers, and a route (one row of the route table in routes.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Client } from '@temporalio/client';
import type { WebhookGuards } from '../runtime/ingress/webhook.js';
import type { RoutableAutomation } from '../runtime/router/match.js';
import type { RuntimeSettings } from '../runtime/settings.js';
import type { ApiToken, TokenScope, WorkspaceBackend } from '../workspace/backend.js';

/** One workspace this server hosts under `/workspaces/{name}`. */
export interface HostedWorkspace {
  name: string;
  backend: WorkspaceBackend;
  /** Current automations, cached until the workspace serial changes. */
  automations: () => Promise<RoutableAutomation[]>;
  /** Rate-limit and replay state of its webhook ingress. */
  hooks: WebhookGuards;
}

/** Server-wide services handlers may use. */
export interface ServerServices {
  /** A Temporal client (connected on first use, shared); throws TemporalUnreachableError. */
  temporal(): Promise<Client>;
  /** Runtime settings of runs the server starts itself (retries) in a hosted workspace; 503 without Temporal. */
  runtimeSettings(workspace: string): RuntimeSettings;
  /** How often the runs stream polls the store, and pings an idle client (ms). */
  streamPollMs: number;
  streamPingMs: number;
  /** The OpenAPI document of this server (built once from the route table). */
  openapi(): unknown;
}

/** What a handler gets for one request. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Decoded path parameters (without `ws`). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed, schema-validated JSON body (undefined when the route takes none). */
  body: unknown;
  /** The raw body (the webhook ingress verifies signatures over the exact bytes). */
  rawBody: Buffer;
  /** The addressed workspace (workspace routes only). */
  workspace: HostedWorkspace;
  /** The caller's token (token-authenticated routes only). */
  token: ApiToken;
  services: ServerServices;
  /** Names of the hosted workspaces (health). */
  workspaceCount: number;
}

/** A handler's answer: JSON with a status, or `streamed` when it wrote the response itself. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | { streamed: true };

export type Handler = (ctx: RouteContext) => Promise<Reply>;

/** Who may call a route: nobody special, a workspace token with a scope, or a webhook signature. */
export type Access = { kind: 'public' } | { kind: 'token'; scope: TokenScope } | { kind: 'signature' };

/** A query parameter, for the OpenAPI document. */
export interface QueryParam {
  name: string;
  type: 'string' | 'integer' | 'boolean';
  description: string;
}

/** One row of the route table: what both the dispatcher and the OpenAPI document are built from. */
export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** OpenAPI path template; workspace routes start with `/workspaces/{ws}`. */
  path: string;
  access: Access;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  query?: QueryParam[];
  /** Component schema name of the JSON request body (validated before the handler runs). */
  body?: string;
  /** The request body is optional (absent: `{}`). */
  bodyOptional?: boolean;
  /** Raw (unparsed, unvalidated) body: the webhook ingress. */
  rawBody?: boolean;
  response: { status: number; schema?: string; contentType?: string };
  handler: Handler;
}
