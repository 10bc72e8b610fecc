#!/usr/bin/env node
/**
 * Interpreter overhead: a 10-action linear automation run by the interpreter (automationRun) vs a
 * hand-written Temporal workflow calling the same runAction activity for the same ten steps, on the
 * same dev server and worker, alternating runs. Prints medians of wall time per run and history
 * events per run, and their ratios. Targets: wall at most 1.3x, history events at most 1.25x.
 *
 * Options: --runs N (default 20 of each), --no-build (use the existing dist/).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const runs = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 20;
if (!argv.includes('--no-build')) {
  const result = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) console.log('warning: npm run build reported errors; measuring the emitted dist/');
}

const { startDevServer } = await import(`${repo}dist/runtime/temporal/dev-server.js`);
const { createRuntimeActivities } = await import(`${repo}dist/runtime/activities/runtime-activities.js`);
const { MemoryRunLog, MemoryRecordStore, MemoryIdempotencyStore } = await import(
  `${repo}dist/runtime/activities/memory-ports.js`
);
const contract = await import(`${repo}dist/runtime/contract.js`);
const { Client, Connection } = await import('@temporalio/client');
const { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } = await import(
  '@temporalio/worker'
);

Runtime.install({ logger: new DefaultLogger('WARN') });
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };

const STEPS = 10;
const automation = {
  kind: 'Automation',
  metadata: { name: 'bench-linear', labels: {}, protected: false },
  module: 'crm',
  enabled: true,
  trigger: { type: 'record.created', config: { object: 'deals' } },
  agents: [],
  limits: { concurrency: { mode: 'parallel' } },
  onError: 'stop',
  retry: { maxAttempts: 3, initialIntervalMs: 1000, backoff: 2, maxIntervalMs: 30000, on: ['server_error'] },
  steps: Array.from({ length: STEPS }, (_, i) => ({
    id: `s${i}`,
    kind: 'action',
    action: 'bench_echo',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an aexy template, rendered by the interpreter
    with: { n: i, name: '${{ record.values.name }}' },
  })),
  source: { file: 'bench.yaml', text: '' },
};

function runInput(id) {
  return {
    runId: id,
    workspace: 'bench',
    automation,
    version: 1,
    event: {
      id: `evt-${id}`,
      type: 'record.created',
      payload: {},
      record: { id: 'rec_1', object: 'deals', values: { name: 'Acme' } },
      occurredAt: new Date().toISOString(),
    },
    causation: [],
  };
}

/** The requests the interpreter sends for the same run, rendered by hand. */
function handRequests(id) {
  return automation.steps.map((s, i) => ({
    runId: id,
    stepId: s.id,
    iterationKey: '',
    action: 'bench_echo',
    input: { n: i, name: 'Acme' },
    idempotencyKey: `${id}:${s.id}`,
    dryRun: false,
    retryOn: [],
    maxAttempts: 1,
    timeoutMs: 300_000,
    workspace: 'bench',
    automation: 'bench-linear',
    causation: [id],
    record: { id: 'rec_1', object: 'deals' },
  }));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeRun(client, taskQueue, kind, i) {
  const id = `${kind}-${i}-${Date.now()}`;
  const started = performance.now();
  const handle =
    kind === 'interpreter'
      ? await client.workflow.start('automationRun', {
          taskQueue,
          workflowId: id,
          args: [runInput(id)],
          typedSearchAttributes: [
            { key: contract.SA_WORKSPACE, value: 'bench' },
            { key: contract.SA_AUTOMATION, value: 'bench-linear' },
            { key: contract.SA_RUN_STATUS, value: 'RUNNING' },
          ],
        })
      : await client.workflow.start('handWrittenRun', {
          taskQueue,
          workflowId: id,
          args: [handRequests(id)],
        });
  const result = await handle.result();
  const wall = performance.now() - started;
  if (kind === 'interpreter' && result.status !== 'COMPLETED')
    throw new Error(`interpreter run ${id} ended ${result.status}`);
  const history = await handle.fetchHistory();
  return { wall, events: history.events.length };
}

const server = await startDevServer({ onProgress: (line) => console.error(line) });
try {
  const { code } = await bundleWorkflowCode({
    workflowsPath: `${repo}bench/lib/interpreter-workflows.ts`,
    logger: quiet,
  });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace });
  const runLog = new MemoryRunLog();
  const activities = createRuntimeActivities({
    runLog,
    records: new MemoryRecordStore(),
    idempotency: new MemoryIdempotencyStore(),
    handlers: { bench_echo: async (input) => ({ echo: input }) },
  });
  const taskQueue = `bench-${Date.now()}`;
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: server.namespace,
    taskQueue,
    workflowBundle: { code },
    activities,
  });
  const samples = { interpreter: [], hand: [] };
  await worker.runUntil(async () => {
    for (let i = 0; i < 3; i++) {
      await timeRun(client, taskQueue, 'interpreter', `warm${i}`);
      await timeRun(client, taskQueue, 'hand', `warm${i}`);
    }
    for (let i = 0; i < runs; i++) {
      samples.interpreter.push(await timeRun(client, taskQueue, 'interpreter', i));
      samples.hand.push(await timeRun(client, taskQueue, 'hand', i));
    }
  });
  const wall = {
    interpreter: median(samples.interpreter.map((s) => s.wall)),
    hand: median(samples.hand.map((s) => s.wall)),
  };
  const events = {
    interpreter: median(samples.interpreter.map((s) => s.events)),
    hand: median(samples.hand.map((s) => s.events)),
  };
  const report = {
    benchmark: 'interpreter-vs-hand-written',
    actions: STEPS,
    runs,
    wallMsPerRun: {
      interpreter: Math.round(wall.interpreter),
      handWritten: Math.round(wall.hand),
      ratio: +(wall.interpreter / wall.hand).toFixed(2),
      target: 1.3,
    },
    historyEventsPerRun: {
      interpreter: events.interpreter,
      handWritten: events.hand,
      ratio: +(events.interpreter / events.hand).toFixed(2),
      target: 1.25,
    },
  };
  console.log(
    `interpreter: ${report.wallMsPerRun.interpreter} ms/run, ${events.interpreter} history events/run`,
  );
  console.log(`hand-written: ${report.wallMsPerRun.handWritten} ms/run, ${events.hand} history events/run`);
  console.log(
    `ratios: wall ${report.wallMsPerRun.ratio}x (target <= 1.3x), history events ${report.historyEventsPerRun.ratio}x (target <= 1.25x)`,
  );
  console.log(JSON.stringify(report));
  await connection.close();
  await nativeConnection.close();
} finally {
  await server.stop();
}
