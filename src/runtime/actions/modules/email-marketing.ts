/**
 * Email marketing actions on `campaigns` records and their `campaign_recipients` (one per campaign
 * and email, `status: active | removed`). Adding and removing recipients emits `recipient.added` /
 * `recipient.removed` and keeps the campaign's `recipientCount`; pause and resume set its status.
 */
import { ActionError } from '../../activities/errors.js';
import type { ActionContext, ActionHandlers, StoredRecord } from '../../activities/ports.js';
import {
  emitModuleEvent,
  findTarget,
  findWhere,
  type Input,
  type ModulePorts,
  optional,
  required,
  snapshot,
  updateFields,
} from './kit.js';
import { join, leave } from './membership.js';

export const CAMPAIGNS = 'campaigns';
export const CAMPAIGN_RECIPIENTS = 'campaign_recipients';

const campaignSnapshot = (r: StoredRecord) => snapshot(r, { name: '', status: 'draft', recipientCount: 0 });
const output = (c: StoredRecord) => ({ campaignId: c.id, status: String(c.values.status ?? 'draft') });
const target = (ports: ModulePorts, input: Input, ctx: ActionContext) =>
  findTarget(ports, input, 'campaign', ctx, CAMPAIGNS);

/** Recounts active recipients onto the campaign (a second write of the step, own key suffix). */
async function recount(ports: ModulePorts, ctx: ActionContext, campaign: StoredRecord) {
  const where = { campaign: campaign.id, status: 'active' };
  const { total } = await ports.records.search({ object: CAMPAIGN_RECIPIENTS, where, limit: 1 });
  return updateFields(ports, ctx, campaign, { recipientCount: total }, ':count');
}

async function emitRecipient(
  ports: ModulePorts,
  ctx: ActionContext,
  type: string,
  c: StoredRecord,
  entry?: StoredRecord,
) {
  const payload = {
    campaignId: c.id,
    campaign: campaignSnapshot(c),
    recipientId: entry?.id ?? '',
    email: String(entry?.values.email ?? ''),
  };
  await emitModuleEvent(ports, ctx, type, c, payload);
}

/** Handlers for the email marketing module's actions. */
export function emailMarketingHandlers(ports: ModulePorts): ActionHandlers {
  return {
    add_to_campaign: async (input, ctx) => {
      const campaign = await target(ports, input, ctx);
      const key = { campaign: campaign.id, email: required(input, 'email') };
      const { entry, changed } = await join(ports, ctx, CAMPAIGN_RECIPIENTS, key, {
        name: optional(input, 'name') ?? null,
      });
      const after = changed ? await recount(ports, ctx, campaign) : campaign;
      if (changed) await emitRecipient(ports, ctx, 'recipient.added', after, entry);
      return output(after);
    },
    remove_from_campaign: async (input, ctx) => {
      const campaign = await target(ports, input, ctx);
      const key = { campaign: campaign.id, email: required(input, 'email') };
      const { entry, changed } = await leave(ports, ctx, CAMPAIGN_RECIPIENTS, key);
      const after = changed ? await recount(ports, ctx, campaign) : campaign;
      if (changed) await emitRecipient(ports, ctx, 'recipient.removed', after, entry);
      return output(after);
    },
    update_recipient: async (input, ctx) => {
      const campaign = await target(ports, input, ctx);
      const email = required(input, 'email');
      const [recipient] = await findWhere(ports, CAMPAIGN_RECIPIENTS, { campaign: campaign.id, email });
      if (!recipient)
        throw new ActionError('not_found', `${email} is not a recipient of campaign ${campaign.id}`);
      const values = input.values && typeof input.values === 'object' ? (input.values as Input) : {};
      const { campaign: _c, email: _e, status: _s, ...attributes } = values;
      await updateFields(ports, ctx, recipient, attributes);
      return output(campaign);
    },
    pause_campaign: async (input, ctx) => {
      const campaign = await target(ports, input, ctx);
      const status = String(campaign.values.status ?? 'draft');
      if (status === 'paused') return output(campaign);
      if (status === 'sent')
        throw new ActionError('invalid_state', `campaign ${campaign.id} was already sent`);
      const reason = optional(input, 'reason') ?? null;
      return output(
        await updateFields(ports, ctx, campaign, {
          status: 'paused',
          pausedFrom: status,
          pausedReason: reason,
        }),
      );
    },
    resume_campaign: async (input, ctx) => {
      const campaign = await target(ports, input, ctx);
      if (campaign.values.status !== 'paused') return output(campaign);
      const status = String(campaign.values.pausedFrom ?? 'sending');
      return output(
        await updateFields(ports, ctx, campaign, { status, pausedFrom: null, pausedReason: null }),
      );
    },
  };
}
