/** The `Automation` spec (language.md §2): module, trigger, conditions, agent hooks, limits, and actions or a workflow. */
import type { JsonSchema, Registry } from '../registry/types.js';
import { closed, duration, NAME_PATTERN, onError, ref, valueMap } from './fragments.js';

const agentHook = closed(
  {
    agent: { type: 'string', pattern: NAME_PATTERN, description: 'Name of an Agent document.' },
    at: {
      enum: ['on_start', 'on_condition_match'],
      description:
        '`on_start`: before conditions; `on_condition_match`: after conditions pass, before the steps.',
    },
    input: valueMap('Input of the agent; values may be `${{ }}` templates.'),
    waitForCompletion: { type: 'boolean', description: 'Wait for the agent before going on (default true).' },
    timeout: duration('Time limit of the agent run; default `5m`.'),
  },
  ['agent', 'at'],
  'An agent run at a fixed point of every run; its output is at `agents.<agent>.output`.',
);

const limits = closed(
  {
    runsPerMonth: {
      type: 'integer',
      minimum: 1,
      description:
        'At most this many runs per calendar month (UTC); further runs are recorded as SKIPPED with reason `run_limit`.',
    },
    concurrency: {
      enum: ['single', 'queued', 'parallel'],
      description:
        'While a run is active, a new event is skipped (`single`), queued (`queued`) or runs alongside (`parallel`, default).',
    },
    maxConcurrent: {
      type: 'integer',
      minimum: 1,
      description: 'With `queued` or `parallel`: at most this many runs at once (queued beyond it).',
    },
  },
  [],
  'Run limits.',
);

/** The `automationSpec` definition. */
export function automationSpecDefinition(registry: Registry): JsonSchema {
  return {
    ...closed(
      {
        module: {
          enum: [...registry.modules],
          description:
            'Platform module the automation belongs to; decides which triggers and actions it may use.',
        },
        enabled: {
          type: 'boolean',
          description:
            'Disabled automations are kept but never run (events are recorded as SKIPPED). Default true.',
        },
        trigger: ref('trigger', 'What starts a run: exactly one trigger.'),
        conditions: ref(
          'condition',
          'Checked after `on_start` agents; when false the run is SKIPPED with reason `conditions`.',
        ),
        agents: { type: 'array', items: agentHook, description: 'Agents run at fixed points of every run.' },
        limits,
        onError: onError(
          'Default failure handling of every step: `stop` (default), `continue`, or `retry` (then stop).',
        ),
        retry: ref('retry', 'Default retry policy of every action step.'),
        timeout: duration('Time limit of a whole run (waits included); default none.'),
        actions: {
          type: 'array',
          minItems: 1,
          items: ref('flatAction', 'An action.'),
          description:
            'A flat list of actions run in order (sugar for a workflow of action steps). Use this or `workflow`, not both.',
        },
        workflow: closed(
          { steps: ref('steps', 'The steps, run in order unless `next` or a branch says otherwise.') },
          ['steps'],
          'A workflow: steps with branches, loops, waits, approvals, agents. Use this or `actions`, not both.',
        ),
      },
      ['module', 'trigger'],
      'An automation: when the trigger fires and the conditions hold, run the actions or the workflow.',
    ),
    allOf: [
      {
        anyOf: [{ required: ['actions'] }, { required: ['workflow'] }],
        errorMessage: 'an automation needs `actions` or `workflow`',
        'x-code': 'schema/required',
      },
      {
        not: { required: ['actions', 'workflow'] },
        errorMessage: 'use `actions` or `workflow`, not both',
        'x-code': 'schema/actions-and-workflow',
        'x-fix': 'move the `actions` into `workflow.steps`, or delete one of them',
        'x-at': 'workflow',
      },
    ],
  };
}
