/**
 * Automations several test folders share: `won-deal-task` (a task when a deal is won), `big-discount` (a deal's run paused for a manager's
 * approval when its discount changes) with the `aexy events emit` that starts one, and `inbound`
 * (a webhook automation) for the ingress and webhook command tests.
 */

/**
 * `won-deal-task`: when a deal is won, creates a task titled `title`, then runs `moreSteps` (YAML
 * items of its `steps:` list, indented six spaces).
 */
export function wonDealTaskAutomation(title = 'Kickoff', moreSteps = ''): string {
  return `apiVersion: aexy/v1
kind: Automation
metadata:
  name: won-deal-task
spec:
  module: crm
  trigger: { type: stage.changed, object: deals, to: won }
  workflow:
    steps:
      - id: kickoff_task
        action: create_record
        with: { object: tasks, values: { title: "${title}" } }
${moreSteps}`;
}

/** `big-discount`: on a deal's discount change, waits (1h) for role:manager, then records the decision. */
export const BIG_DISCOUNT_AUTOMATION = `apiVersion: aexy/v1
kind: Automation
metadata:
  name: big-discount
spec:
  module: crm
  trigger: { type: field.changed, object: deals, field: discount }
  workflow:
    steps:
      - id: manager_ok
        approval: { approvers: ["role:manager"], timeout: 1h }
        onApprove:
          - id: approved
            action: update_record
            with: { values: { discount_approval: approved } }
        onReject:
          - id: rejected
            action: update_record
            with: { values: { discount_approval: rejected } }
`;

/** The CLI arguments emitting a discount change (from -> to) of deal `recordId`: starts `big-discount`. */
export function discountChangeArgs(recordId: string, from: number, to: number): string[] {
  const data = JSON.stringify({ field: 'discount', from, to });
  return ['events', 'emit', 'field.changed', '--object', 'deals', '--record', recordId, '--data', data];
}

/** `inbound`: a `webhook.received` automation (addressed by its name) that creates one task. */
export const INBOUND_HOOK_AUTOMATION = `apiVersion: aexy/v1
kind: Automation
metadata: { name: inbound }
spec:
  module: crm
  trigger: { type: webhook.received }
  workflow:
    steps:
      - { id: t, action: create_task, with: { title: inbound } }
`;
