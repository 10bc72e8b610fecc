/**
 * The stream-fed `runs tail` source (what a remote workspace uses) gives the same change events as
 * polling the store, keeps the newest runs only, and surfaces a failed stream on the next poll.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../../../src/ui/runs/changes.js';
import { StreamTailSource } from '../../../src/ui/runs/stream-tail-source.js';
import { RunTailSource } from '../../../src/ui/runs/tail-source.js';
import { openRunLog, type RunLogFixture } from '../../helpers/run-log.js';

const T0 = '2026-11-27T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const NOW = new Date(at(600));

/** An async iterable the test pushes into (what the SSE consumer yields). */
function channel() {
  const queue: RunSnapshot[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  async function* updates(): AsyncGenerator<RunSnapshot> {
    for (;;) {
      if (failure) throw failure;
      const next = queue.shift();
      if (next) yield next;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  const notify = () => wake?.();
  return {
    updates: updates(),
    push: (snapshot: RunSnapshot) => {
      queue.push(snapshot);
      notify();
    },
    fail: (error: Error) => {
      failure = error;
      notify();
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

let log: RunLogFixture;
afterEach(async () => log?.close());

describe('StreamTailSource', () => {
  it('yields the same changes as polling the store', async () => {
    log = openRunLog();
    const polled = new RunTailSource(log.runs);
    const stream = channel();
    const streamed = new StreamTailSource(stream.updates);
    const send = async (id: string) =>
      stream.push({ run: (await log.runs.getRun(id))!, steps: await log.runs.steps(id) });
    await log.run('run_1', 'a', 'RUNNING', at(1));
    await log.step('run_1', 'send', { kind: 'action', status: 'RUNNING', at: at(2) });
    await log.run('run_2', 'b', 'SKIPPED', at(3), { reason: 'conditions' });
    await send('run_1');
    await send('run_2');
    await settle();
    expect(await streamed.poll(NOW)).toEqual(await polled.poll(NOW));
    await log.step('run_1', 'send', { kind: 'action', status: 'SUCCESS', at: at(4) });
    await log.runs.updateRun('run_1', { status: 'COMPLETED', at: at(5) });
    await send('run_1');
    await settle();
    const changes = await streamed.poll(NOW);
    expect(changes).toEqual(await polled.poll(NOW));
    expect(changes.map((c) => `${c.kind}:${c.status}`)).toEqual(['run:COMPLETED', 'step:SUCCESS']);
    expect([...streamed.current.keys()]).toEqual([...polled.current.keys()]);
  });

  it('keeps the newest runs only and reports a failed stream', async () => {
    log = openRunLog();
    const stream = channel();
    const streamed = new StreamTailSource(stream.updates, { maxRuns: 3 });
    for (let i = 0; i < 6; i++) {
      await log.run(`run_${i}`, 'a', 'COMPLETED', at(i));
      stream.push({ run: (await log.runs.getRun(`run_${i}`))!, steps: [] });
    }
    await settle();
    await streamed.poll(NOW);
    expect([...streamed.current.keys()]).toEqual(['run_5', 'run_4', 'run_3']);
    stream.fail(new Error('the token was revoked'));
    await settle();
    await expect(streamed.poll(NOW)).rejects.toThrow('the token was revoked');
  });
});
