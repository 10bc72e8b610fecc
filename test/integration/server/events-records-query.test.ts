// biome-ignore-all lint/suspicious/noExplicitAny: the answers under test are untyped JSON, read field by field
/**
 * Reads added for the remote CLI, on SQLite and PostgreSQL workspaces: `GET /events/{id}` (one event
 * with its routing state, any age: what `events emit --wait` polls) and `GET /records?where=` (the
 * `records list --where` filters, in their text form, parsed by the CLI's parser: the same records as
 * the store's own list with those filters).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/workspace/records/filters.js';
import type { RecordFilter } from '../../../src/workspace/records/types.js';
import { type StoreKind, startTestServer, type TestServer } from './server-fixture.js';

const DEALS = [
  { name: 'Acme, Inc.', stage: 'won', amount: 12_000, hot: true },
  { name: 'Globex', stage: 'won', amount: 9_000, hot: false },
  { name: 'Initech', stage: 'lost', amount: 50_000, hot: true },
  { name: 'Umbrella', stage: 'negotiation', amount: 10_000 },
  { name: '10', stage: 'won', amount: 1 },
];

describe.each<StoreKind>(['sqlite', 'postgres'])('on %s workspaces', (kind) => {
  let t: TestServer;
  const read = () => t.tokens.acme.read;
  const where = (...filters: string[]) =>
    `/workspaces/acme/records?object=deals&${filters.map((f) => `where=${encodeURIComponent(f)}`).join('&')}`;
  const names = (answer: { body: any }) => answer.body.records.map((r: any) => r.values.name).sort();

  beforeAll(async () => {
    t = await startTestServer({}, kind);
    for (const values of DEALS) await t.acme.runtime.records.create('deals', values);
    await t.acme.runtime.records.create('contacts', { name: 'Ann', stage: 'won' });
  });
  afterAll(() => t.close());

  it('GET /events/{id}: one event with its routing state, however old; 404 otherwise, per workspace', async () => {
    const event = (id: string) => ({
      id,
      type: 'deal.pinged',
      payload: { n: id },
      causation: [],
      occurredAt: new Date().toISOString(),
      source: 'cli' as const,
    });
    // 1,001 newer events after it: a scan of the newest 1,000 would miss it
    await t.acme.runtime.events.append([event('ev-old')]);
    await t.acme.runtime.events.append(Array.from({ length: 1001 }, (_, i) => event(`ev-${i}`)));
    const answer = await t.request('GET', '/workspaces/acme/events/ev-old', { token: read() });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      seq: expect.any(Number),
      event: { id: 'ev-old', type: 'deal.pinged', payload: { n: 'ev-old' } },
      routedAt: null,
      finishedAt: null,
    });
    expect(answer.body).toEqual(await t.acme.runtime.events.get('ev-old'));
    const missing = await t.request('GET', '/workspaces/acme/events/ev-nope', { token: read() });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    const beta = await t.request('GET', '/workspaces/beta/events/ev-old', { token: t.tokens.beta.read });
    expect(beta.status).toBe(404);
  });

  it('GET /records?where=: the same records as the store lists for those filters', async () => {
    const cases: string[][] = [
      ['stage=won'],
      ['stage=won', 'amount>=10000'],
      ['amount<10000'],
      ['stage!=won'],
      ['hot=true'],
      ['name~Inc'],
      ['name=Acme, Inc.'],
      ['name="10"'],
      ['name=10'],
    ];
    for (const filters of cases) {
      const answer = await t.request('GET', where(...filters), { token: read() });
      expect(answer.status, filters.join(' ')).toBe(200);
      const local = await t.acme.runtime.records.list('deals', {
        where: filters.map((f) => parseFilter(f) as RecordFilter),
      });
      expect(names(answer), filters.join(' ')).toEqual(local.map((r) => r.values.name).sort());
    }
    expect(names(await t.request('GET', where('stage=won', 'amount>=10000'), { token: read() }))).toEqual([
      'Acme, Inc.',
    ]);
    // a comma is part of the value, not a separator
    expect(names(await t.request('GET', where('name=Acme, Inc.'), { token: read() }))).toEqual([
      'Acme, Inc.',
    ]);
    expect(names(await t.request('GET', where('name="10"'), { token: read() }))).toEqual(['10']);
  });

  it('GET /records?where= without an object filters every object; limit and offset still apply', async () => {
    const all = await t.request('GET', '/workspaces/acme/records?where=stage%3Dwon', { token: read() });
    expect(names(all)).toEqual(['10', 'Acme, Inc.', 'Ann', 'Globex']);
    const paged = await t.request('GET', `${where('stage=won')}&limit=1&offset=1`, { token: read() });
    expect(paged.body.records).toHaveLength(1);
  });

  it('refuses a filter it cannot read, and too many filters, with 400', async () => {
    const bad = await t.request('GET', where('no operator here'), { token: read() });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'bad_request']);
    expect(bad.body.error.message).toContain('cannot read filter "no operator here"');
    const many = Array.from({ length: 21 }, (_, i) => `f${i}=1`);
    const tooMany = await t.request('GET', where(...many), { token: read() });
    expect([tooMany.status, tooMany.body.error.message]).toEqual([400, 'at most 20 where filters, got 21']);
  });
});
