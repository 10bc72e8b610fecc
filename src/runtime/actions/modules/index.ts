/**
 * The module action handlers: every registry action of the modules (lists and sequences, tickets,
 * hiring, email marketing, uptime, sprints, forms, booking, tracking, compliance) as record-store
 * operations on the module's records, emitting the module's events. docs/module-actions.md says what
 * each one does.
 *
 *   const handlers = createModuleHandlers({ records, events, transport });
 */
import type { ActionHandlers } from '../../activities/ports.js';
import { complianceHandlers } from './compliance.js';
import { crmHandlers } from './crm.js';
import { emailMarketingHandlers } from './email-marketing.js';
import { bookingHandlers, formHandlers } from './forms-booking.js';
import { hiringHandlers } from './hiring.js';
import type { ModulePorts } from './kit.js';
import { sprintHandlers } from './sprints.js';
import { ticketHandlers } from './tickets.js';
import { trackingHandlers } from './tracking.js';
import { uptimeHandlers } from './uptime.js';

export type { ModuleEventSink, ModulePorts } from './kit.js';

/** Handlers for every module action, over the given record store, event outbox and notify transports. */
export function createModuleHandlers(ports: ModulePorts): ActionHandlers {
  return {
    ...crmHandlers(ports),
    ...ticketHandlers(ports),
    ...hiringHandlers(ports),
    ...emailMarketingHandlers(ports),
    ...uptimeHandlers(ports),
    ...sprintHandlers(ports),
    ...formHandlers(ports),
    ...bookingHandlers(ports),
    ...trackingHandlers(ports),
    ...complianceHandlers(ports),
  };
}
