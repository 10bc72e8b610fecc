/**
 * Who may call what: bearer tokens verified by the addressed workspace's own token store (so a token
 * of workspace A is simply unknown to B), and scope implication (admin implies every scope, apply
 * implies plan implies read, operate implies read).
 */
import type { IncomingMessage } from 'node:http';
import type { ApiToken, TokenScope, WorkspaceBackend } from '../workspace/backend.js';
import { ApiError, unauthenticated } from './api-error.js';

const IMPLIED: Record<TokenScope, readonly TokenScope[]> = {
  read: ['read'],
  plan: ['plan', 'read'],
  apply: ['apply', 'plan', 'read'],
  operate: ['operate', 'read'],
  admin: ['admin', 'apply', 'plan', 'read', 'operate'],
};

/** True when a token with `granted` scopes may do what needs `required`. */
export function allows(granted: readonly TokenScope[], required: TokenScope): boolean {
  return granted.some((scope) => IMPLIED[scope]?.includes(required));
}

/** The bearer secret of a request, or undefined. */
export function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(Array.isArray(header) ? header[0] : (header ?? ''));
  return match?.[1];
}

/**
 * The token of a request to a workspace; 401 for a missing, unknown, revoked or expired token and
 * for a workspace this server does not host (the same answer, so neither is revealed).
 */
export async function authenticate(
  req: IncomingMessage,
  backend: WorkspaceBackend | undefined,
): Promise<ApiToken> {
  const secret = bearer(req);
  if (!secret || !backend) throw unauthenticated();
  const token = await backend.tokens.verify(secret);
  if (!token) throw unauthenticated();
  return token;
}

/** Throws 403 naming the scope when the token lacks it. */
export function requireScope(token: ApiToken, required: TokenScope): void {
  if (allows(token.scopes, required)) return;
  throw new ApiError(
    403,
    'forbidden',
    `this token lacks the "${required}" scope`,
    { required, granted: token.scopes },
    `create a token with it: aexy tokens create --name NAME --scope ${required}`,
  );
}
