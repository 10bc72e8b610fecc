/** Token routes (admin): list, create (the secret is in this one answer only), revoke. */
import type { TokenScope } from '../../workspace/backend.js';
import { badRequest, notFound } from '../api-error.js';
import type { RouteContext } from '../context.js';

export async function listTokens(ctx: RouteContext) {
  return { status: 200, body: { tokens: await ctx.workspace.backend.tokens.list() } };
}

export async function createToken(ctx: RouteContext) {
  const body = ctx.body as { name: string; scopes: TokenScope[]; expiresAt?: string };
  if (body.expiresAt && Date.parse(body.expiresAt) <= Date.now())
    throw badRequest('expiresAt is in the past');
  const created = await ctx.workspace.backend.tokens.create({
    name: body.name,
    scopes: body.scopes,
    expiresAt: body.expiresAt,
    createdBy: `token:${ctx.token.name} (${ctx.token.id})`,
  });
  return { status: 201, body: created, headers: { 'cache-control': 'no-store' } };
}

export async function revokeToken(ctx: RouteContext) {
  const token = await ctx.workspace.backend.tokens.revoke(ctx.params.id);
  if (!token) throw notFound(`no token ${ctx.params.id} in this workspace`);
  return { status: 200, body: { token } };
}
