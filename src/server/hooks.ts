/**
 * The signed webhook ingress under `/workspaces/{ws}/hooks/{automation}`: the same code as
 * `aexy serve-ingress` (src/runtime/ingress/webhook.ts), so the same checks in the same order and
 * the same outbox event: known automation (404), per-automation rate limit (429), signature (401
 * with the reason), replay (409), JSON body (400); then a `webhook.received` event targeted at that
 * automation (202). Signatures, not tokens, authenticate.
 */
import { acceptWebhook, findWebhookAutomation, HttpRefusal } from '../runtime/ingress/webhook.js';
import { ApiError, type ApiErrorCode, notFound } from './api-error.js';
import type { RouteContext } from './context.js';

/** The API's code of each refusal the shared webhook checks give. */
const REFUSAL_CODES: Record<number, ApiErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  409: 'conflict',
  429: 'rate_limited',
};

/** `POST /workspaces/{ws}/hooks/{automation}`. */
export async function receiveHook(ctx: RouteContext) {
  const name = ctx.params.automation;
  const automations = (await ctx.workspace.automations()).map((a) => a.ir);
  const automation = findWebhookAutomation(automations, name);
  if (!automation) throw notFound(`no webhook automation ${name} in this workspace`);
  const target = {
    secrets: ctx.workspace.backend.webhookSecrets,
    events: ctx.workspace.backend.runtime.events,
    guards: ctx.workspace.hooks,
    now: Date.now,
  };
  try {
    return { status: 202, body: await acceptWebhook(target, automation, ctx.req, ctx.rawBody) };
  } catch (error) {
    throw error instanceof HttpRefusal ? toApi(error) : error;
  }
}

/** A refusal in the API's error shape: its `reason` (401, 409) as details, Retry-After (429) kept. */
function toApi(refusal: HttpRefusal): ApiError {
  const details = Object.keys(refusal.extra).length ? refusal.extra : undefined;
  const code = REFUSAL_CODES[refusal.status] ?? 'bad_request';
  return new ApiError(refusal.status, code, refusal.message, details, undefined, refusal.headers);
}
