/** The diagnostic codes schema validation reports, for `aexy validate --list-rules` and SARIF. */
import type { RuleInfo } from '../diagnostics/rule-info.js';

const rule = (code: string, summary: string, description: string): RuleInfo => ({
  code,
  severity: 'error',
  summary,
  description,
});

export const schemaRules: RuleInfo[] = [
  rule(
    'schema/unknown-api-version',
    'The document has an apiVersion aexy does not know',
    'Every document starts with `apiVersion: aexy/v1`.',
  ),
  rule(
    'schema/unknown-kind',
    'The document kind is not Automation, Agent or AgentPolicy',
    'Check the spelling of `kind`; the fix suggests the closest kind.',
  ),
  rule(
    'schema/unknown-key',
    'A key that is not allowed at this place',
    'Keys are closed so typos are caught: the detail lists the accepted keys and the fix the closest one.',
  ),
  rule(
    'schema/required',
    'A required key is missing',
    'Add the key named in the summary; the detail says which object needs it.',
  ),
  rule(
    'schema/type',
    'A value has the wrong type',
    'E.g. a string where a number or list is expected. Typed action inputs also accept one `${{ }}` expression.',
  ),
  rule(
    'schema/enum',
    'A value is not one of the allowed values',
    'The detail lists the allowed values and the fix the closest one.',
  ),
  rule(
    'schema/pattern',
    'A value has the wrong form',
    'Names use `a-z0-9-`, step ids `a-z0-9_`; the detail says which form is expected.',
  ),
  rule(
    'schema/invalid-duration',
    'A duration is not written like `30s`, `5m`, `3d` or `1h30m`',
    'Durations are a number and a unit (ms, s, m, h, d, w), combinable; offsets may start with `-`.',
  ),
  rule(
    'schema/invalid-value',
    'A value is out of range or malformed',
    'E.g. below a minimum, an empty list where one item is needed, or a `join` that is not all/any/{count}.',
  ),
  rule(
    'schema/unknown-trigger',
    'The trigger type is not in the registry',
    'Run `aexy registry triggers` for the list; the fix suggests the closest id.',
  ),
  rule(
    'schema/unknown-action',
    'The action (or agent tool) is not in the registry',
    'Run `aexy registry actions` for the list; the fix suggests the closest id.',
  ),
  rule(
    'schema/unknown-event',
    'A wait names an event type that does not exist',
    'Event waits use trigger ids such as `email.replied`; see `aexy registry triggers`.',
  ),
  rule(
    'schema/step-kind',
    'A step has no kind key or more than one',
    'A step has an `id` and exactly one of action, if, switch, parallel, loop, wait, approval, agent, set.',
  ),
  rule(
    'schema/loop-kind',
    'A loop has both or neither of `forEach` and `until`',
    'A loop iterates a list (`forEach`) or repeats until a condition (`until`), never both.',
  ),
  rule(
    'schema/actions-and-workflow',
    'An automation has both `actions` and `workflow`',
    'A flat `actions:` list is sugar for a workflow; write one or the other.',
  ),
  rule(
    'schema/invalid-condition',
    'A condition has none of the known forms',
    'A condition is `{all: [...]}`, `{any: [...]}`, `{expr: ...}` or `{field, op, value}`.',
  ),
  rule(
    'schema/unexpected-value',
    'A condition operator that takes no value has one',
    '`is_empty`, `is_not_empty` and `changed` compare with nothing; remove `value`.',
  ),
];
