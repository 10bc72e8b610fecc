/**
 * The signed webhook ingress under `/workspaces/{ws}/hooks/{automation}`: the same checks, in the
 * same order, and the same outbox event as `aexy serve-ingress` (src/runtime/ingress/server.ts),
 * built from its verification functions and guards: known automation (404), per-automation rate
 * limit (429), signature (401 with the reason), replay (409), JSON body (400); then a
 * `webhook.received` event targeted at that automation (202). Signatures, not tokens, authenticate.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RateLimiter, ReplayCache } from '../runtime/ingress/guards.js';
import {
  DEFAULT_TOLERANCE_MS,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhook,
} from '../runtime/ingress/signature.js';
import type { RuntimeEvent } from '../workspace/events/types.js';
import { ApiError, badRequest, notFound } from './api-error.js';
import type { RouteContext } from './context.js';

/** Per-workspace in-memory guards (per process, as in the ingress). */
export interface HookGuards {
  limiter: RateLimiter;
  replays: ReplayCache;
}

const HEADER_DENY = new Set(['authorization', 'cookie', 'proxy-authorization']);

export function hookGuards(burst = 60, perSecond = 10): HookGuards {
  return { limiter: new RateLimiter(burst, perSecond), replays: new ReplayCache(DEFAULT_TOLERANCE_MS) };
}

/** `POST /workspaces/{ws}/hooks/{automation}`. */
export async function receiveHook(ctx: RouteContext) {
  const name = ctx.params.automation;
  const automation = (await ctx.workspace.automations()).find(
    (a) => a.ir.trigger.type === 'webhook.received' && (a.ir.trigger.config.path ?? a.name) === name,
  );
  if (!automation) throw notFound(`no webhook automation ${name} in this workspace`);
  const key = automation.name;
  const rate = ctx.workspace.hooks.limiter.take(key, Date.now());
  if (!rate.ok)
    throw new ApiError(429, 'rate_limited', 'rate limit exceeded', undefined, undefined, {
      'retry-after': String(rate.retryAfterSeconds),
    });
  const signatureHeader = String(
    automation.ir.trigger.config.signatureHeader ?? SIGNATURE_HEADER,
  ).toLowerCase();
  const signature = header(ctx.req, signatureHeader);
  const digest = await verify(ctx, key, signature);
  const body = parseJson(ctx.rawBody);
  const at = new Date().toISOString();
  const event: RuntimeEvent = {
    id: `webhook:${key}:${digest}`,
    type: 'webhook.received',
    payload: {
      body,
      headers: headerSubset(ctx.req, signatureHeader),
      receivedAt: at,
      sourceIp: ctx.req.socket.remoteAddress ?? '',
    },
    causation: [],
    occurredAt: at,
    source: 'ingress',
    target: key,
  };
  const added = await ctx.workspace.backend.runtime.events.append([event]);
  return { status: 202, body: { eventId: event.id, automation: key, duplicate: added === 0 } };
}

/** Signature, freshness and replay; returns the digest the event id is made of (as the ingress does). */
async function verify(ctx: RouteContext, key: string, signature: string | undefined): Promise<string> {
  const now = Date.now();
  const verified = verifyWebhook({
    secret: await ctx.workspace.backend.webhookSecrets.valid(key),
    timestamp: header(ctx.req, TIMESTAMP_HEADER.toLowerCase()),
    signature,
    rawBody: ctx.rawBody,
    now,
    toleranceMs: DEFAULT_TOLERANCE_MS,
  });
  if (!verified.ok) throw new ApiError(401, 'unauthenticated', verified.message, { reason: verified.reason });
  if (!ctx.workspace.hooks.replays.remember(`${key}\u0000${signature}`, verified.timestamp * 1000, now))
    throw new ApiError(409, 'conflict', 'this signed request was received before (replay)', {
      reason: 'replay',
    });
  return createHash('sha256').update(`${verified.timestamp}.${signature}`).digest('hex').slice(0, 24);
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('the body is not valid JSON');
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function headerSubset(req: IncomingMessage, signatureHeader: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (HEADER_DENY.has(name) || name === signatureHeader || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}
