/**
 * Receiving one signed webhook, shared by both servers that take them: `aexy serve-ingress` / `aexy dev`
 * (./server.ts, `POST /hooks/WORKSPACE/AUTOMATION`) and `aexy serve`
 * (src/server/hooks.ts, `POST /workspaces/{ws}/hooks/{automation}`). Given the automation and the raw
 * body, the checks run in this order: per-automation rate limit (429 + Retry-After), signature (401
 * with the reason), replay (409), JSON body (400); then a `webhook.received` event targeted at that
 * automation is appended to the outbox. A refused request writes nothing. Each server turns a
 * HttpRefusal into its own error answer.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AutomationIR } from '../../ir/types.js';
import type { WebhookSecretStore } from '../../workspace/backend.js';
import type { EventStore } from '../../workspace/events/event-store.js';
import type { RuntimeEvent } from '../../workspace/events/types.js';
import { RateLimiter, ReplayCache } from './guards.js';
import { DEFAULT_TOLERANCE_MS, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from './signature.js';

/** A refused request: HTTP status, message, fields for the error body, and response headers. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The in-memory guards of one workspace's webhooks (per process; see ./guards.ts). */
export interface WebhookGuards {
  limiter: RateLimiter;
  replays: ReplayCache;
  toleranceMs: number;
}

/** Guards allowing `burst` requests per automation at once, refilled at `perSecond`. */
export function webhookGuards(burst = 60, perSecond = 10, toleranceMs = DEFAULT_TOLERANCE_MS): WebhookGuards {
  return { limiter: new RateLimiter(burst, perSecond), replays: new ReplayCache(toleranceMs), toleranceMs };
}

/** Where an accepted webhook goes, and what checks it. */
export interface WebhookTarget {
  secrets: WebhookSecretStore;
  events: EventStore;
  guards: WebhookGuards;
  now: () => number;
  /** `aexy dev` only: honour a trigger's `allowUnsigned: true` for requests without a signature. */
  allowUnsigned?: boolean;
}

/** The answer of an accepted webhook (202). */
export interface AcceptedWebhook {
  eventId: string;
  automation: string;
  duplicate: boolean;
}

const HEADER_DENY = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** The automation a webhook `name` addresses: a `webhook.received` trigger's `path`, else its name. */
export function findWebhookAutomation(automations: AutomationIR[], name: string): AutomationIR | undefined {
  return automations.find(
    (a) => a.trigger.type === 'webhook.received' && (a.trigger.config.path ?? a.metadata.name) === name,
  );
}

/** Rate limit, signature, replay and body checks of the file comment, then the outbox event. */
export async function acceptWebhook(
  target: WebhookTarget,
  automation: AutomationIR,
  req: IncomingMessage,
  raw: Buffer,
): Promise<AcceptedWebhook> {
  const key = automation.metadata.name;
  const rate = target.guards.limiter.take(key, target.now());
  if (!rate.ok) {
    throw new HttpRefusal(429, 'rate limit exceeded', {}, { 'retry-after': String(rate.retryAfterSeconds) });
  }
  const signatureHeader = String(automation.trigger.config.signatureHeader ?? SIGNATURE_HEADER).toLowerCase();
  const signature = header(req, signatureHeader);
  const unsigned = target.allowUnsigned && automation.trigger.config.allowUnsigned === true;
  const digest =
    unsigned && !signature ? `unsigned-${randomUUID()}` : await verify(target, req, key, raw, signature);
  return emit(target, req, key, parseJson(raw), digest, signatureHeader);
}

/** Signature, freshness and replay checks; returns the digest the event id is made of. */
async function verify(
  target: WebhookTarget,
  req: IncomingMessage,
  key: string,
  raw: Buffer,
  signature: string | undefined,
): Promise<string> {
  const verified = verifyWebhook({
    secret: await target.secrets.valid(key),
    timestamp: header(req, TIMESTAMP_HEADER.toLowerCase()),
    signature,
    rawBody: raw,
    now: target.now(),
    toleranceMs: target.guards.toleranceMs,
  });
  if (!verified.ok) throw new HttpRefusal(401, verified.message, { reason: verified.reason });
  if (!target.guards.replays.remember(`${key}\u0000${signature}`, verified.timestamp * 1000, target.now())) {
    throw new HttpRefusal(409, 'this signed request was received before (replay)', { reason: 'replay' });
  }
  return createHash('sha256').update(`${verified.timestamp}.${signature}`).digest('hex').slice(0, 24);
}

/** Appends the `webhook.received` event of an accepted request (only this automation may run). */
async function emit(
  target: WebhookTarget,
  req: IncomingMessage,
  key: string,
  body: unknown,
  digest: string,
  signatureHeader: string,
): Promise<AcceptedWebhook> {
  const at = new Date(target.now()).toISOString();
  const event: RuntimeEvent = {
    id: `webhook:${key}:${digest}`,
    type: 'webhook.received',
    payload: {
      body,
      headers: headerSubset(req, signatureHeader),
      receivedAt: at,
      sourceIp: req.socket.remoteAddress ?? '',
    },
    causation: [],
    occurredAt: at,
    source: 'ingress',
    target: key,
  };
  const added = await target.events.append([event]);
  return { eventId: event.id, automation: key, duplicate: added === 0 };
}

/** A JSON body; an empty one is `{}`. */
export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpRefusal(400, 'the body is not valid JSON');
  }
}

/** A request header, repeated values joined by commas. */
export function header(req: IncomingMessage, name: string): string | undefined {
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
