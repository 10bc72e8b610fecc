// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * Module actions end to end on the shared dev server: a project with the examples' customer-onboarding
 * automation and a two-step ticket flow is applied with `aexy apply`, a worker made by
 * createAexyWorker serves it, and a router loop routes the outbox. Winning a deal runs onboarding
 * (enroll_in_sequence, create_task, notify_team, update_record); a new ticket is escalated, and the
 * `ticket.escalated` event that escalation emits starts the second automation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRouter } from '../../../src/runtime/router/create-router.js';
import { RouterLoop } from '../../../src/runtime/router/router-loop.js';
import { createAexyWorker } from '../../../src/runtime/worker/create-worker.js';
import type { RuntimeStores, WorkspaceBackend } from '../../../src/workspace/backend.js';
import { openSqliteBackend } from '../../../src/workspace/sqlite/backend.js';
import { runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';
import {
  connectTemporal,
  type TemporalTestContext,
  temporalAddress,
  uniqueTaskQueue,
  workflowBundlePath,
} from '../../helpers/temporal.js';

const TICKET_FLOW = `apiVersion: aexy/v1
kind: Automation
metadata: { name: ticket-intake }
spec:
  module: tickets
  trigger: { type: ticket.created }
  workflow:
    steps:
      - id: escalate
        action: escalate_ticket
        with: { reason: "New ticket: \${{ trigger.payload.ticket.subject }}" }
---
apiVersion: aexy/v1
kind: Automation
metadata: { name: ticket-escalated }
spec:
  module: tickets
  trigger: { type: ticket.escalated }
  workflow:
    steps:
      - id: tag
        action: add_tag
        with: { tag: "escalated-\${{ trigger.payload.level }}" }
      - id: note
        action: add_response
        with: { message: "Escalated to \${{ trigger.payload.level }}", internal: true }
`;

// The example as written, except `${{ now }}`: a timestamp template result currently fails inside the
// workflow ("Unsupported type: Date", an interpreter issue reported to the lead), so the kickoff time
// is the run's start time here. Every module step of the example runs unchanged.
const example = readFileSync(
  join(import.meta.dirname, '../../../examples/automations/customer-onboarding.yaml'),
  'utf8',
);
const onboarding = example.replace('"${{ now }}"', '"${{ run.started_at }}"');

let temporal: TemporalTestContext;
let backend: WorkspaceBackend;
let stores: RuntimeStores;
let worker: Worker;
let running: Promise<void>;
let loop: RouterLoop;

beforeAll(async () => {
  const dir = makeTempProject({
    'aexy.yaml': 'name: module-e2e\n',
    'customer-onboarding.yaml': onboarding,
    'tickets.yaml': TICKET_FLOW,
  });
  const taskQueue = uniqueTaskQueue('modules');
  const namespace = inject('temporalNamespace');
  const env = {
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
  };
  const applied = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
  expect(applied.exitCode, applied.stderr).toBe(0);
  temporal = await connectTemporal();
  backend = openSqliteBackend(join(dir, '.aexy', 'workspace.db'));
  stores = backend.runtime;
  const settings = { address: temporalAddress(), namespace, taskQueue, source: 'env' as const };
  ({ worker } = await createAexyWorker({
    temporal: settings,
    backend,
    bundlePath: workflowBundlePath(),
  }));
  running = worker.run();
  const { router, automations } = createRouter({
    client: temporal.client,
    store: backend.store,
    stores,
    settings: { temporal: settings, workspace: 'module-e2e', timeZone: 'UTC', chainDepthLimit: 5 },
  });
  loop = new RouterLoop({ router, events: stores.events, automations, name: 'module-e2e', intervalMs: 100 });
  loop.start();
});

afterAll(async () => {
  await loop?.stop();
  worker?.shutdown();
  await running;
  await backend?.close();
  await temporal?.close();
});

/** Polls until `read` satisfies `done` (runs complete asynchronously). */
async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

const completed = (automation: string) =>
  eventually(
    () => stores.runs.listRuns({ automation }),
    (runs) => runs.length > 0 && runs.every((r) => ['COMPLETED', 'FAILED'].includes(r.status)),
  );

describe('module actions on a real worker', () => {
  it('customer-onboarding: a won deal enrolls its contact, creates the task and records the kickoff', async () => {
    const contact = (await stores.records.create('contacts', { email: 'cto@acme.example' })).record;
    const deal = (
      await stores.records.create('deals', {
        name: 'Acme',
        amount: 24000,
        stage: 'negotiation',
        primary_contact: contact.id,
      })
    ).record;
    await stores.records.update('deals', deal.id, { stage: 'won' });
    const runs = await completed('customer-onboarding');
    const failed = (await stores.runs.steps(runs[0]?.id ?? '')).filter((s) => s.status !== 'SUCCESS');
    expect(failed.map((s) => [s.stepKey, s.status, s.error?.message])).toEqual([]);
    expect(runs.map((r) => r.status)).toEqual(['COMPLETED']);
    const enrollments = await stores.records.list('sequence_enrollments');
    expect(enrollments.map((e) => e.values)).toEqual([
      expect.objectContaining({ sequence: 'onboarding', record: contact.id, status: 'active' }),
    ]);
    const after = (await stores.records.get('deals', deal.id))?.values;
    const task = await stores.records.get('tasks', String(after?.onboarding_task));
    expect(task?.values.title).toBe('Kickoff call with Acme');
    expect(typeof after?.onboarding_started).toBe('string');
    const announced = await stores.records.list('notifications');
    expect(announced.map((n) => n.values)).toEqual([
      expect.objectContaining({ channel: '#wins', message: 'Won: Acme (24000 EUR)' }),
    ]);
  });

  it('ticket flow: escalate_ticket emits ticket.escalated, which starts the next automation', async () => {
    const ticket = (
      await stores.records.create('tickets', {
        number: 1,
        subject: 'Cannot log in',
        status: 'new',
        priority: 'high',
        requesterEmail: 'sam@example.com',
        tags: [],
      })
    ).record;
    const snapshot = { id: ticket.id, ...ticket.values };
    await stores.events.append([
      {
        id: `evt_ticket_${ticket.id}`,
        type: 'ticket.created',
        module: 'tickets',
        object: 'tickets',
        recordId: ticket.id,
        payload: { ticketId: ticket.id, ticket: snapshot, occurredAt: new Date().toISOString() },
        record: { id: ticket.id, object: 'tickets', values: ticket.values },
        causation: [],
        occurredAt: new Date().toISOString(),
        source: 'cli',
      },
    ]);
    expect((await completed('ticket-intake')).map((r) => r.status)).toEqual(['COMPLETED']);
    expect((await completed('ticket-escalated')).map((r) => r.status)).toEqual(['COMPLETED']);
    const values = (await stores.records.get('tickets', ticket.id))?.values;
    expect(values).toMatchObject({ escalationLevel: 'level_1', tags: ['escalated-level_1'] });
    const notes = (await stores.records.list('ticket_responses')).filter(
      (r) => r.values.ticket === ticket.id,
    );
    expect(notes.map((n) => n.values.body)).toEqual(['Escalated to level_1']);
  });
});
