// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * The runtime commands in-process against the shared dev server: a project is applied with
 * `aexy apply`, a worker (what `aexy worker` creates) serves its task queue, and the CLI writes
 * records, emits events, starts runs and decides approvals.
 */
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteRuntimeStores } from '../../../src/workspace/sqlite/runtime-stores.js';
import {
  BIG_DISCOUNT_AUTOMATION,
  discountChangeArgs,
  wonDealTaskAutomation,
} from '../../helpers/automation-fixtures.js';
import { type RuntimeProject, startRuntimeProject } from '../../helpers/runtime-project.js';

/** won-deal-task creates a task from the deal's name, then marks the deal (a step that can fail). */
const MARK_STEP = `      - id: mark
        action: update_record
        with: { values: { onboarding: started } }
`;
const AUTOMATIONS = `${wonDealTaskAutomation('Kickoff with ${{ record.values.name }}', MARK_STEP)}---
${BIG_DISCOUNT_AUTOMATION}`;

let project: RuntimeProject;
let db: Database;

beforeAll(async () => {
  project = await startRuntimeProject(
    { 'aexy.yaml': 'name: cli-test\n', 'automations.yaml': AUTOMATIONS },
    'cli',
  );
  db = project.db;
});

afterAll(async () => {
  await project?.close();
});

const cli = (args: string[]) => project.cli(args);
const json = (stdout: string) => JSON.parse(stdout);

describe('aexy records', () => {
  it('creates, updates, gets and lists records; writes emit events', async () => {
    const created = await cli([
      'records',
      'create',
      'contacts',
      '--data',
      '{"email":"a@b.co","score":5}',
      '-o',
      'json',
    ]);
    expect(created.exitCode, created.stderr).toBe(0);
    const { record, events } = json(created.stdout);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['record.created']);
    const updated = await cli(['records', 'update', 'contacts', record.id, '--data', '{"score":9}']);
    expect(updated.stderr).toContain('emitted 2 event(s): record.updated, field.changed');
    const listed = json(
      (await cli(['records', 'list', 'contacts', '--where', 'score>=9', '-o', 'json'])).stdout,
    );
    expect(listed.records.map((r: { id: string }) => r.id)).toEqual([record.id]);
    const missing = await cli(['records', 'get', 'contacts', 'rec_nope']);
    expect([missing.exitCode, missing.stderr]).toEqual([
      1,
      expect.stringContaining('no record rec_nope in contacts'),
    ]);
    const bad = await cli(['records', 'create', 'contacts', '--data', '{oops']);
    expect(bad.stderr).toContain('--data is not valid JSON');
  });
});

describe('aexy events emit and aexy run', () => {
  it('routes an emitted stage change to the matching automation and follows it with --wait', async () => {
    const stores = sqliteRuntimeStores(db);
    const deal = await stores.records.create('deals', { name: 'Acme', stage: 'negotiation' });
    const emitted = await cli([
      'events',
      'emit',
      'stage.changed',
      '--object',
      'deals',
      '--record',
      deal.record.id,
      '--data',
      '{"field":"stage","from":"negotiation","to":"won"}',
      '--wait',
    ]);
    expect(emitted.exitCode, emitted.stderr).toBe(0);
    expect(emitted.stdout).toMatch(/won-deal-task: started run_/);
    expect(emitted.stderr).toMatch(/kickoff_task\s+SUCCESS/);
    expect(emitted.stderr).toMatch(/: COMPLETED/);
    expect((await stores.records.get('deals', deal.record.id))?.values.onboarding).toBe('started');
    const again = await cli([
      'events',
      'emit',
      'stage.changed',
      '--id',
      'evt-fixed',
      '--object',
      'deals',
      '--data',
      '{"to":"won"}',
    ]);
    const twice = await cli([
      'events',
      'emit',
      'stage.changed',
      '--id',
      'evt-fixed',
      '--object',
      'deals',
      '--data',
      '{"to":"won"}',
    ]);
    expect(again.stdout).toContain('started');
    expect(twice.stdout).not.toContain('started');
  });

  it('starts a run by hand and prints its steps', async () => {
    const result = await cli([
      'run',
      'won-deal-task',
      '--event',
      '{"record":{"id":"rec_x","object":"deals","values":{"name":"Hand"}}}',
      '--wait',
    ]);
    // update_record on a record that does not exist fails the run: exit 1 with the error shown.
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/kickoff_task\s+SUCCESS/);
    expect(result.stdout).toMatch(/mark\s+FAILED\s+not_found/);
    const unknown = await cli(['run', 'nope', '--event', '{}']);
    expect(unknown.stderr).toContain('no applied automation named nope');
  });
});

describe('aexy approve and reject', () => {
  it('decides a pending approval and answers at once when nothing is pending', async () => {
    const stores = sqliteRuntimeStores(db);
    const deal = await stores.records.create('deals', { name: 'Discounted', discount: 30 });
    const out = await cli([...discountChangeArgs(deal.record.id, 5, 30), '-o', 'json']);
    const runId = json(out.stdout).runs[0].runId as string;
    const paused = await poll(
      async () => (await stores.runs.getRun(runId))?.status,
      (s) => s === 'PAUSED',
    );
    expect(paused).toBe('PAUSED');
    const wrongStep = await cli(['approve', runId, '--step', 'nope']);
    expect([wrongStep.exitCode, wrongStep.stderr]).toEqual([
      1,
      expect.stringContaining('no pending approval at step nope'),
    ]);
    const approved = await cli(['approve', runId, '--comment', 'fine', '--by', 'ann']);
    expect(approved.exitCode, approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`approved ${runId} at step manager_ok (by ann)`);
    const done = await poll(
      async () => (await stores.runs.getRun(runId))?.status,
      (s) => s === 'COMPLETED',
    );
    expect(done).toBe('COMPLETED');
    expect((await stores.records.get('deals', deal.record.id))?.values.discount_approval).toBe('approved');
    const late = await cli(['reject', runId]);
    expect([late.exitCode, late.stderr]).toEqual([
      1,
      expect.stringContaining('is COMPLETED: nothing to reject'),
    ]);
  });
});

async function poll<T>(read: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
