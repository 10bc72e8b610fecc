/**
 * Two CI jobs apply at once through the server, as two separate CLI processes: one takes the
 * workspace lock and applies; the other is refused at once with the holder's details (the same
 * message as against a local file) and changes nothing. The server's apply is slowed down so the
 * two overlap whatever the machine's speed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceBackend } from '../../../src/workspace/backend.js';
import type { ApplyRequest, WorkspaceStore } from '../../../src/workspace/store.js';
import { makeTempProject } from '../../helpers/project.js';
import { AUTOMATIONS, type RemoteWorkspace, startRemoteWorkspace, storeKinds } from './remote-workspace.js';
import { cliEntry, spawnSourceCli } from './spawn-cli.js';

const EXTRA = `---
apiVersion: aexy/v1
kind: Automation
metadata:
  name: lost-deal-note
spec:
  module: crm
  trigger: { type: stage.changed, object: deals, to: lost }
  workflow:
    steps:
      - id: note
        action: create_record
        with: { object: tasks, values: { title: "Ask why" } }
`;

/** The backend with an apply that takes `ms` longer (the lock is held meanwhile). */
function slowApply(backend: WorkspaceBackend, ms: number): WorkspaceBackend {
  const store = new Proxy(backend.store, {
    get(target, key) {
      if (key === 'apply')
        return async (request: ApplyRequest) => {
          await new Promise((resolve) => setTimeout(resolve, ms));
          return target.apply(request);
        };
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as WorkspaceStore;
  return new Proxy(backend, {
    get: (target, key) => (key === 'store' ? store : Reflect.get(target, key, target)),
  });
}

describe.each(storeKinds())('concurrent applies through aexy serve on %s', (kind) => {
  let remote: RemoteWorkspace;
  beforeAll(async () => {
    cliEntry();
    remote = await startRemoteWorkspace(kind, (backend) => slowApply(backend, 3000));
  });
  afterAll(async () => {
    await remote?.close();
  });

  it('lets one win; the other exits 1 naming the holder; one new serial, no partial state', async () => {
    const a = makeTempProject({ 'aexy.yaml': 'name: job-a\n', 'automations.yaml': AUTOMATIONS });
    const b = makeTempProject({ 'aexy.yaml': 'name: job-b\n', 'automations.yaml': AUTOMATIONS + EXTRA });
    const apply = (cwd: string, actor: string) =>
      spawnSourceCli(['apply', '--auto-approve'], { cwd, env: { ...remote.env(), AEXY_ACTOR: actor } });
    const results = await Promise.all([apply(a, 'ci-job-a'), apply(b, 'ci-job-b')]);
    const codes = results.map((r) => r.exitCode).sort();
    expect(codes, results.map((r) => r.stderr).join('\n')).toEqual([0, 1]);
    const winner = results[0].exitCode === 0 ? 'ci-job-a' : 'ci-job-b';
    const loser = results.find((r) => r.exitCode === 1);
    expect(loser?.stderr).toMatch(
      new RegExp(
        `error: the workspace is locked by ${winner} \\(apply, host [^,]+, pid \\d+\\) since \\S+; lock \\S+ expires \\S+`,
      ),
    );
    expect(loser?.stderr).toContain(
      'hint: wait for it (--lock-timeout 5m), or if that process is gone: aexy workspace unlock',
    );
    const info = await remote.backend.store.info();
    expect(info.serial).toBe(1);
    const names = (await remote.backend.store.currentVersions()).map((v) => v.name).sort();
    const expected = ['big-discount', 'won-deal-task', ...(winner === 'ci-job-b' ? ['lost-deal-note'] : [])];
    expect(names).toEqual(expected.sort());
    expect(await remote.backend.store.locks()).toEqual([]);
  });
});
