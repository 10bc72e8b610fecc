/**
 * `aexy agents run` in-process against the shared dev server, with the worker `aexy worker` creates
 * (agents and policies read from the applied workspace, the model from aexy.yaml pointing at the fake
 * model server): --wait prints the validated output; a call that needs approval pauses the standalone
 * run until `aexy approve RUN`.
 */
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { createAexyWorker } from '../../../src/runtime/worker/create-worker.js';
import { openSqliteBackend, type SqliteBackend } from '../../../src/workspace/sqlite/backend.js';
import { runCli } from '../../helpers/cli.js';
import { type FakeModelServer, startFakeModelServer } from '../../helpers/fake-model-server.js';
import { makeTempProject } from '../../helpers/project.js';
import {
  installQuietRuntime,
  temporalAddress,
  uniqueTaskQueue,
  workflowBundlePath,
} from '../../helpers/temporal.js';
import { eventually } from '../runtime/harness.js';

const ROUTING = `apiVersion: aexy/v1
kind: Automation
metadata: { name: lead-reply-routing }
spec:
  module: crm
  trigger: { type: email.replied, object: leads }
  workflow:
    steps:
      - id: classify
        agent: reply-classifier
        input: { text: "\${{ trigger.payload.body }}" }
        waitForCompletion: true
        timeout: 2m
      - id: route
        switch:
          - when: steps.classify.output.label == "interested"
            next:
              - id: hot
                action: update_record
                with: { values: { stage: hot } }
          - when: steps.classify.output.label == "unsubscribe"
            next:
              - id: lost
                action: update_record
                with: { values: { stage: lost } }
`;

const AGENTS = `apiVersion: aexy/v1
kind: Agent
metadata: { name: reply-classifier }
spec:
  type: custom
  model: { provider: openai, name: fake-model }
  instructions: Classify the reply as interested, not_now or unsubscribe.
  tools: [get_record, update_record]
  output: { type: object, required: [label], properties: { label: { enum: [interested, not_now, unsubscribe] } } }
  maxIterations: 5
  timeout: 2m
---
apiVersion: aexy/v1
kind: AgentPolicy
metadata: { name: approve-writes }
spec:
  agent: reply-classifier
  type: tool_require_approval
  tools: [update_record]
  approval: { approvers: ["role:admin"], timeout: 1h }
`;

let dir: string;
let env: NodeJS.ProcessEnv;
let backend: SqliteBackend;
let worker: Worker;
let running: Promise<void>;
let model: FakeModelServer;

beforeAll(async () => {
  model = await startFakeModelServer({ apiKey: 'sk-test' });
  const config = `name: agents-cli\nmodel:\n  baseUrl: ${model.baseUrl}\n  name: fake-model\n  apiKey: sk-test\n`;
  dir = makeTempProject({ 'aexy.yaml': config, 'agents.yaml': AGENTS, 'routing.yaml': ROUTING });
  const taskQueue = uniqueTaskQueue('agents-cli');
  env = {
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    TEMPORAL_TASK_QUEUE: taskQueue,
  };
  const applied = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
  expect(applied.exitCode, applied.stderr).toBe(0);
  installQuietRuntime();
  backend = openSqliteBackend(join(dir, '.aexy', 'workspace.db'));
  const temporal = {
    address: temporalAddress(),
    namespace: inject('temporalNamespace'),
    taskQueue,
    source: 'env' as const,
  };
  const projectData = parse(config) as Record<string, unknown>;
  ({ worker } = await createAexyWorker({ temporal, backend, bundlePath: workflowBundlePath(), projectData }));
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await backend?.close();
  await model?.close();
});

const cli = (args: string[]) => runCli(args, { cwd: dir, env });

describe('aexy agents run', () => {
  it('waits for the validated output of an applied agent', async () => {
    model.script({ json: { label: 'unsubscribe' } });
    const out = await cli([
      'agents',
      'run',
      'reply-classifier',
      '--input',
      '{"text":"stop"}',
      '--wait',
      '-o',
      'json',
    ]);
    expect(out.exitCode, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ status: 'COMPLETED', output: { label: 'unsubscribe' } });
    expect(model.http.at(-1)?.headers.authorization).toBe('Bearer sk-test');
  });

  it('pauses the run on a call that needs approval until aexy approve RUN', async () => {
    const stores = backend.runtime;
    const lead = await stores.records.create('leads', { name: 'Flo', stage: 'new' });
    model.script(
      {
        toolCalls: [
          {
            id: 'a1',
            name: 'update_record',
            arguments: { record: lead.record.id, values: { stage: 'hot' } },
          },
        ],
      },
      { json: { label: 'interested' } },
    );
    const started = await cli(['agents', 'run', 'reply-classifier', '--input', '{"text":"yes!"}']);
    expect(started.exitCode, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    const paused = await eventually(
      async () => (await stores.runs.getRun(runId))?.status,
      (s) => s === 'PAUSED',
    );
    expect(paused).toBe('PAUSED');
    const approved = await cli(['approve', runId, '--by', 'ann']);
    expect(approved.exitCode, approved.stderr).toBe(0);
    const done = await eventually(
      async () => (await stores.runs.getRun(runId))?.status,
      (s) => s === 'COMPLETED',
    );
    expect(done).toBe('COMPLETED');
    expect((await stores.records.get('leads', lead.record.id))?.values.stage).toBe('hot');
    const decisions = await cli(['policy', 'decisions', '--agent', 'reply-classifier', '-o', 'json']);
    expect(decisions.stdout).toContain('REQUIRE_APPROVAL');
  });

  it('refuses an agent that is not applied', async () => {
    const out = await cli(['agents', 'run', 'nobody', '--wait']);
    expect([out.exitCode, out.stderr]).toEqual([1, expect.stringContaining('no applied agent named nobody')]);
  });

  it('when a lead replies: the applied automation classifies the reply with the agent and routes on the label', async () => {
    const stores = backend.runtime;
    const lead = await stores.records.create('leads', { name: 'Gus', stage: 'new' });
    model.script((req) => ({
      json: { label: String(req.messages[1]?.content).includes('stop') ? 'unsubscribe' : 'interested' },
    }));
    const body = JSON.stringify({ body: 'please stop writing', fromEmail: 'gus@x.io' });
    const emitted = await cli([
      'events',
      'emit',
      'email.replied',
      '--object',
      'leads',
      '--record',
      lead.record.id,
      '--data',
      body,
      '--wait',
    ]);
    expect(emitted.exitCode, emitted.stderr).toBe(0);
    expect(emitted.stderr).toMatch(/: COMPLETED/);
    expect((await stores.records.get('leads', lead.record.id))?.values.stage).toBe('lost');
  });
});
