/**
 * The trigger loops of the runtime host over an applied project and the shared dev server: one pass
 * creates the webhook secret, the Temporal Schedule and the due date-trigger events; a "restarted"
 * host (new loops, new database connection) fires nothing twice; a re-apply that disables the
 * scheduled automation pauses its schedule.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scheduleIdFor } from '../../../src/runtime/schedules/schedule-spec.js';
import { startTriggerLoops } from '../../../src/runtime/schedules/trigger-loops.js';
import { runtimeSettings } from '../../../src/runtime/settings.js';
import { sqliteBackendOf } from '../../../src/workspace/sqlite/backend.js';
import { SqliteEventStore } from '../../../src/workspace/sqlite/event-store.js';
import { SqliteRecordStore } from '../../../src/workspace/sqlite/record-store.js';
import { SqliteWorkspaceStore } from '../../../src/workspace/sqlite/store.js';
import { INBOUND_HOOK_AUTOMATION } from '../../helpers/automation-fixtures.js';
import { runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';
import { connectTemporal, type TemporalTestContext, temporalAddress } from '../../helpers/temporal.js';

const workspace = `loops-${randomUUID().slice(0, 6)}`;
const automations = (enabled: boolean) => `apiVersion: aexy/v1
kind: Automation
metadata: { name: nightly }
spec:
  module: crm
  enabled: ${enabled}
  trigger: { type: schedule.cron, cron: "0 2 * * *" }
  workflow:
    steps:
      - { id: t, action: create_task, with: { title: nightly } }
---
${INBOUND_HOOK_AUTOMATION}---
apiVersion: aexy/v1
kind: Automation
metadata: { name: overdue }
spec:
  module: crm
  trigger: { type: date.passed, object: invoices, field: due_at }
  workflow:
    steps:
      - { id: t, action: create_task, with: { title: chase } }
`;

let temporal: TemporalTestContext;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  temporal = await connectTemporal();
  dir = makeTempProject({ 'aexy.yaml': `name: ${workspace}\n`, 'automations.yaml': automations(true) });
  env = { TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_NAMESPACE: inject('temporalNamespace') };
  const applied = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
  expect(applied.exitCode, applied.stderr).toBe(0);
});

afterAll(async () => {
  await temporal.client.schedule
    .getHandle(scheduleIdFor(workspace, 'nightly'))
    .delete()
    .catch(() => undefined);
  await temporal.close();
});

async function pass() {
  const store = SqliteWorkspaceStore.open(join(dir, '.aexy', 'workspace.db'));
  const settings = runtimeSettings({ name: workspace }, env, dir);
  const errors: string[] = [];
  const fired: string[] = [];
  const loops = startTriggerLoops({
    client: temporal.client,
    backend: sqliteBackendOf(store),
    settings,
    pollMs: 60_000,
    onError: (m) => errors.push(m),
    onFired: (f) => fired.push(...f.map((x) => x.eventId)),
  });
  await loops.tick();
  await loops.stop();
  return { store, errors, fired };
}

describe('trigger loops', () => {
  it('reconcile, secrets and date triggers in one pass; nothing fires twice after a restart', async () => {
    const setup = SqliteWorkspaceStore.open(join(dir, '.aexy', 'workspace.db'));
    const invoice = await new SqliteRecordStore(setup.db).create('invoices', {
      due_at: new Date(Date.now() - 3_600_000).toISOString(),
    });
    await setup.close();

    const first = await pass();
    expect(first.errors).toEqual([]);
    expect(first.fired).toHaveLength(1);
    expect(first.fired[0]).toContain(`date:overdue:${invoice.record.id}:due_at:`);
    const secret = await sqliteBackendOf(first.store).webhookSecrets.get('inbound');
    expect(secret?.secret).toMatch(/^whsec_/);
    const schedule = await temporal.client.schedule.getHandle(scheduleIdFor(workspace, 'nightly')).describe();
    expect(schedule.state.paused).toBe(false);
    await first.store.close();

    const second = await pass();
    expect(second.errors).toEqual([]);
    expect(second.fired).toEqual([]);
    const events = await new SqliteEventStore(second.store.db).list({ limit: 1000 });
    expect(events.filter((e) => e.event.type === 'date.passed')).toHaveLength(1);
    await second.store.close();

    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'automations.yaml'), automations(false));
    const reapplied = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
    expect(reapplied.exitCode, reapplied.stderr).toBe(0);
    const third = await pass();
    expect(third.errors).toEqual([]);
    await third.store.close();
    const paused = await temporal.client.schedule.getHandle(scheduleIdFor(workspace, 'nightly')).describe();
    expect(paused.state.paused).toBe(true);
  });
});
