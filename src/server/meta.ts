/** Unauthenticated meta routes: health (no workspace names, only how many) and the OpenAPI document. */
import { VERSION } from '../version.js';
import type { RouteContext } from './context.js';

export async function healthz(ctx: RouteContext) {
  return { status: 200, body: { status: 'ok', version: VERSION, workspaces: ctx.workspaceCount } };
}

export async function openapiDocument(ctx: RouteContext) {
  return { status: 200, body: ctx.services.openapi() };
}
