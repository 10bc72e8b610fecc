/**
 * Record store conformance: writes with their events and idempotency keys, `records list` filters
 * and `search_records` behave the same on SQLite and PostgreSQL. The filter and search matrices run
 * every operator against attributes of every JSON type (missing, null, numbers, booleans, strings,
 * objects, arrays), where SQLite's cross-type rules (NULL < numbers < text, booleans as 1/0,
 * ASCII-only case folding, LIKE wildcards) are easiest to get wrong; SQLite is the reference.
 */
import { describe, expect, it } from 'vitest';
import type { RecordFilter } from '../../../src/workspace/records/types.js';
import { RecordExistsError, RecordNotFoundError } from '../../../src/workspace/records/types.js';
import { onBoth, type RuntimeUnderTest } from './runtime-backends.js';

const at = (s: number) => `2026-11-27T10:00:${String(s).padStart(2, '0')}.000Z`;

/** Writes and their events, with the random write ids replaced by their position. */
async function writeScenario({ runtime: { records, events } }: RuntimeUnderTest) {
  const created = await records.create(
    'deals',
    { name: 'Acme', stage: 'lead', amount: 10 },
    { id: 'rec_1', at: at(1), actor: 'u1' },
  );
  const dup = await records.create('contacts', {}, { id: 'rec_1' }).catch((e: unknown) => e);
  expect(dup).toBeInstanceOf(RecordExistsError);
  expect((dup as RecordExistsError).object).toBe('deals');
  // A failed write keeps nothing of itself: not its idempotency key, not its events.
  const failed = await records
    .create('x', {}, { id: 'rec_1', idempotencyKey: 'record:k0' })
    .catch((e: unknown) => e);
  expect(failed).toBeInstanceOf(RecordExistsError);
  const retried = await records.create('x', {}, { id: 'rec_0', idempotencyKey: 'record:k0', at: at(1) });
  expect(retried.replayed).toBe(false);
  const removed = await records.delete('x', 'rec_0', { at: at(1) });
  const updated = await records.update(
    'deals',
    'rec_1',
    { stage: 'won', amount: null, note: 'x' },
    { at: at(2), causation: ['run-1'] },
  );
  expect(updated.record).toMatchObject({ version: 2, values: { name: 'Acme', stage: 'won', note: 'x' } });
  expect(updated.events.map((e) => e.type)).toEqual([
    'record.updated',
    'field.changed',
    'stage.changed',
    'field.changed',
    'field.changed',
  ]);
  const unchanged = await records.update('deals', 'rec_1', { stage: 'won' }, { at: at(3) });
  expect(unchanged.events).toEqual([]);
  const wrongObject = await records.update('contacts', 'rec_1', { a: 1 }).catch((e: unknown) => e);
  expect(wrongObject).toBeInstanceOf(RecordNotFoundError);
  const key = { idempotencyKey: 'record:k1', at: at(4) };
  const first = await records.create('tasks', { title: 'Call' }, { ...key, id: 'rec_2' });
  const replay = await records.create('tasks', { title: 'Other' }, { ...key, id: 'rec_3' });
  expect(replay.replayed).toBe(true);
  expect(replay.record).toEqual(first.record);
  expect(await records.get(undefined, 'rec_3')).toBeUndefined();
  const deleted = await records.delete(undefined, 'rec_2', { at: at(5) });
  const missingDelete = await records.delete('tasks', 'rec_2').catch((e: unknown) => e);
  expect(missingDelete).toBeInstanceOf(RecordNotFoundError);
  const outbox = (await events.list({ limit: 50 })).reverse().map((e) => e.event);
  const ids = new Map<string, string>();
  const label = (w: string) => {
    if (!ids.has(w)) ids.set(w, `w${ids.size}`);
    return ids.get(w) as string;
  };
  const writeId = (id: string) => id.replace(/^evt_[0-9a-f-]{36}/, label);
  const norm = <T>(v: T): T =>
    JSON.parse(JSON.stringify(v, (k, x) => (k === 'id' && typeof x === 'string' ? writeId(x) : x)));
  const written = [created, retried, removed, updated, first, deleted].flatMap((w) => w.events);
  expect(outbox.map((e) => e.id)).toEqual(written.map((e) => e.id));
  // U+0000 is valid in JSON and SQLite; PostgreSQL's JSONB refuses it, the store must not.
  await records.create('notes', { text: 'a\u0000b' }, { id: 'rec_nul', at: at(6) });
  const nul = await records.update('notes', 'rec_nul', { more: '\u0000' }, { at: at(7) });
  expect(nul.record.values).toEqual({ text: 'a\u0000b', more: '\u0000' });
  return norm({
    created,
    updated,
    unchanged,
    first,
    replay,
    deleted,
    outbox,
    get: await records.get('deals', 'rec_1'),
    nul: await records.get(undefined, 'rec_nul'),
    wrong: await records.get('tasks', 'rec_1'),
    objects: await records.objects(),
  });
}

/** One record per interesting attribute value (`v`), some created at the same instant. */
const VALUES: Array<[string, unknown]> = [
  ['missing', undefined],
  ['null', null],
  ['zero', 0],
  ['one', 1],
  ['float', 2.5],
  ['neg', -3],
  ['ten', 10],
  ['ten_text', '10'],
  ['abc', 'abc'],
  ['ABC', 'ABC'],
  ['b', 'b'],
  ['empty', ''],
  ['true', true],
  ['false', false],
  ['object', { a: 1 }],
  ['array', [1, 2]],
  ['accent', 'Ñandú'],
  ['zed', 'Zed'],
  ['pct', '50%_off'],
  ['big', 12345678901],
];

async function seed({ runtime: { records } }: RuntimeUnderTest) {
  for (const [i, [id, v]] of VALUES.entries()) {
    const values = v === undefined ? { other: 1 } : { v, tag: i % 3 === 0 ? 'x' : 'y' };
    await records.create('things', values, { id, at: at(Math.floor(i / 2)) });
  }
  await records.create('others', { v: 1 }, { id: 'elsewhere', at: at(0) });
}

const OPERANDS: unknown[] = [
  1,
  10,
  '10',
  'abc',
  'b',
  '',
  true,
  false,
  null,
  { a: 1 },
  [1, 2],
  2.5,
  -5,
  'Zed',
];
const OPS: RecordFilter['op'][] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'];
const CONTAINS = ['a', 'A', 'b', '1', '%', '_', 'ñ', 'Ñ', '"a":1', '50%', ''];

describe('record store conformance (SQLite = PostgreSQL)', () => {
  it('writes, emits events in the same transaction, replays idempotent writes and deletes', async () => {
    const out = await onBoth('records', writeScenario);
    expect(out.postgres).toStrictEqual(out.sqlite);
  });

  it('answers every list filter over every JSON type as SQLite does', async () => {
    const out = await onBoth('record_filters', async (stores) => {
      await seed(stores);
      const answers: Record<string, string[]> = {};
      const list = async (where: RecordFilter[]) =>
        (await stores.runtime.records.list('things', { where })).map((r) => r.id);
      for (const op of OPS)
        for (const value of OPERANDS)
          answers[`${op} ${JSON.stringify(value)}`] = await list([{ field: 'v', op, value }]);
      for (const value of CONTAINS)
        answers[`contains ${value}`] = await list([{ field: 'v', op: 'contains', value }]);
      answers.both = await list([
        { field: 'v', op: 'gte', value: 1 },
        { field: 'tag', op: 'eq', value: 'x' },
      ]);
      answers.paged = (await stores.runtime.records.list('things', { limit: 3, offset: 2 })).map((r) => r.id);
      expect(answers['eq 1']).toEqual(['one', 'true']); // booleans are 1/0, as in SQLite
      expect(answers['gt 10']).toContain('abc'); // text sorts after every number
      expect(answers['ne null']).toEqual([]); // NULL compares to nothing
      expect(answers['contains A'].sort()).toEqual(['ABC', 'abc', 'accent', 'object']); // ASCII folding
      return answers;
    });
    expect(out.postgres).toStrictEqual(out.sqlite);
  });

  it('searches with equality, substring, sort and limit as SQLite does', async () => {
    const out = await onBoth('record_search', async (stores) => {
      await seed(stores);
      const search = async (q: Omit<Parameters<typeof stores.runtime.records.search>[0], 'object'>) => {
        const found = await stores.runtime.records.search({ object: 'things', ...q });
        return { ids: found.records.map((r) => r.id), total: found.total };
      };
      const answers: Record<string, unknown> = {};
      for (const value of OPERANDS)
        answers[`where ${JSON.stringify(value)}`] = await search({ where: { v: value }, limit: 50 });
      for (const query of ['abc', 'ABC', '"V":1', 'ñ', 'Ñ', '%', '_', 'tag', 'zed'])
        answers[`query ${query}`] = await search({ query, limit: 50 });
      for (const sort of ['v', '-v', 'tag', '-tag', 'nothing', '-nothing', 'v;drop'])
        answers[`sort ${sort}`] = await search({ sort, limit: 50 });
      answers.combined = await search({ where: { tag: 'y' }, query: 'a', sort: '-v', limit: 3 });
      answers.none = await search({ where: { v: 'no such' }, limit: 5 });
      expect(answers['where null']).toEqual({ ids: ['missing', 'null'], total: 2 });
      expect((answers.combined as { ids: string[]; total: number }).ids).toHaveLength(3);
      return answers;
    });
    expect(out.postgres).toStrictEqual(out.sqlite);
  });
});
