/**
 * The HTTP ingress (node:http, loopback by default), served by `aexy dev` and `aexy serve-ingress`:
 * - `POST /hooks/WORKSPACE/AUTOMATION`: a signed webhook (see signature.ts) for an automation with a
 *   `webhook.received` trigger (by name or its `path`). Checks, in order: known workspace and
 *   automation (404), body size (413), per-automation rate limit (429 + Retry-After), signature
 *   (401 missing / malformed / mismatch / stale, with the reason), replay (409), JSON body (400).
 *   Only then is a `webhook.received` event for that automation appended to the outbox: 202 with
 *   the event id. No refused request writes anything.
 * - `POST /events/WORKSPACE`: communication events (email.*, form.*, meeting.*) with a bearer token
 *   (`AEXY_INGRESS_TOKEN`); they go into the same outbox, so they start automations and wake runs
 *   waiting for them.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AutomationIR } from '../../ir/types.js';
import { registry } from '../../registry/index.js';
import type { WebhookSecretStore } from '../../workspace/backend.js';
import type { EventStore } from '../../workspace/events/event-store.js';
import type { RuntimeEvent } from '../../workspace/events/types.js';
import { listenHttp } from './listen.js';
import {
  acceptWebhook,
  findWebhookAutomation,
  HttpRefusal,
  header,
  parseJson,
  type WebhookTarget,
  webhookGuards,
} from './webhook.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface IngressOptions {
  workspace: string;
  events: EventStore;
  secrets: WebhookSecretStore;
  /** The current automations (re-read per request; cached by the caller). */
  automations: () => Promise<AutomationIR[]>;
  /** Bearer token of `/events/`; absent: that endpoint answers 503. */
  token?: string;
  maxBodyBytes?: number;
  /** Requests per automation at once, and refill per second (default 60 and 10). */
  rate?: { burst: number; perSecond: number };
  toleranceMs?: number;
  /**
   * `aexy dev` only: honour a trigger's `allowUnsigned: true` (requests without a signature are
   * accepted for that automation). Everywhere else that setting is ignored and signatures are required.
   */
  allowUnsigned?: boolean;
  now?: () => number;
}

/** A running ingress. */
export interface Ingress {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Starts the ingress on host:port (port 0: any free port). */
export async function startIngress(options: IngressOptions, host = '127.0.0.1', port = 0): Promise<Ingress> {
  const handler = createIngressHandler(options);
  const server = createServer((req, res) => void handler(req, res));
  const url = await listenHttp(server, host, port);
  return {
    server,
    url,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The request handler (exported for embedding in another server). */
export function createIngressHandler(options: IngressOptions) {
  const handler = new IngressHandler(options);
  return (req: IncomingMessage, res: ServerResponse) => handler.handle(req, res);
}

/** The ingress's routes and checks; one per server (it holds the rate-limit and replay state). */
class IngressHandler {
  private readonly now: () => number;
  private readonly maxBody: number;
  private readonly webhooks: WebhookTarget;

  constructor(private readonly options: IngressOptions) {
    this.now = options.now ?? Date.now;
    this.maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.webhooks = {
      secrets: options.secrets,
      events: options.events,
      guards: webhookGuards(options.rate?.burst, options.rate?.perSecond, options.toleranceMs),
      now: this.now,
      allowUnsigned: options.allowUnsigned,
    };
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const [kind, workspace, name, extra] = pathParts(req.url ?? '/');
      const known = (kind === 'hooks' && name && !extra) || (kind === 'events' && workspace && !name);
      if (!known || workspace !== this.options.workspace) throw new HttpRefusal(404, 'not found');
      if (req.method !== 'POST') throw new HttpRefusal(405, 'only POST', {}, { allow: 'POST' });
      send(res, 202, kind === 'hooks' ? await this.hook(req, name as string) : await this.event(req));
    } catch (error) {
      req.resume();
      if (error instanceof HttpRefusal)
        send(res, error.status, { error: error.message, ...error.extra }, error.headers);
      else send(res, 500, { error: 'internal error' });
    }
  }

  /** `POST /hooks/...`: the checks of the file comment, in order, then the event. */
  private async hook(req: IncomingMessage, name: string) {
    const automation = findWebhookAutomation(await this.options.automations(), name);
    if (!automation)
      throw new HttpRefusal(404, `no webhook automation ${name} in workspace ${this.options.workspace}`);
    const raw = await readBody(req, this.maxBody);
    return acceptWebhook(this.webhooks, automation, req, raw);
  }

  /** `POST /events/...`: a token-authenticated communication event. */
  private async event(req: IncomingMessage) {
    checkToken(req, this.options.token);
    const event = communicationEvent(parseJson(await readBody(req, this.maxBody)), this.now());
    const added = await this.options.events.append([event]);
    return { eventId: event.id, type: event.type, duplicate: added === 0 };
  }
}

/** The decoded path segments; a malformed escape is a 404, not a crash. */
function pathParts(url: string): string[] {
  try {
    return (url.split('?')[0] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new HttpRefusal(404, 'not found');
  }
}

/** The raw body, refused with 413 past `limit` bytes (by Content-Length before reading any of it). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new HttpRefusal(413, `body larger than ${limit} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new HttpRefusal(413, `body larger than ${limit} bytes`));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function checkToken(req: IncomingMessage, token: string | undefined): void {
  if (!token) throw new HttpRefusal(503, 'the events endpoint is off: set AEXY_INGRESS_TOKEN');
  const given = /^Bearer (.+)$/i.exec(header(req, 'authorization') ?? '')?.[1] ?? '';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  if (!timingSafeEqual(a, b))
    throw new HttpRefusal(401, 'missing or wrong bearer token', { reason: 'token' });
}

/** `{type, id?, payload?, record?}` -> an outbox event; only communication triggers are accepted. */
function communicationEvent(body: unknown, now: number): RuntimeEvent {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new HttpRefusal(400, 'expected a JSON object');
  const given = body as Record<string, unknown>;
  const type = String(given.type ?? '');
  if (registry.triggers.get(type)?.family !== 'communication') {
    throw new HttpRefusal(
      422,
      `type must be a communication event (email.*, form.*, meeting.*), got "${type}"`,
    );
  }
  const payload = (given.payload ?? {}) as Record<string, unknown>;
  const record = given.record as RuntimeEvent['record'];
  return {
    id: typeof given.id === 'string' && given.id ? `ext:${given.id}` : `ext:${randomUUID()}`,
    type,
    payload,
    ...(record?.id && record.object ? { record, object: record.object, recordId: record.id } : {}),
    causation: [],
    occurredAt: typeof payload.occurredAt === 'string' ? payload.occurredAt : new Date(now).toISOString(),
    source: 'ingress',
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
