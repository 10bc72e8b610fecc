// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * Scale-out on one PostgreSQL workspace and one Temporal dev server: two `aexy serve` processes take
 * the record writes (alternately), two worker processes (worker + router each) route and run them.
 * Every event starts exactly one run, every run completes, and each run's record write happens once,
 * whichever server took the write and whichever router claimed the event.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPostgresBackend, type PostgresBackend } from '../../../src/workspace/postgres/backend.js';
import { buildChildScript, type Child, killHard, spawnReady } from '../../helpers/child-process.js';
import { runCli } from '../../helpers/cli.js';
import { freshPostgresUrl } from '../../helpers/postgres.js';
import { makeTempProject } from '../../helpers/project.js';
import { type ServeProcess, startServeProcess } from '../../helpers/serve-process.js';
import { temporalAddress, uniqueTaskQueue, workflowBundlePath } from '../../helpers/temporal.js';

const DEALS = 30;
const AUTOMATION = `apiVersion: aexy/v1
kind: Automation
metadata:
  name: deal-task
spec:
  module: crm
  trigger: { type: record.created, object: deals }
  workflow:
    steps:
      - id: task
        action: create_record
        with: { object: tasks, values: { title: "Follow up \${{ record.values.name }}", deal: "\${{ record.id }}" } }
`;

let script: string;
const children: Child[] = [];
const servers: ServeProcess[] = [];
let backend: PostgresBackend | undefined;

beforeAll(async () => {
  script = await buildChildScript(fileURLToPath(new URL('./runtime-host-child.ts', import.meta.url)));
}, 60_000);
afterAll(async () => {
  await Promise.all(children.map(killHard));
  await Promise.all(servers.map((server) => server.stop()));
  await backend?.close();
  if (script) rmSync(dirname(script), { recursive: true, force: true });
});

async function eventually<T>(
  read: () => Promise<T>,
  accept: (v: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('two aexy serve and two worker processes on one PostgreSQL workspace', () => {
  it('run each event once and write each side effect once', { timeout: 150_000 }, async () => {
    const url = await freshPostgresUrl('two_workers');
    const env = {
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('pg2'),
    };
    const dir = makeTempProject({
      'aexy.yaml': `name: pg-two\nworkspace: ${url}\n`,
      'deal-task.yaml': AUTOMATION,
    });
    const applied = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
    expect(applied.exitCode, applied.stderr).toBe(0);
    const childEnv = { ...env, AEXY_WORKSPACE_URL: url, AEXY_WORKFLOW_BUNDLE: workflowBundlePath() };
    children.push(
      ...(await Promise.all([spawnReady(script, childEnv, 60_000), spawnReady(script, childEnv, 60_000)])),
    );
    backend = await openPostgresBackend(url);
    const { records, runs, events } = backend.runtime;
    const { secret } = await backend.tokens.create({
      name: 'writer',
      scopes: ['operate'],
      createdBy: 'test',
    });
    const started = await Promise.all([0, 1].map(() => startServeProcess(dir, ['--ws', `acme=${url}`])));
    servers.push(...started);
    const apis = started.map((server) => `${server.envelope.url}/workspaces/acme`);
    for (let i = 0; i < DEALS; i++) {
      const response = await fetch(`${apis[i % 2]}/records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ object: 'deals', id: `deal_${i}`, values: { name: `Deal ${i}` } }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 30)); // spread over both routers' polls
    }
    const finished = await eventually(
      () => runs.listRuns({ automation: 'deal-task', limit: 1000 }),
      (list) => list.length >= DEALS && list.every((r) => r.status === 'COMPLETED' || r.status === 'FAILED'),
    );
    expect(finished.map((r) => r.status)).toEqual(Array(DEALS).fill('COMPLETED'));
    expect(new Set(finished.map((r) => r.eventId)).size).toBe(DEALS); // one run per event
    const tasks = await records.list('tasks', { limit: 1000 });
    expect(tasks.map((t) => t.values.deal).sort()).toEqual(
      Array.from({ length: DEALS }, (_, i) => `deal_${i}`).sort(),
    );
    const dealEvents = (await events.list({ limit: 1000 })).filter((e) => e.event.object === 'deals');
    const byRouter = new Map<string, number>();
    for (const e of dealEvents) byRouter.set(e.routedBy ?? '-', (byRouter.get(e.routedBy ?? '-') ?? 0) + 1);
    console.log(`[two-workers] deal events routed per router: ${JSON.stringify([...byRouter])}`);
    expect(dealEvents.every((e) => e.finishedAt !== null)).toBe(true);
    expect(byRouter.size).toBe(2); // both routers took part
  });
});
