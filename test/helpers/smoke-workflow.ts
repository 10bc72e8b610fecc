/**
 * A test-only workflow touching the three primitives the interpreter builds on: an activity, a
 * durable timer and a signal. Used by the foundation smoke and replay tests.
 */
import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type * as smokeActivities from './smoke-activities.js';

export const proceedSignal = defineSignal<[string]>('proceed');

const { greet } = proxyActivities<typeof smokeActivities>({ startToCloseTimeout: '10s' });

export async function smokeWorkflow(name: string): Promise<string> {
  let answer: string | undefined;
  setHandler(proceedSignal, (value) => {
    answer = value;
  });
  const greeting = await greet(name);
  await sleep(50);
  await condition(() => answer !== undefined);
  return `${greeting}; signal said ${answer}`;
}
