/* Generated from the JSON Schemas by test/unit/schema/generated-types.test.ts: do not edit.
   Regenerate: npm run gen:types */

/**
 * Raw (as written) aexy documents. Generated from the JSON Schemas: do not edit.
 */
export type AexyDocument = AutomationDocument | AgentDocument | AgentPolicyDocument | ProjectFile;
/**
 * Steps, run in order.
 *
 * @minItems 1
 */
export type Steps = [Step, ...Step[]];
/**
 * A workflow step: `id` plus exactly one of `action`, `if`, `switch`, `parallel`, `loop`, `wait`, `approval`, `agent`, `set`.
 */
export type Step =
  ActionStep | IfStep | SwitchStep | ParallelStep | LoopStep | WaitStep | ApprovalStep | AgentStep | SetStep;
/**
 * A block of steps (runs, then control continues after the branching step) or a jump: a later step id, `end` or `fail`.
 *
 * @minItems 1
 */
export type Target = [Step, ...Step[]] | string;

/**
 * An aexy Automation document.
 */
export interface AutomationDocument {
  /**
   * Schema version of the document: `aexy/v1`.
   */
  apiVersion: 'aexy/v1';
  /**
   * Document kind: `Automation`.
   */
  kind: 'Automation';
  metadata: Metadata;
  spec: AutomationSpec;
}
/**
 * Identity and description of the resource.
 */
export interface Metadata {
  /**
   * Unique name of the resource within its kind: lower case letters, digits and `-`. Plan/apply identify resources by `kind/name`.
   */
  name: string;
  /**
   * What this resource does, for people.
   */
  description?: string;
  /**
   * Free key/value labels (e.g. `team: sales`), usable in expressions as `automation.labels`.
   */
  labels?: {
    [k: string]: string | number | boolean;
  };
  /**
   * The former name, when renaming: plan shows a rename (history kept) instead of delete + create.
   */
  previousName?: string;
  /**
   * Never deleted by apply, even with `--prune`.
   */
  protected?: boolean;
}
/**
 * An automation: when the trigger fires and the conditions hold, run the actions or the workflow.
 */
export interface AutomationSpec {
  /**
   * Platform module the automation belongs to; decides which triggers and actions it may use.
   */
  module:
    | 'crm'
    | 'tickets'
    | 'hiring'
    | 'email_marketing'
    | 'uptime'
    | 'sprints'
    | 'forms'
    | 'booking'
    | 'tracking'
    | 'compliance';
  /**
   * Disabled automations are kept but never run (events are recorded as SKIPPED). Default true.
   */
  enabled?: boolean;
  trigger: Trigger;
  conditions?: Condition;
  /**
   * Agents run at fixed points of every run.
   */
  agents?: {
    /**
     * Name of an Agent document.
     */
    agent: string;
    /**
     * `on_start`: before conditions; `on_condition_match`: after conditions pass, before the steps.
     */
    at: 'on_start' | 'on_condition_match';
    /**
     * Input of the agent; values may be `${{ }}` templates.
     */
    input?: {};
    /**
     * Wait for the agent before going on (default true).
     */
    waitForCompletion?: boolean;
    /**
     * Time limit of the agent run; default `5m`.
     */
    timeout?: string;
  }[];
  /**
   * Run limits.
   */
  limits?: {
    /**
     * At most this many runs per calendar month (UTC); further runs are recorded as SKIPPED with reason `run_limit`.
     */
    runsPerMonth?: number;
    /**
     * While a run is active, a new event is skipped (`single`), queued (`queued`) or runs alongside (`parallel`, default).
     */
    concurrency?: 'single' | 'queued' | 'parallel';
    /**
     * With `queued` or `parallel`: at most this many runs at once (queued beyond it).
     */
    maxConcurrent?: number;
  };
  /**
   * Default failure handling of every step: `stop` (default), `continue`, or `retry` (then stop).
   */
  onError?: 'stop' | 'continue' | 'retry';
  retry?: Retry;
  /**
   * Time limit of a whole run (waits included); default none.
   */
  timeout?: string;
  /**
   * A flat list of actions run in order (sugar for a workflow of action steps). Use this or `workflow`, not both.
   *
   * @minItems 1
   */
  actions?: [FlatAction, ...FlatAction[]];
  /**
   * A workflow: steps with branches, loops, waits, approvals, agents. Use this or `actions`, not both.
   */
  workflow?: {
    steps: Steps;
  };
}
/**
 * What starts the automation: `type` (a registry trigger id) and that trigger’s configuration.
 */
export interface Trigger {
  /**
   * Registry trigger id, dot style, e.g. `record.created`, `stage.changed`, `schedule.cron`. List: `aexy registry triggers`.
   */
  type:
    | 'record.created'
    | 'record.updated'
    | 'record.deleted'
    | 'field.changed'
    | 'stage.changed'
    | 'status.changed'
    | 'list.added'
    | 'list.removed'
    | 'date.approaching'
    | 'date.passed'
    | 'schedule.cron'
    | 'schedule.daily'
    | 'schedule.weekly'
    | 'webhook.received'
    | 'email.opened'
    | 'email.clicked'
    | 'email.replied'
    | 'email.bounced'
    | 'email.unsubscribed'
    | 'email.complained'
    | 'form.submitted'
    | 'form.started'
    | 'form.abandoned'
    | 'meeting.scheduled'
    | 'meeting.completed'
    | 'meeting.cancelled'
    | 'user.first_login'
    | 'user.profile_completed'
    | 'user.onboarding_completed'
    | 'user.integration_connected'
    | 'user.milestone_reached'
    | 'ticket.created'
    | 'ticket.updated'
    | 'ticket.status_changed'
    | 'ticket.assigned'
    | 'ticket.priority_changed'
    | 'ticket.escalated'
    | 'ticket.reopened'
    | 'ticket.sla_warning'
    | 'ticket.sla_breached'
    | 'ticket.response_received'
    | 'ticket.response_sent'
    | 'candidate.created'
    | 'candidate.updated'
    | 'candidate.stage_changed'
    | 'candidate.rejected'
    | 'candidate.hired'
    | 'assessment.completed'
    | 'assessment.score_above'
    | 'assessment.score_below'
    | 'requirement.created'
    | 'requirement.status_changed'
    | 'offer.sent'
    | 'offer.accepted'
    | 'offer.declined'
    | 'campaign.sent'
    | 'campaign.scheduled'
    | 'recipient.added'
    | 'recipient.removed'
    | 'monitor.created'
    | 'monitor.down'
    | 'monitor.up'
    | 'monitor.degraded'
    | 'monitor.ssl_expiring'
    | 'monitor.repeated_failures'
    | 'incident.created'
    | 'incident.acknowledged'
    | 'incident.resolved'
    | 'task.created'
    | 'task.status_changed'
    | 'task.assigned'
    | 'task.completed'
    | 'sprint.started'
    | 'sprint.completed'
    | 'sprint.velocity_calculated'
    | 'sprint.burndown_off_track'
    | 'epic.completed'
    | 'booking.created'
    | 'booking.confirmed'
    | 'booking.cancelled'
    | 'booking.rescheduled'
    | 'booking.completed'
    | 'booking.no_show'
    | 'booking.reminder'
    | 'event_type.created'
    | 'standup.submitted'
    | 'standup.missed'
    | 'standup.streak'
    | 'time_entry.created'
    | 'time_entry.threshold'
    | 'time_entry.anomaly'
    | 'blocker.created'
    | 'blocker.escalated'
    | 'blocker.resolved'
    | 'blocker.stale'
    | 'blocker.pattern_detected'
    | 'work_log.submitted'
    | 'sentiment.negative'
    | 'participation.low'
    | 'training.created'
    | 'training.assigned'
    | 'training.started'
    | 'training.completed'
    | 'training.waived'
    | 'assignment.approaching_due'
    | 'assignment.overdue'
    | 'training.bulk_overdue'
    | 'certification.added'
    | 'certification.expiring'
    | 'certification.expired'
    | 'certification.renewed'
    | 'certification.revoked'
    | 'certification.prerequisite_unmet'
    | 'compliance.status_changed'
    | 'audit.logged';
}
/**
 * A condition: `{all: [...]}`, `{any: [...]}`, `{expr: <CEL>}` or `{field, op, value}`. Groups nest.
 */
export interface Condition {
  /**
   * Every condition must hold.
   *
   * @minItems 1
   */
  all?: [Condition, ...Condition[]];
  /**
   * At least one condition must hold.
   *
   * @minItems 1
   */
  any?: [Condition, ...Condition[]];
  /**
   * A CEL expression that must be true, e.g. `record.values.region in ["EU", "US"]`.
   */
  expr?: string;
  /**
   * Path of the value to test, e.g. `record.values.amount` or `trigger.payload.priority`.
   */
  field?: string;
  /**
   * Operator: equals, not_equals, contains, not_contains, starts_with, ends_with, is_empty, is_not_empty, gt, gte, lt, lte, between, in, not_in, changed, changed_to, changed_from.
   */
  op?:
    | 'equals'
    | 'not_equals'
    | 'contains'
    | 'not_contains'
    | 'starts_with'
    | 'ends_with'
    | 'is_empty'
    | 'is_not_empty'
    | 'gt'
    | 'gte'
    | 'lt'
    | 'lte'
    | 'between'
    | 'in'
    | 'not_in'
    | 'changed'
    | 'changed_to'
    | 'changed_from';
  /**
   * The value to compare with: a list for `in`/`not_in`, `[low, high]` for `between`; none for is_empty, is_not_empty, changed.
   */
  value?: {
    [k: string]: unknown;
  };
}
/**
 * Retry policy for actions (Temporal activity retries).
 */
export interface Retry {
  /**
   * Attempts in total, the first included; default 4.
   */
  maxAttempts?: number;
  /**
   * Delay before the first retry; default `1m`.
   */
  initialInterval?: string;
  /**
   * Multiplier applied to the delay after each retry; default 2.
   */
  backoff?: number;
  /**
   * Upper bound of the delay; default `10m`.
   */
  maxInterval?: string;
  /**
   * Error classes that are retried; default all four. Other errors fail at once.
   */
  on?: ('timeout' | 'rate_limit' | 'server_error' | 'connection_error')[];
}
/**
 * An action of a flat `actions:` list. Actions run in order.
 */
export interface FlatAction {
  /**
   * Step id, unique in the automation: `a-z`, `0-9`, `_`. Outputs are at `steps.<id>`.
   */
  id?: string;
  /**
   * A label for people (graphs, run logs).
   */
  name?: string;
  /**
   * Registry action id, e.g. `send_email`.
   */
  action:
    | 'send_email'
    | 'send_slack'
    | 'send_sms'
    | 'webhook_call'
    | 'api_request'
    | 'create_task'
    | 'notify_user'
    | 'notify_team'
    | 'create_record'
    | 'update_record'
    | 'delete_record'
    | 'get_record'
    | 'search_records'
    | 'link_records'
    | 'add_to_list'
    | 'remove_from_list'
    | 'enroll_in_sequence'
    | 'unenroll_from_sequence'
    | 'enrich_record'
    | 'classify_record'
    | 'generate_summary'
    | 'assign_ticket'
    | 'change_status'
    | 'change_priority'
    | 'update_ticket'
    | 'add_response'
    | 'escalate_ticket'
    | 'add_tag'
    | 'remove_tag'
    | 'merge_tickets'
    | 'move_stage'
    | 'update_candidate'
    | 'reject_candidate'
    | 'add_note'
    | 'send_assessment'
    | 'schedule_interview'
    | 'create_offer'
    | 'add_to_campaign'
    | 'remove_from_campaign'
    | 'update_recipient'
    | 'pause_campaign'
    | 'resume_campaign'
    | 'create_incident'
    | 'acknowledge_incident'
    | 'resolve_incident'
    | 'page_on_call'
    | 'pause_monitor'
    | 'resume_monitor'
    | 'move_task'
    | 'assign_task'
    | 'update_task'
    | 'create_subtask'
    | 'add_to_sprint'
    | 'remove_from_sprint'
    | 'create_crm_record'
    | 'create_ticket'
    | 'send_confirmation'
    | 'confirm_booking'
    | 'cancel_booking'
    | 'reschedule_booking'
    | 'send_reminder'
    | 'send_standup_reminder'
    | 'celebrate_streak'
    | 'escalate_blocker'
    | 'flag_anomaly'
    | 'update_activity_pattern'
    | 'send_training_reminder'
    | 'update_compliance_status'
    | 'restrict_permissions'
    | 'send_compliance_digest';
  /**
   * Input of the action; its keys depend on the action (see `aexy registry actions`).
   */
  with?: {};
  /**
   * What a failure of this step does: `stop` the run, `continue` with the next step, or `retry`; default: the automation `onError`.
   */
  onError?: 'stop' | 'continue' | 'retry';
  retry?: Retry;
  /**
   * Time limit of one attempt.
   */
  timeout?: string;
}
/**
 * Runs a registry action; its output is at `steps.<id>.output`.
 */
export interface ActionStep {
  /**
   * Step id, unique in the automation: `a-z`, `0-9`, `_`. Outputs are at `steps.<id>`.
   */
  id: string;
  /**
   * A label for people (graphs, run logs).
   */
  name?: string;
  /**
   * Where control goes after this step: a later step id in the same block, `end` (succeed) or `fail`.
   */
  next?: string;
  /**
   * Registry action id, e.g. `send_email`.
   */
  action:
    | 'send_email'
    | 'send_slack'
    | 'send_sms'
    | 'webhook_call'
    | 'api_request'
    | 'create_task'
    | 'notify_user'
    | 'notify_team'
    | 'create_record'
    | 'update_record'
    | 'delete_record'
    | 'get_record'
    | 'search_records'
    | 'link_records'
    | 'add_to_list'
    | 'remove_from_list'
    | 'enroll_in_sequence'
    | 'unenroll_from_sequence'
    | 'enrich_record'
    | 'classify_record'
    | 'generate_summary'
    | 'assign_ticket'
    | 'change_status'
    | 'change_priority'
    | 'update_ticket'
    | 'add_response'
    | 'escalate_ticket'
    | 'add_tag'
    | 'remove_tag'
    | 'merge_tickets'
    | 'move_stage'
    | 'update_candidate'
    | 'reject_candidate'
    | 'add_note'
    | 'send_assessment'
    | 'schedule_interview'
    | 'create_offer'
    | 'add_to_campaign'
    | 'remove_from_campaign'
    | 'update_recipient'
    | 'pause_campaign'
    | 'resume_campaign'
    | 'create_incident'
    | 'acknowledge_incident'
    | 'resolve_incident'
    | 'page_on_call'
    | 'pause_monitor'
    | 'resume_monitor'
    | 'move_task'
    | 'assign_task'
    | 'update_task'
    | 'create_subtask'
    | 'add_to_sprint'
    | 'remove_from_sprint'
    | 'create_crm_record'
    | 'create_ticket'
    | 'send_confirmation'
    | 'confirm_booking'
    | 'cancel_booking'
    | 'reschedule_booking'
    | 'send_reminder'
    | 'send_standup_reminder'
    | 'celebrate_streak'
    | 'escalate_blocker'
    | 'flag_anomaly'
    | 'update_activity_pattern'
    | 'send_training_reminder'
    | 'update_compliance_status'
    | 'restrict_permissions'
    | 'send_compliance_digest';
  /**
   * Input of the action; its keys depend on the action (see `aexy registry actions`).
   */
  with?: {};
  /**
   * What a failure of this step does: `stop` the run, `continue` with the next step, or `retry`; default: the automation `onError`.
   */
  onError?: 'stop' | 'continue' | 'retry';
  retry?: Retry;
  /**
   * Time limit of one attempt.
   */
  timeout?: string;
  catch?: Target;
}
/**
 * Two-way branch.
 */
export interface IfStep {
  /**
   * Step id, unique in the automation: `a-z`, `0-9`, `_`. Outputs are at `steps.<id>`.
   */
  id: string;
  /**
   * A label for people (graphs, run logs).
   */
  name?: string;
  /**
   * Where control goes after this step: a later step id in the same block, `end` (succeed) or `fail`.
   */
  next?: string;
}
/**
 * Multi-way branch: the first true case wins.
 */
export interface SwitchStep {
  /**
   * Step id, unique in the automation: `a-z`, `0-9`, `_`. Outputs are at `steps.<id>`.
   */
  id: string;
  /**
   * A label for people (graphs, run logs).
   */
  name?: string;
  /**
   * Where control goes after this step: a later step id in the same block, `end` (succeed) or `fail`.
   */
  next?: string;
  /**
   * Cases in order; the first whose `when` is true wins.
   *
   * @minItems 1
   */
  switch: [
    {
      /**
       * CEL condition of this case.
       */
      when: string;
      next: Target;
    },
    ...{
      /**
       * CEL condition of this case.
       */
      when: string;
      next: Target;
    }[]
  ];
  default?: Target;
}
/**
 * Runs branches concurrently, then joins.
 */
export interface ParallelStep {
  /**
   * Step id, unique in the automation: `a-z`, `0-9`, `_`. Outputs are at `steps.<id>`.
   */
  id: string;
  /**
   * A label for people (graphs, run logs).
   */
  name?: string;
  /**
   * Where control goes after this step: a later step id in the same block, `end` (succeed) or `fail`.
   */
  next?: string;
  /**
   * Concurrent branches and how they join.
   */
  parallel: {
    /**
     * Branch name -> its steps. Branches run concurrently; their steps stay addressable by id.
     */
    branches: {
      [k: string]: Steps;
    };
    /**
     * When the parallel step is done: `all` branches (default), `any` one, or `{count: n}` of them.
     */
    join?:
      | ('all' | 'any')
      | {
          /**
           * Number of branches that must finish.
           */
          count: number;
        };
    /**
     * A failed branch fails the step (`fail`, default) or is recorded and ignored (`continue`).
     */
    onBranchFailure?: 'fail' | 'continue';
  };
}
/**
 * Repeats its body over a list or until a condition holds.
 */
export interface LoopStep {
  /**
   * Step id, unique in the automation: `a-z`, `0-9`, `_`. Outputs are at `steps.<id>`.
   */
  id: string;
  /**
   * A label for people (graphs, run logs).
   */
  name?: string;
  /**
   * Where control goes after this step: a later step id in the same block, `end` (succeed) or `fail`.
   */
  next?: string;
  /**
   * A bounded loop: `forEach` over a list or `until` a condition.
   */
  loop: {
    /**
     * CEL expression giving the list to iterate, e.g. `steps.search.output.records`.
     */
    forEach?: string;
    /**
     * CEL condition checked after each iteration; the loop stops when it is true.
     */
    until?: string;
    /**
     * Name of the current item (`vars.<as>`); default `item`.
     */
    as?: string;
    /**
     * Hard upper bound of iterations (required: loops always terminate).
     */
    maxIterations: number;
    /**
     * Items processed at once (forEach only); default 1.
     */
    concurrency?: number;
    steps: Steps;
  };
}
/**
 * A durable timer or an event wait.
 */
export interface WaitStep {
  /**
   * Step id, unique in the automation: `a-z`, `0-9`, `_`. Outputs are at `steps.<id>`.
   */
  id: string;
  /**
   * A label for people (graphs, run logs).
   */
  name?: string;
  /**
   * Where control goes after this step: a later step id in the same block, `end` (succeed) or `fail`.
   */
  next?: string;
  /**
   * A duration (`3d`), `{until: <time expr>, offset: -7d}` or `{event: <type>, match: <expr>, timeout: 3d}`.
   */
  wait:
    | string
    | {
        /**
         * CEL expression giving a timestamp to wait for, e.g. `record.values.renewal_date`.
         */
        until?: {
          [k: string]: unknown;
        };
        /**
         * Shift from that time, e.g. `-7d` for a week before.
         */
        offset?: {
          [k: string]: unknown;
        };
        /**
         * Event type to wait for, e.g. `email.replied`.
         */
        event?: {
          [k: string]: unknown;
        };
        /**
         * CEL condition on `event` that the event must satisfy, e.g. `event.payload.threadId == steps.email.output.threadId`.
         */
        match?: {
          [k: string]: unknown;
        };
        /**
         * Give up after this long and take `onTimeout` (required).
         */
        timeout?: {
          [k: string]: unknown;
        };
      };
  onTimeout?: Target;
}
/**
 * Waits for a person to approve or reject.
 */
export interface ApprovalStep {
  /**
   * Step id, unique in the automation: `a-z`, `0-9`, `_`. Outputs are at `steps.<id>`.
   */
  id: string;
  /**
   * A label for people (graphs, run logs).
   */
  name?: string;
  /**
   * Where control goes after this step: a later step id in the same block, `end` (succeed) or `fail`.
   */
  next?: string;
  /**
   * A human approval: the run is PAUSED until someone approves, rejects, or it times out.
   */
  approval: {
    /**
     * Who may decide: `role:<role>`, `team:<team>`, or a user email.
     *
     * @minItems 1
     */
    approvers: [string, ...string[]];
    /**
     * What the approver sees; may contain `${{ }}` templates.
     */
    message?: string;
    /**
     * How long to wait for a decision before `onTimeout` (required: runs are never PAUSED forever).
     */
    timeout: string;
    /**
     * Escalation before the timeout.
     */
    escalate?: {
      /**
       * Escalate when no decision after this long.
       */
      after: string;
      /**
       * Who gets the escalation (same forms as `approvers`).
       *
       * @minItems 1
       */
      to: [string, ...string[]];
    };
  };
  onApprove?: Target;
  onReject?: Target;
  onTimeout?: Target;
}
/**
 * Runs an agent; its structured output is at `steps.<id>.output`.
 */
export interface AgentStep {
  /**
   * Step id, unique in the automation: `a-z`, `0-9`, `_`. Outputs are at `steps.<id>`.
   */
  id: string;
  /**
   * A label for people (graphs, run logs).
   */
  name?: string;
  /**
   * Where control goes after this step: a later step id in the same block, `end` (succeed) or `fail`.
   */
  next?: string;
  /**
   * Name of an Agent document.
   */
  agent: string;
  /**
   * Input of the agent; values may be `${{ }}` templates.
   */
  input?: {};
  /**
   * Wait for the agent’s result (default true); false: continue and record it when it arrives.
   */
  waitForCompletion?: boolean;
  onTimeout?: Target;
  /**
   * What a failure of this step does: `stop` the run, `continue` with the next step, or `retry`; default: the automation `onError`.
   */
  onError?: 'stop' | 'continue' | 'retry';
  retry?: Retry;
  /**
   * Time limit of one attempt.
   */
  timeout?: string;
  catch?: Target;
}
/**
 * Sets run variables.
 */
export interface SetStep {
  /**
   * Step id, unique in the automation: `a-z`, `0-9`, `_`. Outputs are at `steps.<id>`.
   */
  id: string;
  /**
   * A label for people (graphs, run logs).
   */
  name?: string;
  /**
   * Where control goes after this step: a later step id in the same block, `end` (succeed) or `fail`.
   */
  next?: string;
  /**
   * Variable name -> value: a CEL expression (string) or a literal number / boolean. Written to `vars.<name>` in order.
   */
  set: {
    [k: string]: string | number | boolean | null;
  };
}
/**
 * An aexy Agent document.
 */
export interface AgentDocument {
  /**
   * Schema version of the document: `aexy/v1`.
   */
  apiVersion: 'aexy/v1';
  /**
   * Document kind: `Agent`.
   */
  kind: 'Agent';
  metadata: Metadata;
  spec: AgentSpec;
}
/**
 * An AI agent: a model, instructions, tools and a structured output.
 */
export interface AgentSpec {
  /**
   * Prebuilt behaviour, or `custom` (then `instructions` is required).
   */
  type: 'sales_outreach' | 'lead_scoring' | 'email_drafter' | 'data_enrichment' | 'custom';
  /**
   * The language model.
   */
  model: {
    /**
     * Model provider, e.g. `openai` (any OpenAI-compatible endpoint with `baseUrl`).
     */
    provider: string;
    /**
     * Model name, e.g. `gpt-4o-mini`.
     */
    name: string;
    /**
     * Sampling temperature; default 0.
     */
    temperature?: number;
    /**
     * Endpoint of an OpenAI-compatible API.
     */
    baseUrl?: string;
  };
  /**
   * System instructions: what the agent is for and how to answer.
   */
  instructions?: string;
  /**
   * Registry actions the agent may call as tools; every call is checked against the agent policies.
   */
  tools?: (
    | 'send_email'
    | 'send_slack'
    | 'send_sms'
    | 'webhook_call'
    | 'api_request'
    | 'create_task'
    | 'notify_user'
    | 'notify_team'
    | 'create_record'
    | 'update_record'
    | 'delete_record'
    | 'get_record'
    | 'search_records'
    | 'link_records'
    | 'add_to_list'
    | 'remove_from_list'
    | 'enroll_in_sequence'
    | 'unenroll_from_sequence'
    | 'enrich_record'
    | 'classify_record'
    | 'generate_summary'
    | 'assign_ticket'
    | 'change_status'
    | 'change_priority'
    | 'update_ticket'
    | 'add_response'
    | 'escalate_ticket'
    | 'add_tag'
    | 'remove_tag'
    | 'merge_tickets'
    | 'move_stage'
    | 'update_candidate'
    | 'reject_candidate'
    | 'add_note'
    | 'send_assessment'
    | 'schedule_interview'
    | 'create_offer'
    | 'add_to_campaign'
    | 'remove_from_campaign'
    | 'update_recipient'
    | 'pause_campaign'
    | 'resume_campaign'
    | 'create_incident'
    | 'acknowledge_incident'
    | 'resolve_incident'
    | 'page_on_call'
    | 'pause_monitor'
    | 'resume_monitor'
    | 'move_task'
    | 'assign_task'
    | 'update_task'
    | 'create_subtask'
    | 'add_to_sprint'
    | 'remove_from_sprint'
    | 'create_crm_record'
    | 'create_ticket'
    | 'send_confirmation'
    | 'confirm_booking'
    | 'cancel_booking'
    | 'reschedule_booking'
    | 'send_reminder'
    | 'send_standup_reminder'
    | 'celebrate_streak'
    | 'escalate_blocker'
    | 'flag_anomaly'
    | 'update_activity_pattern'
    | 'send_training_reminder'
    | 'update_compliance_status'
    | 'restrict_permissions'
    | 'send_compliance_digest'
  )[];
  /**
   * JSON Schema the final answer must satisfy; it becomes `steps.<id>.output`.
   */
  output?: {};
  /**
   * Model/tool round trips at most; default 10.
   */
  maxIterations?: number;
  /**
   * Time limit of one agent run; default `5m`.
   */
  timeout?: string;
}
/**
 * An aexy AgentPolicy document.
 */
export interface AgentPolicyDocument {
  /**
   * Schema version of the document: `aexy/v1`.
   */
  apiVersion: 'aexy/v1';
  /**
   * Document kind: `AgentPolicy`.
   */
  kind: 'AgentPolicy';
  metadata: Metadata;
  spec: AgentPolicySpec;
}
/**
 * A rule every tool call of the matching agents is checked against; the most restrictive decision wins.
 */
export interface AgentPolicySpec {
  /**
   * The agent this policy applies to; omit for every agent of the workspace.
   */
  agent?: {
    [k: string]: unknown;
  };
  /**
   * Policy type: tool_block, tool_require_approval, field_restriction, rate_limit, token_budget.
   */
  type: 'tool_block' | 'tool_require_approval' | 'field_restriction' | 'rate_limit' | 'token_budget';
  /**
   * Tools (action ids) it applies to; omit for every tool.
   */
  tools?: {
    [k: string]: unknown;
  };
  /**
   * CEL condition on the call (`args`, `agent`, `tool`); the policy applies only when true.
   */
  when?: {
    [k: string]: unknown;
  };
  /**
   * Who approves the call, and for how long the call waits.
   */
  approval?: {
    [k: string]: unknown;
  };
  /**
   * Record attributes the agent may see (others are removed from tool results).
   */
  read?: {
    [k: string]: unknown;
  };
  /**
   * Record attributes the agent may write (other writes are blocked).
   */
  write?: {
    [k: string]: unknown;
  };
  /**
   * Calls (rate_limit) or tokens (token_budget) allowed per period.
   */
  limit?: {
    [k: string]: unknown;
  };
  /**
   * The period, e.g. `1d`, `30d`.
   */
  per?: {
    [k: string]: unknown;
  };
}
/**
 * The aexy project file.
 */
export interface ProjectFile {
  /**
   * Schema version of the project file: `aexy/v1` (optional).
   */
  apiVersion?: 'aexy/v1';
  /**
   * Workspace name (`workspace.name` in expressions; shown by plan and apply).
   */
  name?: string;
  /**
   * Globs of files to load, relative to this file; default `["** /*.yaml", "** /*.yml"]` (aexy.yaml excluded).
   */
  include?: string[];
  /**
   * Globs of files to skip (node_modules and .aexy are always skipped).
   */
  exclude?: string[];
  /**
   * Where the workspace lives: a path to a SQLite file (default `.aexy/workspace.db`) or an `http(s)://` URL of an `aexy serve` API. Overridden by `--workspace` and `AEXY_WORKSPACE`.
   */
  workspace?: string;
  /**
   * Default IANA time zone for schedules and date triggers; default UTC.
   */
  timezone?: string;
  /**
   * Let `aexy apply` delete resources whose files are gone (as if `--prune` were given). Default false.
   */
  prune?: boolean;
  /**
   * Maximum depth of automations triggering automations (an action whose event starts another run); deeper runs are SKIPPED with reason `chain_depth`. Default 5.
   */
  chainDepthLimit?: number;
  /**
   * Temporal connection.
   */
  temporal?: {
    /**
     * Temporal frontend `host:port`; default: a local dev server started by `aexy dev`. `TEMPORAL_ADDRESS` overrides it.
     */
    address?: string;
    /**
     * Temporal namespace; default `default`.
     */
    namespace?: string;
    /**
     * Task queue of the aexy worker; default `aexy`.
     */
    taskQueue?: string;
    /**
     * TLS: `true` for system roots, or file paths for mTLS.
     */
    tls?:
      | boolean
      | {
          /**
           * Server name to verify.
           */
          serverName?: string;
          /**
           * CA certificate (PEM) path (`TEMPORAL_TLS_CA` overrides).
           */
          ca?: string;
          /**
           * Client certificate (PEM) path (`TEMPORAL_TLS_CERT` overrides).
           */
          cert?: string;
          /**
           * Client key (PEM) path (`TEMPORAL_TLS_KEY` overrides).
           */
          key?: string;
        };
    /**
     * Environment variable holding a Temporal Cloud API key (the key itself never goes in this file).
     */
    apiKeyEnv?: string;
  };
  /**
   * Outbound HTTP (SSRF guard).
   */
  http?: {
    /**
     * Hosts outbound HTTP actions (webhook_call, api_request) may reach, e.g. `api.example.com`, `*.slack.com`. Private and loopback addresses are refused unless listed.
     */
    allow?: string[];
  };
  /**
   * Email delivery (send_email and the other email actions).
   */
  email?: {
    /**
     * The SMTP server send_email uses.
     */
    smtp: {
      /**
       * SMTP server host.
       */
      host: string;
      /**
       * SMTP port; default 465 with `secure`, else 587.
       */
      port?: number;
      /**
       * TLS from the first byte (port 465); otherwise STARTTLS when offered.
       */
      secure?: boolean;
      /**
       * SMTP user.
       */
      user?: string;
      /**
       * SMTP password, e.g. `${{ secrets.SMTP_PASS }}`.
       */
      pass?: string;
    };
    /**
     * Default sender, e.g. `Acme Sales <sales@acme.example>`.
     */
    from?: string;
    /**
     * Domain of generated Message-IDs; default: the sender's domain.
     */
    messageIdDomain?: string;
  };
  /**
   * Slack delivery (send_slack, notify_*).
   */
  slack?: {
    /**
     * Bot token (`xoxb-...`), e.g. `${{ secrets.SLACK_BOT_TOKEN }}`.
     */
    token?: string;
    /**
     * Incoming-webhook URL, used when there is no token.
     */
    webhookUrl?: string;
    /**
     * Slack Web API base; default https://slack.com/api.
     */
    baseUrl?: string;
  };
  /**
   * SMS delivery (send_sms).
   */
  sms?: {
    /**
     * Twilio account SID.
     */
    accountSid: string;
    /**
     * Twilio auth token, e.g. `${{ secrets.TWILIO_AUTH_TOKEN }}`.
     */
    authToken: string;
    /**
     * Sender number or id.
     */
    from?: string;
    /**
     * Twilio API base; default https://api.twilio.com.
     */
    baseUrl?: string;
  };
  /**
   * The language model of the AI record actions.
   */
  model?: {
    /**
     * Model of the AI record actions (classify_record, ...), e.g. `gpt-4o-mini`.
     */
    name: string;
    /**
     * OpenAI-compatible API base; default https://api.openai.com/v1.
     */
    baseUrl?: string;
    /**
     * API key, e.g. `${{ secrets.OPENAI_API_KEY }}`.
     */
    apiKey?: string;
    /**
     * Sampling temperature; default 0.
     */
    temperature?: number;
  };
  /**
   * Non-secret settings, available to expressions as `workspace.settings.<key>`.
   */
  settings?: {
    [k: string]: string | number | boolean;
  };
}
