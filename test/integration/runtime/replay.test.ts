/**
 * Replays the recorded histories of every step-kind test (test/fixtures/histories/runtime-*.json,
 * refreshed with AEXY_UPDATE_HISTORIES=1) against the current interpreter, so a change that breaks
 * determinism fails the suite instead of breaking runs in flight.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { installQuietRuntime, workflowBundlePath } from '../../helpers/temporal.js';

const DIR = fileURLToPath(new URL('../../fixtures/histories/', import.meta.url));
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.startsWith('runtime-') && f.endsWith('.json'))
  .sort();

const KINDS = ['action', 'if', 'switch', 'set', 'parallel', 'loop', 'wait', 'approval', 'agent'];

function load(file: string) {
  return JSON.parse(readFileSync(join(DIR, file), 'utf8'));
}

describe('interpreter replay of recorded histories', () => {
  it('has a recorded history for every step kind', () => {
    const kinds = new Set(
      FIXTURES.flatMap((file) => {
        const started = load(file).events[0].workflowExecutionStartedEventAttributes;
        const text = Buffer.from(started.input.payloads[0].data, 'base64').toString('utf8');
        return KINDS.filter((k) => text.includes(`"kind":"${k}"`));
      }),
    );
    expect([...kinds].sort()).toEqual([...KINDS].sort());
  });

  it.each(FIXTURES)('replays %s deterministically', async (file) => {
    installQuietRuntime();
    await Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath() } }, load(file), file);
  });

  it('detects a history the interpreter no longer produces', async () => {
    installQuietRuntime();
    const history = load('runtime-linear.json');
    for (const event of history.events) {
      const attrs = event.activityTaskScheduledEventAttributes;
      if (attrs) attrs.activityId = `renamed-${attrs.activityId}`;
    }
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: workflowBundlePath() } }, history, 'broken'),
    ).rejects.toThrow(/[Nn]ondetermin|DeterminismViolation/);
  });
});
