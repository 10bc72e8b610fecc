/**
 * The CLI against a PostgreSQL workspace (`workspace: postgres://…` in aexy.yaml): plan, apply,
 * saved-plan staleness, history, export, and a held lock reported with its holder, exactly as on
 * the local file.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PgWorkspaceStore } from '../../../src/workspace/postgres/store.js';
import { runCli } from '../../helpers/cli.js';
import { freshPostgresUrl } from '../../helpers/postgres.js';
import { makeTempProject } from '../../helpers/project.js';
import { FOREIGN_LOCK, followup, PROJECT, simple } from '../workspace/fixtures.js';

async function project(): Promise<{ cwd: string; url: string }> {
  const url = `${await freshPostgresUrl('cli')}?schema=acme`;
  const cwd = makeTempProject({
    'aexy.yaml': `${PROJECT}workspace: ${url}\n`,
    'automations/followup.yaml': followup(),
    'automations/welcome.yaml': simple('welcome'),
  });
  return { cwd, url };
}

describe('aexy plan / apply on a PostgreSQL workspace', () => {
  it('plans, applies, refuses a stale saved plan, shows history and exports', async () => {
    const { cwd, url } = await project();
    const plan = await runCli(['plan', '--detailed-exitcode', '--out', 'plan.json'], { cwd });
    expect(plan.stderr).toContain('Saved the plan to plan.json');
    expect(plan.exitCode).toBe(2);
    expect(plan.stdout).toContain('Plan: 2 to add, 0 to change, 0 to delete.');
    const apply = await runCli(['apply', '--auto-approve'], { cwd });
    expect(apply.stdout).toContain(
      'Apply complete! Resources: 2 added, 0 changed, 0 deleted. Workspace serial 1.',
    );
    const stale = await runCli(['apply', 'plan.json'], { cwd });
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain('made at serial 0, but the workspace is at serial 1');
    writeFileSync(
      join(cwd, 'automations/followup.yaml'),
      followup({ name: 'deal-nudge', meta: '  previousName: deal-followup\n' }),
    );
    expect((await runCli(['apply', '--auto-approve'], { cwd })).exitCode).toBe(0);
    const history = await runCli(['workspace', 'history', 'Automation/deal-nudge'], { cwd });
    expect(history.stdout).toMatch(/v2\s+deal-nudge\s+rename/);
    expect(history.stdout).toMatch(/v1\s+deal-followup\s+create/);
    const show = JSON.parse((await runCli(['workspace', 'show', '-o', 'json'], { cwd })).stdout);
    expect(show.workspace).toMatchObject({ serial: 2, location: url });
    expect((await runCli(['export', '--out', 'exported'], { cwd })).exitCode).toBe(0);
    expect(readdirSync(join(cwd, 'exported'))).toContain('automations');
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd })).stdout).toContain('No changes.');
  });

  it('apply fails at once on a lock held by another process, naming the holder', async () => {
    const { cwd, url } = await project();
    const store = await PgWorkspaceStore.open(url);
    const lock = await store.acquireLock(FOREIGN_LOCK);
    try {
      const blocked = await runCli(['apply', '--auto-approve'], { cwd });
      expect(blocked.exitCode).toBe(1);
      expect(blocked.stderr).toContain('locked by ci-42 (apply, host runner-7, pid 4242)');
      expect(blocked.stderr).toContain(lock.id);
      expect((await store.info()).serial).toBe(0);
    } finally {
      await store.close();
    }
  });
});
