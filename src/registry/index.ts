/**
 * The registry: every trigger and action aexy knows, as data. Built once from the per-module tables;
 * ids are unique across the whole registry (a duplicate is a bug and throws at load).
 */
import { commonActions } from './modules/common-actions.js';
import { complianceActions, complianceTriggers } from './modules/compliance.js';
import { crmActions } from './modules/crm-actions.js';
import { crmTriggers } from './modules/crm-triggers.js';
import { emailMarketingActions, emailMarketingTriggers } from './modules/email-marketing.js';
import { bookingActions, bookingTriggers, formActions } from './modules/forms-booking.js';
import { hiringActions, hiringTriggers } from './modules/hiring.js';
import { sharedTriggers } from './modules/shared-triggers.js';
import { sprintActions, sprintTriggers } from './modules/sprints.js';
import { ticketActions, ticketTriggers } from './modules/tickets.js';
import { trackingActions, trackingTriggers } from './modules/tracking.js';
import { uptimeActions, uptimeTriggers } from './modules/uptime.js';
import type { ActionDef, ModuleId, Registry, TriggerDef } from './types.js';

export type * from './types.js';

/** Every module, in the order the reference lists them. */
export const MODULES: readonly ModuleId[] = [
  'crm',
  'tickets',
  'hiring',
  'email_marketing',
  'uptime',
  'sprints',
  'forms',
  'booking',
  'tracking',
  'compliance',
];

const allTriggers: TriggerDef[] = [
  ...crmTriggers,
  ...sharedTriggers,
  ...ticketTriggers,
  ...hiringTriggers,
  ...emailMarketingTriggers,
  ...uptimeTriggers,
  ...sprintTriggers,
  ...bookingTriggers,
  ...trackingTriggers,
  ...complianceTriggers,
];

const allActions: ActionDef[] = [
  ...commonActions,
  ...crmActions,
  ...ticketActions,
  ...hiringActions,
  ...emailMarketingActions,
  ...uptimeActions,
  ...sprintActions,
  ...formActions,
  ...bookingActions,
  ...trackingActions,
  ...complianceActions,
];

function byId<T extends { id: string }>(items: T[], what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.id)) throw new Error(`registry: duplicate ${what} id ${item.id}`);
    map.set(item.id, item);
  }
  return map;
}

/** The registry singleton (pure data; safe to share). */
export const registry: Registry = {
  modules: MODULES,
  triggers: byId(allTriggers, 'trigger'),
  actions: byId(allActions, 'action'),
};

/** The registry (a function so callers can later swap in a pruned or extended one). */
export function loadRegistry(): Registry {
  return registry;
}

/** Triggers an automation of `module` may use. */
export function triggersFor(reg: Registry, module: ModuleId): TriggerDef[] {
  return [...reg.triggers.values()].filter((t) => t.modules.includes(module));
}

/** Actions an automation of `module` may use: the common ones plus the module's own. */
export function actionsFor(reg: Registry, module: ModuleId): ActionDef[] {
  return [...reg.actions.values()].filter((a) => a.module === 'common' || a.module === module);
}

/** Whether `module` may use the action: common actions everywhere, module actions in their module. */
export function isActionAllowed(action: ActionDef, module: ModuleId): boolean {
  return action.module === 'common' || action.module === module;
}
