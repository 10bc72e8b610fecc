/**
 * Email over SMTP with nodemailer. The Message-ID is derived from the step's idempotency key, so a
 * retried send carries the same Message-ID (receivers and our reply matching recognise it), and the
 * thread id is the root Message-ID of the conversation (what replies carry in References).
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { ActionContext } from '../activities/ports.js';
import { type EmailSettings, resolveSetting, type TransportConfig } from './config.js';
import { finalFailure, retryableFailure, TRANSPORT_ERROR_TYPES } from './failure.js';
import { markdownToHtml } from './markdown-lite.js';

export interface OutgoingEmail {
  to: string[];
  cc: string[];
  bcc: string[];
  from?: string;
  replyTo?: string;
  subject: string;
  /** Markdown; sent as text/plain and rendered text/html. */
  body: string;
  /** Message-IDs this one answers (In-Reply-To / References), oldest first. */
  references?: string[];
}

export interface SentEmail {
  /** The Message-ID header without angle brackets. */
  messageId: string;
  /** Root Message-ID of the thread (this one for a new conversation), without angle brackets. */
  threadId: string;
  /** Addresses the server accepted. */
  accepted: string[];
}

const SMTP_TIMEOUT_MS = 30_000;

/** The Message-ID (without brackets) for a send with this idempotency key. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}.aexy@${domain}`;
}

/** Sends one email; failures are thrown classified (4xx replies and network errors retryable). */
export async function sendEmail(
  email: OutgoingEmail,
  config: TransportConfig,
  ctx: Pick<ActionContext, 'idempotencyKey' | 'signal'>,
): Promise<SentEmail> {
  const settings = config.email;
  if (!settings)
    throw finalFailure(
      TRANSPORT_ERROR_TYPES.notConfigured,
      'email is not configured: set `email.smtp` in aexy.yaml',
    );
  const from = email.from ?? (settings.from ? resolveSetting(settings.from, config) : undefined);
  if (!from)
    throw finalFailure(TRANSPORT_ERROR_TYPES.notConfigured, 'send_email needs `from` or `email.from`');
  const messageId = messageIdFor(ctx.idempotencyKey, settings.messageIdDomain ?? domainOf(from));
  const threadId = email.references?.[0] ?? messageId;
  const transport = nodemailer.createTransport(transportOptions(settings, config));
  try {
    const info = await abortable(
      transport.sendMail({
        from,
        to: email.to,
        cc: email.cc,
        bcc: email.bcc,
        replyTo: email.replyTo,
        subject: email.subject,
        text: email.body,
        html: markdownToHtml(email.body),
        messageId: `<${messageId}>`,
        inReplyTo: email.references?.length ? `<${email.references.at(-1)}>` : undefined,
        references: email.references?.map((id) => `<${id}>`),
        headers: { 'X-Aexy-Idempotency-Key': ctx.idempotencyKey },
      }),
      ctx.signal,
    );
    return { messageId, threadId, accepted: (info.accepted ?? []).map(String) };
  } catch (error) {
    throw classifySmtpError(error);
  } finally {
    transport.close();
  }
}

function transportOptions(settings: EmailSettings, config: TransportConfig) {
  const { smtp } = settings;
  const user = smtp.user ? resolveSetting(smtp.user, config) : undefined;
  const pass = smtp.pass ? resolveSetting(smtp.pass, config) : undefined;
  return {
    host: resolveSetting(smtp.host, config),
    port: smtp.port,
    secure: smtp.secure,
    auth: user ? { user, pass } : undefined,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  };
}

function domainOf(address: string): string {
  return /@([^>\s]+)>?\s*$/.exec(address)?.[1]?.toLowerCase() ?? 'aexy.local';
}

/** Rejects as soon as the step is aborted (nodemailer has no AbortSignal support). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(Object.assign(new Error('send cancelled'), { code: 'EABORT' }));
  return new Promise((resolve, reject) => {
    const onAbort = () =>
      reject(Object.assign(new Error('send timed out or was cancelled'), { code: 'EABORT' }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETLS',
  'EPROXY',
]);

/** SMTP 4xx replies are transient (rate-limit wording -> rate_limit), 5xx final; network errors retry. */
function classifySmtpError(error: unknown): unknown {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const message = `smtp: ${e.response ?? e.message ?? String(error)}`;
  if (e.code === 'EABORT' || e.code === 'ETIMEDOUT') return retryableFailure('timeout', message);
  if (typeof e.responseCode === 'number' && e.responseCode >= 400 && e.responseCode < 500) {
    return retryableFailure(/rate|too many|throttl/i.test(message) ? 'rate_limit' : 'server_error', message);
  }
  if (typeof e.responseCode === 'number') return finalFailure(TRANSPORT_ERROR_TYPES.provider, message);
  if (e.code && CONNECTION_CODES.has(e.code)) return retryableFailure('connection_error', message);
  return finalFailure(TRANSPORT_ERROR_TYPES.provider, message);
}
