/**
 * Workflow steps (language.md §3): a step has an `id`, an optional `name`, an optional `next`, and
 * exactly one kind key. The generic `step` definition dispatches on the kind key to a closed
 * per-kind definition, so unknown keys are reported against the kind the user meant.
 */
import type { JsonSchema } from '../registry/types.js';
import {
  closed,
  duration,
  expr,
  ifThen,
  NAME_PATTERN,
  onError,
  ref,
  retryDefinition,
  STEP_ID_PATTERN,
  signedDuration,
  THEN,
  VAR_NAME_PATTERN,
  valueMap,
} from './fragments.js';

export const STEP_KINDS = [
  'action',
  'if',
  'switch',
  'parallel',
  'loop',
  'wait',
  'approval',
  'agent',
  'set',
] as const;

const target = (description: string): JsonSchema => ref('target', description);

const base: Record<string, JsonSchema> = {
  id: {
    type: 'string',
    pattern: STEP_ID_PATTERN,
    description: 'Step id, unique in the automation: `a-z`, `0-9`, `_`. Outputs are at `steps.<id>`.',
  },
  name: { type: 'string', description: 'A label for people (graphs, run logs).' },
  next: {
    type: 'string',
    pattern: STEP_ID_PATTERN,
    description:
      'Where control goes after this step: a later step id in the same block, `end` (succeed) or `fail`.',
  },
};

/** Error handling keys of steps that call out (actions, agents). */
const errorKeys: Record<string, JsonSchema> = {
  onError: onError(
    'What a failure of this step does: `stop` the run, `continue` with the next step, or `retry`; default: the automation `onError`.',
  ),
  retry: ref('retry', 'Retry policy of this step; default: the automation `retry`.'),
  timeout: duration('Time limit of one attempt.'),
  catch: target('Where control goes when the step fails after its retries: a block of steps or a step id.'),
};

const actionKey = (description: string): JsonSchema => ({
  type: 'string',
  description,
  'x-code': 'schema/unknown-action',
});

/** A step of a flat `actions:` list: an action with optional id and error handling. */
export function flatActionDefinition(actionIds: string[]): JsonSchema {
  return {
    ...closed(
      {
        id: base.id,
        name: base.name,
        action: { ...actionKey('Registry action id, e.g. `send_email`.'), enum: actionIds },
        with: valueMap('Input of the action; its keys depend on the action (see `aexy registry actions`).'),
        onError: errorKeys.onError,
        retry: errorKeys.retry,
        timeout: errorKeys.timeout,
      },
      ['action'],
      'An action of a flat `actions:` list. Actions run in order.',
    ),
    allOf: [ref('actionInput', 'Input checked against the action.')],
  };
}

function actionStep(actionIds: string[]): JsonSchema {
  return {
    ...closed(
      {
        ...base,
        action: { ...actionKey('Registry action id, e.g. `send_email`.'), enum: actionIds },
        with: valueMap('Input of the action; its keys depend on the action (see `aexy registry actions`).'),
        ...errorKeys,
      },
      ['id', 'action'],
      'Runs a registry action; its output is at `steps.<id>.output`.',
    ),
    allOf: [ref('actionInput', 'Input checked against the action.')],
  };
}

const ifStep = closed(
  {
    ...base,
    if: expr('CEL condition, e.g. `steps.classify.output.label == "interested"`.'),
    [THEN]: target('Taken when the condition is true: a block of steps, or a step id / `end` / `fail`.'),
    else: target('Taken when the condition is false; default: continue after this step.'),
  },
  ['id', 'if', 'then'],
  'Two-way branch.',
);

const switchStep = closed(
  {
    ...base,
    switch: {
      type: 'array',
      minItems: 1,
      description: 'Cases in order; the first whose `when` is true wins.',
      items: closed(
        {
          when: expr('CEL condition of this case.'),
          next: target('Taken when this case wins: a block of steps, or a step id / `end` / `fail`.'),
        },
        ['when', 'next'],
        'One case.',
      ),
    },
    default: target('Taken when no case matches; default: continue after this step.'),
  },
  ['id', 'switch'],
  'Multi-way branch: the first true case wins.',
);

const joinSchema: JsonSchema = {
  description:
    'When the parallel step is done: `all` branches (default), `any` one, or `{count: n}` of them.',
  anyOf: [
    { enum: ['all', 'any'] },
    closed(
      { count: { type: 'integer', minimum: 1, description: 'Number of branches that must finish.' } },
      ['count'],
      'Join after n branches.',
    ),
  ],
  errorMessage: '`join` is `all`, `any` or `{count: n}`',
  'x-code': 'schema/invalid-value',
};

const parallelStep = closed(
  {
    ...base,
    parallel: closed(
      {
        branches: {
          type: 'object',
          minProperties: 1,
          description:
            'Branch name -> its steps. Branches run concurrently; their steps stay addressable by id.',
          propertyNames: { pattern: '^[a-z0-9_][a-z0-9_-]*$' },
          additionalProperties: ref('steps', 'The steps of this branch.'),
        },
        join: joinSchema,
        onBranchFailure: {
          enum: ['fail', 'continue'],
          description:
            'A failed branch fails the step (`fail`, default) or is recorded and ignored (`continue`).',
        },
      },
      ['branches'],
      'Concurrent branches and how they join.',
    ),
  },
  ['id', 'parallel'],
  'Runs branches concurrently, then joins.',
);

const loopStep = closed(
  {
    ...base,
    loop: {
      ...closed(
        {
          forEach: expr('CEL expression giving the list to iterate, e.g. `steps.search.output.records`.'),
          until: expr('CEL condition checked after each iteration; the loop stops when it is true.'),
          as: {
            type: 'string',
            pattern: VAR_NAME_PATTERN,
            description: 'Name of the current item (`vars.<as>`); default `item`.',
          },
          maxIterations: {
            type: 'integer',
            minimum: 1,
            maximum: 10000,
            description: 'Hard upper bound of iterations (required: loops always terminate).',
          },
          concurrency: {
            type: 'integer',
            minimum: 1,
            maximum: 50,
            description: 'Items processed at once (forEach only); default 1.',
          },
          steps: ref('steps', 'The loop body.'),
        },
        ['maxIterations', 'steps'],
        'A bounded loop: `forEach` over a list or `until` a condition.',
      ),
      oneOf: [{ required: ['forEach'] }, { required: ['until'] }],
      errorMessage: 'a loop needs exactly one of `forEach` or `until`',
      'x-code': 'schema/loop-kind',
    },
  },
  ['id', 'loop'],
  'Repeats its body over a list or until a condition holds.',
);

function waitStep(eventIds: string[]): JsonSchema {
  const eventWait = closed(
    {
      event: {
        type: 'string',
        enum: eventIds,
        description: 'Event type to wait for, e.g. `email.replied`.',
        'x-code': 'schema/unknown-event',
      },
      match: expr(
        'CEL condition on `event` that the event must satisfy, e.g. `event.payload.threadId == steps.email.output.threadId`.',
      ),
      timeout: duration('Give up after this long and take `onTimeout` (required).'),
    },
    ['event', 'timeout'],
    'Wait for an event.',
  );
  const untilWait = closed(
    {
      until: expr('CEL expression giving a timestamp to wait for, e.g. `record.values.renewal_date`.'),
      offset: signedDuration('Shift from that time, e.g. `-7d` for a week before.'),
    },
    ['until'],
    'Wait until a point in time.',
  );
  return closed(
    {
      ...base,
      wait: {
        type: ['string', 'object'],
        pattern: '^([0-9]+(ms|s|m|h|d|w))+$',
        description:
          'A duration (`3d`), `{until: <time expr>, offset: -7d}` or `{event: <type>, match: <expr>, timeout: 3d}`.',
        properties: describeOnly({
          ...(untilWait.properties as object),
          ...(eventWait.properties as object),
        }),
        allOf: [
          ifThen({ type: 'object', required: ['event'] }, eventWait),
          ifThen({ type: 'object', required: ['until'] }, untilWait),
          ifThen(
            { type: 'object' },
            {
              not: { required: ['event', 'until'] },
              errorMessage: 'a `wait` waits for an `event` or `until` a time, not both',
              'x-code': 'schema/invalid-value',
              'x-collapse': true,
            },
          ),
          ifThen(
            { type: 'object' },
            {
              anyOf: [{ required: ['event'] }, { required: ['until'] }],
              errorMessage: 'an object `wait` needs `event` or `until`',
              'x-code': 'schema/required',
            },
          ),
        ],
      },
      onTimeout: target(
        'Taken when an event wait times out: a block of steps, or a step id / `end` / `fail`.',
      ),
    },
    ['id', 'wait'],
    'A durable timer or an event wait.',
  );
}

const approvalStep = closed(
  {
    ...base,
    approval: closed(
      {
        approvers: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', minLength: 1 },
          description: 'Who may decide: `role:<role>`, `team:<team>`, or a user email.',
        },
        message: { type: 'string', description: 'What the approver sees; may contain `${{ }}` templates.' },
        timeout: duration(
          'How long to wait for a decision before `onTimeout` (required: runs are never PAUSED forever).',
        ),
        escalate: closed(
          {
            after: duration('Escalate when no decision after this long.'),
            to: {
              type: 'array',
              minItems: 1,
              items: { type: 'string' },
              description: 'Who gets the escalation (same forms as `approvers`).',
            },
          },
          ['after', 'to'],
          'Escalation before the timeout.',
        ),
      },
      ['approvers', 'timeout'],
      'A human approval: the run is PAUSED until someone approves, rejects, or it times out.',
    ),
    onApprove: target('Taken on approval; default: continue after this step.'),
    onReject: target('Taken on rejection; default: the run ends FAILED.'),
    onTimeout: target('Taken on timeout; default: like a rejection.'),
  },
  ['id', 'approval'],
  'Waits for a person to approve or reject.',
);

const agentStep = closed(
  {
    ...base,
    agent: { type: 'string', pattern: NAME_PATTERN, description: 'Name of an Agent document.' },
    input: valueMap('Input of the agent; values may be `${{ }}` templates.'),
    waitForCompletion: {
      type: 'boolean',
      description:
        'Wait for the agent’s result (default true); false: continue and record it when it arrives.',
    },
    onTimeout: target('Taken when the agent does not finish within `timeout`.'),
    ...errorKeys,
  },
  ['id', 'agent'],
  'Runs an agent; its structured output is at `steps.<id>.output`.',
);

const setStep = closed(
  {
    ...base,
    set: {
      type: 'object',
      minProperties: 1,
      description:
        'Variable name -> value: a CEL expression (string) or a literal number / boolean. Written to `vars.<name>` in order.',
      propertyNames: { pattern: VAR_NAME_PATTERN },
      additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
    },
  },
  ['id', 'set'],
  'Sets run variables.',
);

/** Every step-related definition, keyed by definition name. */
export function stepDefinitions(actionIds: string[], eventIds: string[]): Record<string, JsonSchema> {
  const kinds: Record<string, JsonSchema> = {
    actionStep: actionStep(actionIds),
    ifStep,
    switchStep,
    parallelStep,
    loopStep,
    waitStep: waitStep(eventIds),
    approvalStep,
    agentStep,
    setStep,
  };
  return {
    ...kinds,
    step: genericStep(kinds),
    steps: { type: 'array', minItems: 1, items: ref('step', 'A step.'), description: 'Steps, run in order.' },
    target: {
      type: ['array', 'string'],
      items: ref('step', 'A step.'),
      minItems: 1,
      pattern: STEP_ID_PATTERN,
      description:
        'A block of steps (runs, then control continues after the branching step) or a jump: a later step id, `end` or `fail`.',
    },
    retry: retryDefinition,
    flatAction: flatActionDefinition(actionIds),
  };
}

/** Keeps only the descriptions: for key completion without validating the same value twice. */
function describeOnly(props: Record<string, JsonSchema>): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(props).map(([key, schema]) => [key, { description: schema.description }]),
  );
}

/** Dispatches on the kind key; the union of keys is listed (descriptions only) for completion. */
function genericStep(kinds: Record<string, JsonSchema>): JsonSchema {
  let union: Record<string, JsonSchema> = {};
  for (const def of Object.values(kinds)) {
    union = { ...describeOnly(def.properties as Record<string, JsonSchema>), ...union };
  }
  return {
    type: 'object',
    description: `A workflow step: \`id\` plus exactly one of ${STEP_KINDS.map((k) => `\`${k}\``).join(', ')}.`,
    properties: union,
    oneOf: STEP_KINDS.map((kind) => ({ required: [kind] })),
    errorMessage: `a step needs exactly one of: ${STEP_KINDS.join(', ')}`,
    'x-code': 'schema/step-kind',
    'x-collapse': true,
    allOf: STEP_KINDS.map((kind) => ifThen({ required: [kind] }, ref(`${kind}Step`, `A \`${kind}\` step.`))),
    defaultSnippets: STEP_SNIPPETS,
  };
}

/** Editor snippets (yaml-language-server `defaultSnippets`): one skeleton per step kind. */
const STEP_SNIPPETS = [
  { label: 'action step', description: 'Run a registry action.', body: { id: '$1', action: '$2', with: {} } },
  { label: 'if step', description: 'Two-way branch.', body: { id: '$1', if: '$2', [THEN]: [], else: [] } },
  {
    label: 'switch step',
    description: 'First true case wins.',
    body: { id: '$1', switch: [{ when: '$2', next: [] }], default: [] },
  },
  {
    label: 'parallel step',
    description: 'Concurrent branches, then join.',
    body: { id: '$1', parallel: { branches: { '${2:first}': [], '${3:second}': [] }, join: 'all' } },
  },
  {
    label: 'loop step',
    description: 'Bounded loop over a list.',
    body: { id: '$1', loop: { forEach: '$2', as: 'item', maxIterations: 100, steps: [] } },
  },
  { label: 'wait step (duration)', description: 'Durable timer.', body: { id: '$1', wait: '${2:1d}' } },
  {
    label: 'wait step (event)',
    description: 'Wait for an event, with a timeout path.',
    body: { id: '$1', wait: { event: '${2:email.replied}', match: '$3', timeout: '${4:3d}' }, onTimeout: [] },
  },
  {
    label: 'approval step',
    description: 'Pause until a person decides.',
    body: {
      id: '$1',
      approval: { approvers: ['${2:role:admin}'], message: '$3', timeout: '${4:48h}' },
      onApprove: [],
      onReject: [],
    },
  },
  {
    label: 'agent step',
    description: 'Run an agent.',
    body: { id: '$1', agent: '$2', input: {}, timeout: '${3:5m}' },
  },
  { label: 'set step', description: 'Set run variables.', body: { id: '$1', set: { '${2:name}': '$3' } } },
];
