/**
 * Several processes (4 by default; AEXY_RACE_PROCESSES and AEXY_RACE_EVENTS to measure) share one PostgreSQL workspace's
 * runtime stores and race phase by phase (pg-runtime-race-child.ts): no event is claimed by two
 * routers and none is left; run-limit reservations stop exactly at the limit and hand out each
 * count once; policy reservations stop exactly at the limit, all or nothing; concurrent updates
 * of one record lose nothing; one write per idempotency key; step numbers stay 1..n.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceBackend } from '../../../src/workspace/backend.js';
import { openPostgresBackend } from '../../../src/workspace/postgres/backend.js';
import { buildChildScript, type Child, killHard, spawnReady } from '../../helpers/child-process.js';
import { freshPostgresUrl } from '../../helpers/postgres.js';

const PROCESSES = Number(process.env.AEXY_RACE_PROCESSES ?? 4);
const OPS = 50;
const EVENTS = Number(process.env.AEXY_RACE_EVENTS ?? 200);
const RUN_LIMIT = 37;
const POLICY_LIMIT = 53;

type Done = Record<string, unknown> & { started: number; ended: number };

let script: string;
const dir = mkdtempSync(join(tmpdir(), 'aexy-pgrt-'));
beforeAll(async () => {
  script = await buildChildScript(fileURLToPath(new URL('./pg-runtime-race-child.ts', import.meta.url)));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves with the child's `DONE <phase>` result. */
function done(child: Child, phase: string, timeoutMs = 60_000): Promise<Done> {
  return new Promise((resolve, reject) => {
    const prefix = `DONE ${phase} `;
    const timer = setTimeout(
      () => reject(new Error(`no ${phase} result in ${timeoutMs} ms:\n${child.output()}`)),
      timeoutMs,
    );
    const check = () => {
      const line = child
        .output()
        .split('\n')
        .find((l) => l.startsWith(prefix));
      if (!line) return;
      clearTimeout(timer);
      child.process.stdout?.off('data', check);
      resolve(JSON.parse(line.slice(prefix.length)) as Done);
    };
    child.process.stdout?.on('data', check);
    child.process.once('exit', () => setTimeout(check, 0));
    check();
  });
}

async function seed(backend: WorkspaceBackend): Promise<void> {
  const { events, records, runs } = backend.runtime;
  const at = '2026-11-27T10:00:00.000Z';
  await events.append(
    Array.from({ length: EVENTS }, (_, i) => ({
      id: `e${i}`,
      type: 't',
      payload: {},
      causation: [],
      occurredAt: at,
      source: 'cli' as const,
    })),
  );
  await records.create('deals', { name: 'Shared' }, { id: 'shared' });
  const event = { id: 'x', type: 't', payload: {}, causation: [], occurredAt: at, source: 'cli' as const };
  await runs.createRun({
    id: 'shared-run',
    automation: 'a',
    versionId: 1,
    version: 1,
    status: 'RUNNING',
    event,
  });
}

describe(`PostgreSQL runtime stores shared by ${PROCESSES} processes`, () => {
  it('claims, reserves, counts and writes exactly under concurrency', { timeout: 120_000 }, async () => {
    const url = await freshPostgresUrl('runtime_race');
    const backend = await openPostgresBackend(url);
    await seed(backend);
    const base = {
      WS_URL: url,
      GO_DIR: dir,
      OPS: String(OPS),
      RUN_LIMIT: String(RUN_LIMIT),
      POLICY_LIMIT: String(POLICY_LIMIT),
    };
    const children = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) => spawnReady(script, { ...base, NAME: `p${i}` })),
    );
    const phase = async (name: string) => {
      writeFileSync(join(dir, name), '');
      return Promise.all(children.map((c) => done(c, name)));
    };
    try {
      const claims = await phase('claims');
      const claimed = claims.flatMap((r) => r.ids as string[]);
      const total = EVENTS + 1; // and the shared record's record.created
      expect(claimed).toHaveLength(total); // nobody got an event twice...
      expect(new Set(claimed).size).toBe(total); // ...and none was left behind
      expect(await backend.runtime.events.list({ unroutedOnly: true })).toEqual([]);
      const seconds =
        (Math.max(...claims.map((r) => r.ended)) - Math.min(...claims.map((r) => r.started))) / 1000;
      console.log(
        `[pg-race] ${PROCESSES} processes claimed+finished ${total} events in ${seconds.toFixed(2)} s: ${Math.round(total / seconds)} events/s`,
      );

      const reservations = (await phase('runs')).flatMap((r) => r.used as number[]);
      const runs = Math.min(RUN_LIMIT, PROCESSES * OPS);
      expect(reservations.sort((a, b) => a - b)).toEqual(Array.from({ length: runs }, (_, i) => i + 1));
      expect(await backend.runtime.counters.usedRuns('limited', '2026-11')).toBe(runs);

      const accepted = (await phase('policy')).reduce((n, r) => n + (r.accepted as number), 0);
      const calls = Math.min(POLICY_LIMIT, PROCESSES * OPS);
      expect(accepted).toBe(calls);
      expect(await backend.policyCounters.readMany(['rate', 'budget'])).toEqual(
        new Map([
          ['rate', calls],
          ['budget', 2 * calls],
        ]),
      );

      const firsts = (await phase('records')).flatMap((r) => r.firsts as string[]);
      const shared = await backend.runtime.records.get('deals', 'shared');
      expect(shared?.version).toBe(1 + (PROCESSES * OPS) / 2);
      expect(Object.keys(shared?.values ?? {})).toHaveLength(1 + (PROCESSES * OPS) / 2);
      expect(firsts.sort()).toEqual(Array.from({ length: 10 }, (_, k) => `idem_${k}`).sort());

      await phase('steps');
      const seqs = (await backend.runtime.runs.steps('shared-run')).map((s) => s.seq);
      expect(seqs).toEqual(Array.from({ length: (PROCESSES * OPS) / 2 }, (_, i) => i + 1));
    } finally {
      await Promise.all(children.map(killHard));
      await backend.close();
    }
  });
});
