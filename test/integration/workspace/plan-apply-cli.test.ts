import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';
import { AGENTS, demoProject, FOREIGN_LOCK, followup, PROJECT, RICH, simple } from './fixtures.js';

describe('aexy plan / apply', () => {
  it('plans creates, applies them, then plans no changes', async () => {
    const cwd = demoProject();
    const plan = await runCli(['plan', '--detailed-exitcode'], { cwd });
    expect(plan.stderr).toBe('');
    expect(plan.exitCode).toBe(2);
    expect(plan.stdout).toContain('+ Automation/deal-followup');
    expect(plan.stdout).toContain('Plan: 2 to add, 0 to change, 0 to delete.');
    const apply = await runCli(['apply', '--auto-approve'], { cwd });
    expect(apply.exitCode).toBe(0);
    expect(apply.stdout).toContain(
      'Apply complete! Resources: 2 added, 0 changed, 0 deleted. Workspace serial 1.',
    );
    const again = await runCli(['plan', '--detailed-exitcode'], { cwd });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('No changes.');
  });

  it('shows field and step diffs for an update', async () => {
    const cwd = demoProject();
    await runCli(['apply', '--auto-approve'], { cwd });
    const extra =
      '      - id: log\n        action: send_email\n        with: { to: "a@b.c", subject: Log, body: x }\n';
    writeFileSync(join(cwd, 'automations/followup.yaml'), followup({ days: '5d', extra }));
    const plan = await runCli(['plan'], { cwd });
    expect(plan.stdout).toContain('~ Automation/deal-followup');
    expect(plan.stdout).toContain('~ pause (wait) changed');
    expect(plan.stdout).toContain('+ log (action) added');
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to delete.');
    const json = JSON.parse((await runCli(['plan', '-o', 'json'], { cwd })).stdout);
    expect(json.kind).toBe('plan');
    expect(json.plan.formatVersion).toBe(1);
    const change = json.plan.changes.find(
      (c: { address: string }) => c.address === 'Automation/deal-followup',
    );
    expect(change.steps.steps).toContainEqual({ id: 'log', change: 'added', kind: 'action' });
    const md = (await runCli(['plan', '-o', 'markdown'], { cwd })).stdout;
    expect(md).toContain('| 🟡 | `Automation/deal-followup` | update |');
    expect(md).toContain('```mermaid');
    expect(md).toMatch(/class [a-z_,]*\blog\b[a-z_,]* added/);
  });

  it('never prompts without a TTY: refuses with exit 2 naming --auto-approve', async () => {
    const cwd = demoProject();
    const result = await runCli(['apply'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--auto-approve');
    expect(
      JSON.parse((await runCli(['workspace', 'show', '-o', 'json'], { cwd })).stdout).workspace.serial,
    ).toBe(0);
  });

  it('asks on a TTY and applies on yes', async () => {
    const cwd = demoProject();
    const no = await runCli(['apply'], { cwd, tty: true, stdin: 'no\n' });
    expect(no.exitCode).toBe(1);
    const yes = await runCli(['apply'], { cwd, tty: true, stdin: 'yes\n' });
    expect(yes.exitCode).toBe(0);
    expect(yes.stdout).toContain('Apply complete!');
  });

  it('applies a saved plan exactly, and refuses it once stale', async () => {
    const cwd = demoProject();
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd })).exitCode).toBe(0);
    expect((await runCli(['apply', 'plan.json'], { cwd })).exitCode).toBe(0);
    const stale = await runCli(['apply', 'plan.json'], { cwd });
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain(
      'the saved plan is stale: it was made at serial 0, but the workspace is at serial 1',
    );
  });

  it('deletes only with --prune, refuses deleting everything without --allow-empty', async () => {
    const cwd = demoProject();
    await runCli(['apply', '--auto-approve'], { cwd });
    rmSync(join(cwd, 'automations/welcome.yaml'));
    const kept = await runCli(['plan'], { cwd });
    expect(kept.stdout).toContain('kept (use --prune to delete): Automation/welcome');
    const pruned = await runCli(['apply', '--auto-approve', '--prune'], { cwd });
    expect(pruned.stdout).toContain('0 added, 0 changed, 1 deleted');
    rmSync(join(cwd, 'automations/followup.yaml'));
    const all = await runCli(['apply', '--auto-approve', '--prune'], { cwd });
    expect(all.exitCode).toBe(1);
    expect(all.stderr).toContain('plan/delete-all');
    expect((await runCli(['apply', '--auto-approve', '--prune', '--allow-empty'], { cwd })).exitCode).toBe(0);
  });

  it('protected resources survive --prune after their file is removed', async () => {
    const cwd = demoProject({
      'automations/welcome.yaml': simple('welcome').replace(
        '  name: welcome\n',
        '  name: welcome\n  protected: true\n',
      ),
    });
    await runCli(['apply', '--auto-approve'], { cwd });
    rmSync(join(cwd, 'automations/welcome.yaml'));
    const result = await runCli(['apply', '--auto-approve', '--prune'], { cwd });
    expect(result.stderr).toContain('Automation/welcome is protected and is not deleted');
    const show = JSON.parse((await runCli(['workspace', 'show', '-o', 'json'], { cwd })).stdout);
    expect(show.resources.map((r: { address: string }) => r.address)).toContain('Automation/welcome');
  });

  it('renames with metadata.previousName and keeps the history', async () => {
    const cwd = demoProject();
    await runCli(['apply', '--auto-approve'], { cwd });
    writeFileSync(
      join(cwd, 'automations/followup.yaml'),
      followup({ name: 'deal-nudge', meta: '  previousName: deal-followup\n' }),
    );
    const plan = await runCli(['plan'], { cwd });
    expect(plan.stdout).toContain('> Automation/deal-nudge');
    expect(plan.stdout).toContain('renamed from Automation/deal-followup');
    await runCli(['apply', '--auto-approve'], { cwd });
    const history = await runCli(['workspace', 'history', 'Automation/deal-nudge'], { cwd });
    expect(history.stdout).toMatch(/v2\s+deal-nudge\s+rename/);
    expect(history.stdout).toMatch(/v1\s+deal-followup\s+create/);
  });

  it('exports canonical YAML that plans as no changes', async () => {
    const cwd = demoProject({ 'automations/rich.yaml': RICH, 'automations/agents.yaml': AGENTS });
    const validate = await runCli(['validate'], { cwd });
    expect(validate.exitCode, validate.stdout).toBe(0);
    await runCli(['apply', '--auto-approve'], { cwd });
    expect((await runCli(['export', '--out', 'exported'], { cwd })).exitCode).toBe(0);
    const other = makeTempProject({ 'aexy.yaml': 'name: exported\n' });
    const ws = join(cwd, '.aexy/workspace.db');
    const { cpSync } = await import('node:fs');
    cpSync(join(cwd, 'exported'), join(other, 'automations'), { recursive: true });
    expect(readdirSync(join(other, 'automations')).sort()).toEqual(['agents', 'automations', 'policies']);
    const plan = await runCli(['plan', '--detailed-exitcode', '--workspace', ws], { cwd: other });
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('No changes.');
    expect(plan.exitCode).toBe(0);
  });
});

describe('aexy import', () => {
  it('writes YAML that plans and applies', async () => {
    const { readFileSync } = await import('node:fs');
    const json = readFileSync(
      new URL('../../fixtures/import/fan-out-template.json', import.meta.url),
      'utf8',
    );
    const cwd = makeTempProject({ 'aexy.yaml': PROJECT, 'in.json': json });
    const result = await runCli(['import', 'in.json', '--out', 'automations', '--object', 'leads'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Wrote automations/parallel-outreach.yaml.');
    expect(result.exitCode).toBe(0);
    const apply = await runCli(['apply', '--auto-approve'], { cwd });
    expect(apply.stdout).toContain('1 added');
  });

  it('exits 1 and explains what could not be mapped', async () => {
    const { readFileSync } = await import('node:fs');
    const json = readFileSync(
      new URL('../../fixtures/import/fan-out-template.json', import.meta.url),
      'utf8',
    );
    const cwd = makeTempProject({ 'in.json': json });
    const result = await runCli(['import', 'in.json'], { cwd });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('apiVersion: aexy/v1');
    expect(result.stderr).toContain('[import/object-id]');
    expect(result.stderr).toContain('fix: run again with --object SLUG');
  });
});

describe('aexy workspace', () => {
  it('apply fails at once on a held lock, naming the holder and how to unlock; unlock frees it', async () => {
    const cwd = makeTempProject({ 'aexy.yaml': PROJECT, 'automations/welcome.yaml': simple('welcome') });
    const { SqliteWorkspaceStore } = await import('../../../src/workspace/sqlite/store.js');
    const store = SqliteWorkspaceStore.open(join(cwd, '.aexy/workspace.db'));
    const lock = await store.acquireLock(FOREIGN_LOCK);
    await store.close();
    const blocked = await runCli(['apply', '--auto-approve'], { cwd });
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stderr).toContain('locked by ci-42 (apply, host runner-7, pid 4242)');
    expect(blocked.stderr).toContain(`aexy workspace unlock ${lock.id}`);
    const shown = await runCli(['workspace', 'show'], { cwd });
    expect(shown.stdout).toContain(`locked by ci-42`);
    const unlocked = await runCli(['workspace', 'unlock', lock.id], { cwd });
    expect(unlocked.stdout).toContain(`Removed lock ${lock.id} held by ci-42`);
    expect((await runCli(['apply', '--auto-approve'], { cwd })).exitCode).toBe(0);
    const history = JSON.parse(
      (await runCli(['workspace', 'history', 'Automation/welcome', '-o', 'json'], { cwd })).stdout,
    );
    expect(history.current.version).toBe(1);
    expect(history.versions[0].sourceText).toContain('name: welcome');
  });

  it('honours --workspace and AEXY_WORKSPACE', async () => {
    const cwd = makeTempProject({ 'aexy.yaml': PROJECT, 'automations/welcome.yaml': simple('welcome') });
    await runCli(['apply', '--auto-approve', '--workspace', 'elsewhere.db'], { cwd });
    const viaEnv = await runCli(['workspace', 'show', '-o', 'json'], {
      cwd,
      env: { AEXY_WORKSPACE: join(cwd, 'elsewhere.db') },
    });
    expect(JSON.parse(viaEnv.stdout).workspace.serial).toBe(1);
    const defaultOne = await runCli(['workspace', 'show', '-o', 'json'], { cwd });
    expect(JSON.parse(defaultOne.stdout).workspace.serial).toBe(0);
  });
});

describe('aexy plan --lock', () => {
  it('takes the lock while reading, and waits for it with --lock-timeout', async () => {
    const cwd = makeTempProject({ 'aexy.yaml': PROJECT, 'automations/welcome.yaml': simple('welcome') });
    expect((await runCli(['plan', '--lock'], { cwd })).exitCode).toBe(0);
    const { SqliteWorkspaceStore } = await import('../../../src/workspace/sqlite/store.js');
    const store = SqliteWorkspaceStore.open(join(cwd, '.aexy/workspace.db'));
    const lock = await store.acquireLock({
      holder: 'other',
      operation: 'apply',
      host: 'h',
      pid: 1,
      ttlMs: 60_000,
      waitMs: 0,
    });
    const blocked = await runCli(['plan', '--lock'], { cwd });
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stderr).toContain('locked by other');
    setTimeout(() => void store.releaseLock(lock.id), 200);
    const waited = await runCli(['plan', '--lock', '--lock-timeout', '5s'], { cwd });
    expect(waited.exitCode).toBe(0);
    expect(await store.locks()).toEqual([]);
    await store.close();
  });
});
