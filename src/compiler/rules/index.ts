/**
 * Every semantic rule, in the order `aexy validate --list-rules` prints them. Each rule lives in its
 * own file (a few closely related ones share a file) with a fixture folder under
 * test/fixtures/diagnostics/<code-with-dashes>/.
 */

import { actionNotInModule } from './action-not-in-module.js';
import { agentOutputWithoutWait } from './agent-output-without-wait.js';
import { approvalEscalationAfterTimeout, approvalMissingTimeout } from './approval-rules.js';
import { celSyntax } from './cel-syntax.js';
import { celNotBool, celType, celWrongType } from './cel-type.js';
import { celUnknownField } from './cel-unknown-field.js';
import { celUnknownRoot } from './cel-unknown-root.js';
import { concurrencyMax } from './concurrency.js';
import { duplicateName } from './duplicate-name.js';
import { duplicateStepId } from './duplicate-step-id.js';
import { backwardJump, cycle, jumpOutOfBlock } from './jumps.js';
import { parallelJoinCount } from './parallel-rules.js';
import { policyConflict, policyIncomplete, policyShadowed } from './policy-rules.js';
import { invalidCron, invalidTimeZone } from './schedule-rules.js';
import { secretsOutsideWith } from './secrets-outside-with.js';
import { selfTrigger } from './self-trigger.js';
import { stepNotBefore, unknownStep } from './step-refs.js';
import { triggerNotInModule } from './trigger-not-in-module.js';
import type { Rule } from './types.js';
import { unknownAgent } from './unknown-agent.js';
import { unknownTool } from './unknown-tool.js';
import { unknownVar } from './unknown-var.js';
import { unreachableStep } from './unreachable-step.js';
import { waitEventWithoutTimeout, waitNoTimeoutPath } from './wait-rules.js';

export type { Rule, RuleContext } from './types.js';

export const rules: readonly Rule[] = [
  duplicateName,
  duplicateStepId,
  triggerNotInModule,
  actionNotInModule,
  unknownAgent,
  unknownTool,
  unknownStep,
  stepNotBefore,
  unknownVar,
  cycle,
  backwardJump,
  jumpOutOfBlock,
  unreachableStep,
  waitEventWithoutTimeout,
  waitNoTimeoutPath,
  approvalMissingTimeout,
  approvalEscalationAfterTimeout,
  parallelJoinCount,
  celSyntax,
  celUnknownRoot,
  celUnknownField,
  celType,
  celNotBool,
  celWrongType,
  secretsOutsideWith,
  agentOutputWithoutWait,
  invalidCron,
  invalidTimeZone,
  concurrencyMax,
  selfTrigger,
  policyIncomplete,
  policyShadowed,
  policyConflict,
];
