/**
 * Calls to operator-configured providers (Slack, Twilio, model endpoints). Their base URLs come from
 * aexy.yaml, not from automation authors, so they skip the SSRF guard (which would otherwise refuse
 * a self-hosted model on the LAN); everything else (timeouts, classification) is the shared client's.
 */
import type { ActionContext } from '../activities/ports.js';
import { toActionError } from './classify.js';
import type { TransportConfig } from './config.js';
import { type HttpRequest, type HttpResponse, sendHttp } from './http-client.js';

/** Default timeout of one provider call. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 30_000;

/** Sends `request` to a provider; transport failures are thrown as classified ActionErrors. */
export async function callProvider(
  request: HttpRequest,
  ctx: Pick<ActionContext, 'signal'>,
  config: Pick<TransportConfig, 'timeoutMs'>,
  what: string,
): Promise<HttpResponse> {
  try {
    return await sendHttp(request, {
      signal: ctx.signal,
      timeoutMs: config.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
      maxRedirects: 0,
    });
  } catch (error) {
    throw toActionError(error, what);
  }
}

/** A JSON request body and its content type. */
export function jsonBody(value: unknown): { body: Buffer; type: string } {
  return { body: Buffer.from(JSON.stringify(value), 'utf8'), type: 'application/json; charset=utf-8' };
}
