/**
 * Two processes race acquireLock + apply on one PostgreSQL workspace: exactly one apply lands, the
 * other gets LockHeldError naming the winner (holder, host, pid); the serial moves by one and every
 * resource carries the winner's tag (no mix, no partial state).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgWorkspaceStore } from '../../../src/workspace/postgres/store.js';
import { buildChildScript, type Child, killHard, spawnReady } from '../../helpers/child-process.js';
import { freshPostgresUrl } from '../../helpers/postgres.js';

let script: string;
const dir = mkdtempSync(join(tmpdir(), 'aexy-pgrace-'));
beforeAll(async () => {
  script = await buildChildScript(fileURLToPath(new URL('./pg-lock-race-child.ts', import.meta.url)));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  applied?: { serial: number; created: number; updated: number };
  error?: string;
  message?: string;
  lock?: { holder: string; pid: number };
}

function outcome(child: Child, timeoutMs = 20_000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no result in ${timeoutMs} ms:\n${child.output()}`)),
      timeoutMs,
    );
    const check = () => {
      const line = child
        .output()
        .split('\n')
        .find((l) => l.startsWith('RESULT '));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice('RESULT '.length)) as Outcome);
    };
    child.process.stdout?.on('data', check);
    check();
  });
}

/** Subjects the resources carry: which child's apply wrote them. */
async function tags(url: string): Promise<{ serial: number; subjects: Set<string>; count: number }> {
  const store = await PgWorkspaceStore.open(url);
  const state = await store.state();
  const subjects = new Set(
    state.resources.map(
      (r) => (r.ir as unknown as { steps: Array<{ with: { subject: string } }> }).steps[0].with.subject,
    ),
  );
  await store.close();
  return { serial: state.serial, subjects, count: state.resources.length };
}

async function race(url: string, round: number): Promise<[Outcome, Outcome, ChildProcess[]]> {
  const go = join(dir, `go-${round}`);
  const release = join(dir, `release-${round}`);
  const env = (holder: string) => ({ WS_URL: url, HOLDER: holder, GO_FILE: go, RELEASE_FILE: release });
  const children = await Promise.all([
    spawnReady(script, env(`a${round}`)),
    spawnReady(script, env(`b${round}`)),
  ]);
  try {
    writeFileSync(go, '');
    // The winner reports after its apply and holds the lock until both have reported.
    const [a, b] = await Promise.all(children.map((c) => outcome(c)));
    writeFileSync(release, '');
    await Promise.all(children.map((c) => exitOf(c.process)));
    return [a, b, children.map((c) => c.process)];
  } finally {
    await Promise.all(children.map(killHard));
  }
}

function exitOf(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child ${child.pid} did not exit`)), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('PostgreSQL: two processes race for the lock and apply', () => {
  it('exactly one apply lands per round; the other names the holder; the serial moves by one', async () => {
    const url = await freshPostgresUrl('lockrace');
    for (let round = 1; round <= 3; round++) {
      const [a, b, processes] = await race(url, round);
      const winners = [a, b].filter((o) => o.applied);
      const losers = [a, b].filter((o) => o.error);
      expect(winners, JSON.stringify([a, b])).toHaveLength(1);
      expect(losers).toHaveLength(1);
      const winnerIndex = a.applied ? 0 : 1;
      const winner = `${winnerIndex === 0 ? 'a' : 'b'}${round}`;
      expect(winners[0].applied?.serial).toBe(round);
      expect(losers[0].error).toBe('LockHeldError');
      expect(losers[0].lock).toMatchObject({ holder: winner, pid: processes[winnerIndex].pid });
      expect(losers[0].message).toContain(`locked by ${winner} (apply, host`);
      expect(await tags(url)).toEqual({ serial: round, subjects: new Set([winner]), count: 30 });
    }
  }, 90_000);
});
