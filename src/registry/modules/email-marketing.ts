/** Email marketing: campaigns and recipients (email engagement events are shared with crm). */
import { defineAction } from '../define.js';
import { data, input, object } from '../schema-helpers.js';
import type { ActionDef, TriggerDef } from '../types.js';
import { eventKit } from './module-kit.js';

const campaignShape = object(
  {
    id: data.string('Campaign id.'),
    name: data.string('Name.'),
    status: data.enum(['draft', 'scheduled', 'sending', 'sent', 'paused'], 'Status.'),
    recipientCount: data.integer('Number of recipients.'),
  },
  ['id', 'name', 'status'],
  'The campaign.',
);
const campaignEvent = eventKit('email_marketing', 'campaign', campaignShape, {
  campaign: data.string('Only this campaign id.'),
});

const recipient = { recipientId: data.string('Recipient id.'), email: data.string('Recipient address.') };

export const emailMarketingTriggers: TriggerDef[] = [
  campaignEvent('campaign.sent', 'A campaign finished sending.'),
  campaignEvent('campaign.scheduled', 'A campaign was scheduled.', {
    payload: { sendAt: data.dateTime('Scheduled send time.') },
  }),
  campaignEvent('recipient.added', 'A recipient was added to a campaign.', { payload: recipient }),
  campaignEvent('recipient.removed', 'A recipient was removed from a campaign.', { payload: recipient }),
];

const campaignInput = input.string('Campaign id; default: the campaign the trigger is about.');
const campaignOut = {
  campaignId: data.string('Campaign id.'),
  status: data.string('Campaign status afterwards.'),
};

function campaignAction(
  id: string,
  summary: string,
  props: Record<string, Record<string, unknown>>,
  required: string[] = [],
): ActionDef {
  return defineAction({
    id,
    module: 'email_marketing',
    summary,
    input: { campaign: campaignInput, ...props },
    required,
    output: campaignOut,
    sideEffect: true,
    example: { campaignId: 'cmp_12', status: 'sending' },
  });
}

const email = input.string('Recipient email.');

export const emailMarketingActions: ActionDef[] = [
  campaignAction(
    'add_to_campaign',
    'Add a recipient to a campaign.',
    { email, name: input.string('Recipient name.') },
    ['email'],
  ),
  campaignAction('remove_from_campaign', 'Remove a recipient from a campaign.', { email }, ['email']),
  campaignAction(
    'update_recipient',
    'Update a recipient’s attributes.',
    { email, values: input.map('Attribute values.') },
    ['email', 'values'],
  ),
  campaignAction('pause_campaign', 'Pause a sending campaign.', { reason: input.string('Why.') }),
  campaignAction('resume_campaign', 'Resume a paused campaign.', {}),
];
