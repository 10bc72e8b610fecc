// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/** YAML projects for the plan/apply/export CLI tests. */
import { makeTempProject } from '../../helpers/project.js';

export const PROJECT = 'name: demo\ninclude: ["automations/**/*.yaml"]\n';

export function followup(
  options: { name?: string; days?: string; subject?: string; extra?: string; meta?: string } = {},
): string {
  return `apiVersion: aexy/v1
kind: Automation
metadata:
  name: ${options.name ?? 'deal-followup'}
  description: When a deal enters negotiation, email, wait, then follow up.
${options.meta ?? ''}spec:
  module: crm
  trigger:
    type: stage.changed
    object: deals
    to: negotiation
  workflow:
    steps:
      - id: first_email
        action: send_email
        with:
          to: "\${{ record.values.email }}"
          subject: ${options.subject ?? 'Next steps'}
          body: Hello
      - id: pause
        wait: ${options.days ?? '3d'}
${options.extra ?? ''}      - id: follow_up
        action: send_email
        with:
          to: "\${{ record.values.email }}"
          subject: Following up
          body: Any questions?
`;
}

/**
 * A one-action automation: emails `to` with `subject` on its trigger (by default, a deal created).
 * `trigger` is the YAML under `trigger:`, indented for its place.
 */
export function simple(
  name: string,
  subject = 'Welcome',
  trigger = 'type: record.created\n    object: deals',
  to = '${{ record.values.email }}',
): string {
  return `apiVersion: aexy/v1
kind: Automation
metadata:
  name: ${name}
spec:
  module: crm
  trigger:
    ${trigger}
  actions:
    - action: send_email
      with:
        to: "${to}"
        subject: ${subject}
        body: Hi
`;
}

/** A temp project of PROJECT with `followup` and `welcome` (plus `files`), not applied. */
export function demoProject(files: Record<string, string> = {}): string {
  return makeTempProject({
    'aexy.yaml': PROJECT,
    'automations/followup.yaml': followup(),
    'automations/welcome.yaml': simple('welcome'),
    ...files,
  });
}

/** An apply lock as another process (CI job ci-42 on runner-7) would hold it, for "locked" tests. */
export const FOREIGN_LOCK = {
  holder: 'ci-42',
  operation: 'apply',
  host: 'runner-7',
  pid: 4242,
  ttlMs: 600_000,
  waitMs: 0,
} as const;

/** Every step kind, nested blocks, jumps, conditions, hooks and limits: the export round-trip stress test. */
export const RICH = `apiVersion: aexy/v1
kind: Automation
metadata:
  name: rich
  labels: { team: sales }
spec:
  module: crm
  trigger: { type: record.updated, object: deals }
  conditions:
    all:
      - { field: record.values.amount, op: gte, value: 10000 }
      - expr: record.values.region in ["EU", "US"]
  limits: { runsPerMonth: 500, concurrency: queued }
  onError: continue
  retry: { maxAttempts: 5, initialInterval: 30s, backoff: 3, maxInterval: 1h, on: [timeout] }
  workflow:
    steps:
      - id: check
        if: record.values.amount > 50000
        then:
          - id: big
            action: send_email
            with: { to: "a@b.c", subject: Big, body: x }
            retry: { maxAttempts: 2 }
            timeout: 90s
        else: notify
      - id: route
        switch:
          - when: record.values.region == "EU"
            next:
              - id: eu
                set: { region: '"eu"' }
        default: end
      - id: fan
        parallel:
          branches:
            a:
              - id: in_a
                wait: 1h30m
            b:
              - id: in_b
                wait: { until: record.values.close_date, offset: -7d }
          join: { count: 1 }
          onBranchFailure: continue
      - id: each
        loop:
          forEach: record.values.contacts
          as: contact
          maxIterations: 20
          steps:
            - id: mail_contact
              action: send_email
              with: { to: "\${{ contact.email }}", subject: Hi, body: x }
      - id: reply
        wait: { event: email.replied, match: record.id != "", timeout: 3d }
        onTimeout: end
      - id: ok
        approval:
          approvers: [role:admin]
          message: Approve?
          timeout: 48h
          escalate: { after: 24h, to: [role:owner] }
        onReject: fail
      - id: notify
        action: send_email
        with: { to: "a@b.c", subject: Done, body: x }
        onError: stop
`;

/** An agent and policies of every type, for the export round trip. */
export const AGENTS = `apiVersion: aexy/v1
kind: Agent
metadata:
  name: reply-classifier
spec:
  type: custom
  model: { provider: openai, name: gpt-4o-mini, temperature: 0 }
  instructions: |
    Classify the reply as interested, not_now or unsubscribe.
  tools: [get_record, update_record, send_email]
  output: { type: object, required: [label], properties: { label: { enum: [interested, not_now, unsubscribe] } } }
  maxIterations: 10
  timeout: 5m
---
apiVersion: aexy/v1
kind: AgentPolicy
metadata:
  name: approve-external-mail
spec:
  agent: reply-classifier
  type: tool_require_approval
  tools: [send_email]
  when: '!args.to.endsWith("@acme.com")'
  approval: { approvers: [role:admin], timeout: 4h }
---
apiVersion: aexy/v1
kind: AgentPolicy
metadata:
  name: fields
spec:
  type: field_restriction
  tools: [get_record, update_record]
  read: [name, email, stage]
  write: [stage, notes]
---
apiVersion: aexy/v1
kind: AgentPolicy
metadata:
  name: mail-rate
spec:
  type: rate_limit
  tools: [send_email]
  limit: 50
  per: 1d
---
apiVersion: aexy/v1
kind: AgentPolicy
metadata:
  name: budget
spec:
  type: token_budget
  limit: 2000000
  per: 30d
`;
