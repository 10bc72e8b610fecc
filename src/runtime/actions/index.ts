/**
 * The transport-backed action handlers: email, Slack, SMS, outbound HTTP and the AI record actions.
 * The worker passes them to createRuntimeActivities as `ports.handlers` (next to the built-in record
 * actions). Dry runs never reach them: the runtime records those steps instead of calling a handler.
 *
 *   const { config, errors } = readTransportConfig(project.data);
 *   const handlers = createTransportHandlers({ ...config, records, secret });
 */
import type { ActionHandlers } from '../activities/ports.js';
import type { TransportConfig } from '../transports/config.js';
import { createAiHandlers } from './ai-actions.js';
import { createEmailHandlers } from './email-actions.js';
import { createHttpHandlers } from './http-actions.js';
import { createMessagingHandlers } from './messaging-actions.js';
import { createNotifyHandlers } from './notify-actions.js';

/** Action ids this module implements. */
export const TRANSPORT_ACTIONS = [
  'send_email',
  'send_slack',
  'send_sms',
  'webhook_call',
  'api_request',
  'enrich_record',
  'classify_record',
  'generate_summary',
  // Delivering versions of the store-only built-ins (installed when a record store is configured).
  'notify_user',
  'notify_team',
] as const;

/** Handlers for every transport action, configured by `config`. */
export function createTransportHandlers(config: TransportConfig): ActionHandlers {
  return {
    ...createEmailHandlers(config),
    ...createMessagingHandlers(config),
    ...createHttpHandlers(config),
    ...createAiHandlers(config),
    ...createNotifyHandlers(config),
  };
}

export type { TransportConfig } from '../transports/config.js';
export { readTransportConfig } from '../transports/config.js';
