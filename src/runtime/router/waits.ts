/**
 * Which automations contain an event wait for a given event type (walking every nested block), so
 * the router can deliver an event to their unfinished runs even before a run reaches its wait: the
 * workflow buffers events it is not waiting for yet, and an event is never lost to that race.
 */
import type { Step, Target } from '../../ir/types.js';
import type { RoutableAutomation } from './match.js';

/** Event types awaited by `wait: {event}` steps anywhere in the steps. */
export function awaitedEvents(steps: Step[], into = new Set<string>()): Set<string> {
  for (const step of steps) {
    if (step.kind === 'wait' && step.wait.mode === 'event') into.add(step.wait.event);
    for (const block of childBlocks(step)) awaitedEvents(block, into);
  }
  return into;
}

function targetSteps(target: Target | undefined): Step[][] {
  return target?.kind === 'block' ? [target.steps] : [];
}

function childBlocks(step: Step): Step[][] {
  const blocks: Step[][] = [...targetSteps(step.catch)];
  switch (step.kind) {
    case 'if':
      return [...blocks, ...targetSteps(step.then), ...targetSteps(step.else)];
    case 'switch':
      return [...blocks, ...step.cases.flatMap((c) => targetSteps(c.next)), ...targetSteps(step.default)];
    case 'parallel':
      return [...blocks, ...step.branches.map((b) => b.steps)];
    case 'loop':
      return [...blocks, step.steps];
    case 'wait':
    case 'agent':
      return [...blocks, ...targetSteps(step.onTimeout)];
    case 'approval':
      return [
        ...blocks,
        ...targetSteps(step.onApprove),
        ...targetSteps(step.onReject),
        ...targetSteps(step.onTimeout),
      ];
    default:
      return blocks;
  }
}

/** Names of the automations that wait for `eventType` somewhere in their steps. */
export function automationsAwaiting(automations: RoutableAutomation[], eventType: string): string[] {
  return automations.filter((a) => awaitedEvents(a.ir.steps).has(eventType)).map((a) => a.name);
}
