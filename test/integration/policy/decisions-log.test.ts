import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compilePolicies,
  counterView,
  decide,
  decisionRecord,
  type PolicyCall,
} from '../../../src/policy/index.js';
import { SqliteDecisionLog } from '../../../src/workspace/sqlite/decision-log.js';
import { openDatabase } from '../../../src/workspace/sqlite/open.js';
import { policy } from '../../unit/policy/policy-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'aexy-policy-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decisions log on SQLite', () => {
  it('records every decision with redacted arguments and lists them newest first, filtered', async () => {
    const db = openDatabase(join(dir, 'workspace.db'));
    const log = new SqliteDecisionLog(db);
    const index = compilePolicies([policy({ name: 'no-sms', type: 'tool_block', tools: ['send_sms'] })]);
    const calls: PolicyCall[] = [
      {
        agent: 'outreach',
        tool: 'send_email',
        args: { to: 'a@b.com', body: 'key sk-live-123456 inside', apiKey: 'abc' },
      },
      { agent: 'outreach', tool: 'send_sms', args: { to: '+100' } },
      { agent: 'scorer', tool: 'send_sms', args: { to: '+200' } },
    ];
    for (const [i, call] of calls.entries()) {
      const decision = decide(index, call, counterView(), { now: '2026-11-27T12:00:00Z' });
      const at = `2026-11-27T12:00:0${i}Z`;
      await log.record(decisionRecord(call, decision, { at, run: `run-${i}`, secrets: ['sk-live-123456'] }));
    }
    const all = await log.list();
    expect(all.map((d) => [d.agent, d.tool, d.outcome])).toEqual([
      ['scorer', 'send_sms', 'BLOCK'],
      ['outreach', 'send_sms', 'BLOCK'],
      ['outreach', 'send_email', 'ALLOW'],
    ]);
    expect(all[2].args).toEqual({ to: 'a@b.com', body: 'key [REDACTED] inside', apiKey: '[REDACTED]' });
    expect(all[1]).toMatchObject({ run: 'run-1', reason: 'no-sms: tool send_sms is blocked for outreach' });
    expect(all[1].matched).toEqual([expect.objectContaining({ policy: 'no-sms', outcome: 'BLOCK' })]);
    expect((await log.list({ agent: 'outreach', outcome: 'BLOCK' })).map((d) => d.run)).toEqual(['run-1']);
    expect(await log.list({ limit: 1 })).toHaveLength(1);
    db.close();
  });
});
