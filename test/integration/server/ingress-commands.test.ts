/**
 * `aexy serve-ingress` and `aexy webhooks sign` next to `aexy serve`: the ingress listens for
 * SIGINT/SIGTERM before it prints its URL (a reader may stop it the moment it reads the line), and
 * `webhooks sign --url` builds the path of whichever server the URL names — a base URL the
 * ingress's `/hooks/WS/AUTOMATION`, an `aexy serve` workspace URL its `/workspaces/WS/hooks/AUTOMATION`
 * — each request accepted (202) by the real server it names.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as runCliInProcess } from '../../../src/cli.js';
import { hookUrl } from '../../../src/commands/webhooks.js';
import { type ApiServer, startApiServer } from '../../../src/server/server.js';
import type { WorkspaceBackend } from '../../../src/workspace/backend.js';
import { openBackend } from '../../../src/workspace/open-backend.js';
import { INBOUND_HOOK_AUTOMATION } from '../../helpers/automation-fixtures.js';
import { runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';

let dir: string;
let backend: WorkspaceBackend;
let api: ApiServer;

beforeAll(async () => {
  dir = makeTempProject({ 'aexy.yaml': 'name: hooks\n', 'automations.yaml': INBOUND_HOOK_AUTOMATION });
  const applied = await runCli(['apply', '--auto-approve'], { cwd: dir });
  expect(applied.exitCode, applied.stderr).toBe(0);
  backend = await openBackend(join(dir, '.aexy', 'workspace.db'));
  api = await startApiServer({ workspaces: { hooks: backend }, log: () => undefined });
});
afterAll(async () => {
  await api?.close();
  await backend?.close();
});

interface Running {
  /** The first stdout line. */
  line: string;
  /** SIGTERM listeners the command had added when it printed that line. */
  listenersAtPrint: number;
  /** Sends the command SIGTERM (its own listener, not the test process's) and waits for its exit code. */
  stop(): Promise<{ exitCode: number; stderr: string }>;
  /** Its SIGTERM listeners still installed (none once it stopped). */
  listenersLeft(): number;
}

/** Runs `aexy serve-ingress --port 0` in this process, resolving when it prints its URL. */
function startIngress(): Promise<Running> {
  const before = new Set(process.listeners('SIGTERM'));
  const added = () => process.listeners('SIGTERM').filter((l) => !before.has(l));
  let stderr = '';
  return new Promise((resolve, reject) => {
    let announced = false;
    const exit = runCliInProcess(['serve-ingress', '--port', '0'], {
      stdout: {
        write: (text: string) => {
          if (announced) return true;
          announced = true;
          // Read at the moment of printing: a reader may stop the process right now.
          const listenersAtPrint = added().length;
          const line = text.split('\n')[0];
          resolve({ line, listenersAtPrint, stop, listenersLeft: () => added().length });
          return true;
        },
        isTTY: false,
      },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
      stdin: process.stdin,
      env: { ...process.env, NO_COLOR: '1' },
      cwd: dir,
    });
    exit.catch(reject);
    async function stop() {
      for (let i = 0; i < 100 && added().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      for (const listener of added()) (listener as (s: NodeJS.Signals) => void)('SIGTERM');
      return { exitCode: await exit, stderr };
    }
  });
}

async function sign(url: string, body: string) {
  const signed = await runCli(['webhooks', 'sign', 'inbound', '--data', body, '--url', url, '-o', 'json'], {
    cwd: dir,
  });
  expect(signed.exitCode, signed.stderr).toBe(0);
  return JSON.parse(signed.stdout) as { url: string; headers: Record<string, string>; body: string };
}

async function send(signed: { url: string; headers: Record<string, string>; body: string }) {
  const res = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: signed.body });
  return { status: res.status, body: (await res.json()) as { eventId?: string } };
}

describe('aexy serve-ingress', () => {
  it('listens for SIGTERM before it prints its URL, and stops cleanly when stopped at once', async () => {
    const running = await startIngress();
    expect(running.line).toMatch(/^aexy ingress on http:\/\/127\.0\.0\.1:\d+ \(workspace hooks\)/);
    expect(running.listenersAtPrint).toBe(1);
    const { exitCode, stderr } = await running.stop();
    expect(exitCode).toBe(0);
    expect(stderr).toContain('SIGTERM: stopping the ingress');
    expect(running.listenersLeft()).toBe(0);
  });
});

describe('aexy webhooks sign --url', () => {
  it('builds the path of the server the URL names', () => {
    expect(hookUrl('http://127.0.0.1:8787', 'acme', 'in')).toBe('http://127.0.0.1:8787/hooks/acme/in');
    expect(hookUrl('http://h:9/prefix/', 'acme', 'in')).toBe('http://h:9/prefix/hooks/acme/in');
    expect(hookUrl('https://h/workspaces/beta', 'acme', 'in')).toBe('https://h/workspaces/beta/hooks/in');
    expect(hookUrl('https://h/api/workspaces/beta/', 'acme', 'in')).toBe(
      'https://h/api/workspaces/beta/hooks/in',
    );
    expect(hookUrl('https://h/workspaces/', 'acme', 'a b')).toBe('https://h/workspaces/acme/hooks/a%20b');
    // only the path decides: a host called "workspaces" is not a workspace URL
    expect(hookUrl('http://workspaces', 'acme', 'in')).toBe('http://workspaces/hooks/acme/in');
  });

  it('signs for aexy serve-ingress by default form and for aexy serve by workspace URL; both accept it', async () => {
    const running = await startIngress();
    const ingressUrl = /on (http:\/\/\S+)/.exec(running.line)?.[1] as string;
    try {
      const viaIngress = await sign(ingressUrl, '{"n":1}');
      expect(viaIngress.url).toBe(`${ingressUrl}/hooks/hooks/inbound`);
      const accepted = await send(viaIngress);
      expect(accepted.status).toBe(202);

      const viaServe = await sign(`${api.url}/workspaces/hooks`, '{"n":2}');
      expect(viaServe.url).toBe(`${api.url}/workspaces/hooks/hooks/inbound`);
      const served = await send(viaServe);
      expect(served.status).toBe(202);
      const stored = await backend.runtime.events.get(served.body.eventId as string);
      expect(stored?.event).toMatchObject({ type: 'webhook.received', target: 'inbound' });

      const named = await sign(`${api.url}/workspaces/`, '{"n":3}');
      expect(named.url).toBe(`${api.url}/workspaces/hooks/hooks/inbound`);
      expect((await send(named)).status).toBe(202);
      // the serve-ingress path sent to aexy serve is not a route there
      expect((await send({ ...viaIngress, url: `${api.url}/hooks/hooks/inbound` })).status).toBe(404);
    } finally {
      expect((await running.stop()).exitCode).toBe(0);
    }
  });
});
