/**
 * The SQLite backend's stores beyond definitions: webhook secrets (rotation with a grace period),
 * date-trigger firings (once, with their event, atomically), action idempotency keys, record search,
 * and openBackend's dispatch by location.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DateTriggerFiring } from '../../../src/workspace/backend.js';
import type { RuntimeEvent } from '../../../src/workspace/events/types.js';
import { openBackend } from '../../../src/workspace/open-backend.js';
import { openSqliteBackend, type SqliteBackend } from '../../../src/workspace/sqlite/backend.js';
import { SqliteWebhookSecretStore } from '../../../src/workspace/sqlite/webhook-secret-store.js';
import { DEFAULT_ROTATION_GRACE_MS } from '../../../src/workspace/webhook-secrets.js';
import { freshPostgresUrl } from '../../helpers/postgres.js';
import { tempWorkspacePath } from './helpers.js';

const opened: SqliteBackend[] = [];
afterEach(async () => {
  for (const b of opened.splice(0)) await b.close();
});

function open(path = tempWorkspacePath()): SqliteBackend {
  const backend = openSqliteBackend(path);
  opened.push(backend);
  return backend;
}

describe('SQLite webhook secrets', () => {
  it('creates a secret once, rotates it, and accepts the previous one only during the grace', async () => {
    const { db } = open();
    let now = new Date('2026-11-27T10:00:00Z');
    const secrets = new SqliteWebhookSecretStore(db, () => now);
    expect(await secrets.get('inbound')).toBeUndefined();
    expect(await secrets.valid('inbound')).toEqual([]);
    const first = await secrets.ensure('inbound');
    expect(first.secret).toMatch(/^whsec_/);
    expect((await secrets.ensure('inbound')).secret).toBe(first.secret);
    const rotated = await secrets.rotate('inbound', 60_000);
    expect(rotated.secret).not.toBe(first.secret);
    expect(rotated.previous).toEqual({ secret: first.secret, validUntil: '2026-11-27T10:01:00.000Z' });
    expect(await secrets.valid('inbound')).toEqual([rotated.secret, first.secret]);
    now = new Date('2026-11-27T10:01:00Z');
    expect(await secrets.valid('inbound')).toEqual([rotated.secret]);
  });

  it('rotates with a 24 hour grace by default, and creates the secret when rotating a new automation', async () => {
    const { webhookSecrets } = open();
    const rotated = await webhookSecrets.rotate('fresh');
    const grace = Date.parse(rotated.previous!.validUntil) - Date.parse(rotated.rotatedAt!);
    expect(grace).toBe(DEFAULT_ROTATION_GRACE_MS);
  });
});

function firing(over: Partial<DateTriggerFiring> = {}): { firing: DateTriggerFiring; event: RuntimeEvent } {
  const f: DateTriggerFiring = {
    key: 'renewal|rec_1|renewal_date|2026-12-01|0',
    automation: 'renewal',
    recordId: 'rec_1',
    field: 'renewal_date',
    value: '2026-12-01',
    offsetMs: 0,
    dueAt: '2026-12-01T00:00:00.000Z',
    eventId: 'date:renewal:rec_1:renewal_date:2026-12-01:0',
    firedAt: '2026-12-01T00:00:05.000Z',
    ...over,
  };
  const event: RuntimeEvent = {
    id: f.eventId,
    type: 'date.approaching',
    payload: { recordId: f.recordId },
    causation: [],
    occurredAt: f.dueAt,
    source: 'schedule',
    target: f.automation,
  };
  return { firing: f, event };
}

describe('SQLite date-trigger firings', () => {
  it('fires once: a repeat (same connection or another) writes nothing and appends no event', async () => {
    const path = tempWorkspacePath();
    const a = open(path);
    const b = open(path);
    const one = firing();
    expect(await a.dateTriggers.fireOnce(one.firing, one.event)).toBe(true);
    expect(await a.dateTriggers.fireOnce(one.firing, one.event)).toBe(false);
    expect(await b.dateTriggers.fireOnce(one.firing, { ...one.event, id: 'other-id' })).toBe(false);
    const events = await b.runtime.events.list({ limit: 10 });
    expect(events.map((e) => e.event.id)).toEqual([one.firing.eventId]);
    const moved = firing({ key: 'renewal|rec_1|renewal_date|2026-12-02|0', eventId: 'date:moved' });
    expect(await b.dateTriggers.fireOnce(moved.firing, moved.event)).toBe(true);
    expect(a.db.prepare('SELECT COUNT(*) AS n FROM date_trigger_fires').get()).toEqual({ n: 2 });
  });

  it('concurrent firings of the same key from two connections: exactly one wins', async () => {
    const path = tempWorkspacePath();
    const backends = [open(path), open(path), open(path)];
    const one = firing();
    const results = await Promise.all(backends.map((b) => b.dateTriggers.fireOnce(one.firing, one.event)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('SQLite idempotency store', () => {
  it('returns the first output for a key; a second put does not overwrite it', async () => {
    const path = tempWorkspacePath();
    const { idempotency } = open(path);
    expect(await idempotency.get('k1')).toBeUndefined();
    await idempotency.put('k1', { sent: 1 });
    await idempotency.put('k1', { sent: 2 });
    expect(await idempotency.get('k1')).toEqual({ output: { sent: 1 } });
    await idempotency.put('k2', undefined);
    expect(await idempotency.get('k2')).toEqual({ output: null });
    expect(await open(path).idempotency.get('k1')).toEqual({ output: { sent: 1 } });
  });
});

describe('SQLite record search', () => {
  it('filters by equality (null matches missing), substring, sorts and limits with the full total', async () => {
    const { records } = open().runtime;
    await records.create('deals', { name: 'Acme Renewal', stage: 'won', amount: 300, vip: true });
    await records.create('deals', { name: 'Globex', stage: 'won', amount: 100 });
    await records.create('deals', { name: 'Initech ACME', stage: 'lost', amount: 200 });
    await records.create('contacts', { name: 'Acme CTO' });
    const won = await records.search({ object: 'deals', where: { stage: 'won' }, sort: '-amount', limit: 1 });
    expect(won.total).toBe(2);
    expect(won.records.map((r) => r.values.name)).toEqual(['Acme Renewal']);
    const acme = await records.search({ object: 'deals', query: 'acme', sort: 'amount', limit: 10 });
    expect(acme.records.map((r) => r.values.name)).toEqual(['Initech ACME', 'Acme Renewal']);
    const noVip = await records.search({ object: 'deals', where: { vip: null }, limit: 10 });
    expect(noVip.records.map((r) => r.values.name).sort()).toEqual(['Globex', 'Initech ACME']);
    const vip = await records.search({ object: 'deals', where: { vip: true }, limit: 10 });
    expect(vip.total).toBe(1);
    // A sort slug cannot inject SQL: only [a-zA-Z0-9_] of it is used.
    const odd = await records.search({ object: 'deals', sort: "amount') DESC; --", limit: 10 });
    expect(odd.total).toBe(3);
  });
});

describe('openBackend', () => {
  it('opens a file path as the SQLite backend with every store', async () => {
    const path = tempWorkspacePath();
    const backend = await openBackend(path);
    try {
      expect(backend.kind).toBe('sqlite');
      expect(backend.location).toBe(path);
      expect((await backend.store.info()).serial).toBe(0);
      expect(await backend.tokens.list()).toEqual([]);
    } finally {
      await backend.close();
    }
  });

  it('opens postgres:// (and postgresql://) URLs with the PostgreSQL backend, loaded on demand', async () => {
    const url = await freshPostgresUrl('open-backend');
    for (const location of [url, url.replace(/^postgres:/, 'postgresql:')]) {
      const backend = await openBackend(location);
      try {
        expect(backend.kind).toBe('postgres');
        expect((await backend.store.info()).serial).toBe(0);
      } finally {
        await backend.close();
      }
    }
  });

  it('refuses an unknown scheme, naming the supported ones and hiding credentials', async () => {
    await expect(openBackend('mysql://root:hunter2@db/acme')).rejects.toThrow(
      /unsupported workspace location mysql:\/\/root:\*\*\*@db\/acme: use a file path, postgres:\/\/, postgresql:\/\/, http:\/\/ or https:\/\//,
    );
  });
});
