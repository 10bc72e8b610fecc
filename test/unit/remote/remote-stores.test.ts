/**
 * What the remote stores send, against a scripted HTTP peer: events.get asks for the one event
 * (`GET /events/{id}`, not a scan of the newest), records.list sends `--where` filters as repeated
 * `where` parameters in the text form the server parses back to the same filters, approve/reject
 * carry `--timeout` as timeoutMs (capped at the server's 120 s), and every call asks for gzip.
 */
import { describe, expect, it } from 'vitest';
import { RemoteBackend } from '../../../src/remote/backend.js';
import { HttpClient } from '../../../src/remote/http-client.js';
import { formatFilter } from '../../../src/remote/record-filter-text.js';
import { remoteEventStore, remoteRecordStore } from '../../../src/remote/runtime-stores.js';
import { parseWorkspaceUrl } from '../../../src/remote/workspace-url.js';
import { parseFilter } from '../../../src/workspace/records/filters.js';
import type { RecordFilter } from '../../../src/workspace/records/types.js';
import { startHttpPeer } from '../../helpers/http-peer.js';

const API = { 'x-aexy-api': '1' };
const client = (url: string) =>
  new HttpClient(parseWorkspaceUrl(`${url}/workspaces/acme`), { token: 'tok', retryDelaysMs: [5] });
const STORED = {
  seq: 7,
  event: { id: 'ev/1', type: 'x', payload: {}, causation: [], occurredAt: 't', source: 'cli' },
  createdAt: 't',
  routedAt: 't',
  routedBy: 'r',
  finishedAt: 't',
};

describe('remote event store', () => {
  it('gets one event by id with one request; a 404 is undefined', async () => {
    const peer = await startHttpPeer((req) =>
      req.url.endsWith('ev%2F1')
        ? { body: STORED, headers: API }
        : { status: 404, headers: API, body: { error: { code: 'not_found', message: 'no event' } } },
    );
    const events = remoteEventStore(client(peer.url));
    expect(await events.get('ev/1')).toEqual(STORED);
    expect(await events.get('ev-2')).toBeUndefined();
    expect(peer.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /workspaces/acme/events/ev%2F1',
      'GET /workspaces/acme/events/ev-2',
    ]);
    expect(peer.requests[0].headers['accept-encoding']).toBe('gzip');
  });
});

describe('remote record store', () => {
  const FILTERS: RecordFilter[] = [
    { field: 'stage', op: 'eq', value: 'won' },
    { field: 'amount', op: 'gte', value: 10_000 },
    { field: 'name', op: 'ne', value: 'Acme, Inc.' },
    { field: 'code', op: 'eq', value: '10' },
    { field: 'hot', op: 'eq', value: true },
    { field: 'owner', op: 'eq', value: null },
    { field: 'tags', op: 'eq', value: ['a', 'b'] },
    { field: 'score', op: 'lt', value: 2.5 },
    { field: 'note', op: 'contains', value: 'a=b, c' },
  ];

  it('writes each filter so the CLI parser reads back the same filter', () => {
    for (const filter of FILTERS)
      expect(parseFilter(formatFilter(filter)), formatFilter(filter)).toEqual(filter);
    expect(FILTERS.map(formatFilter).slice(0, 4)).toEqual([
      'stage="won"',
      'amount>=10000',
      'name!="Acme, Inc."',
      'code="10"',
    ]);
  });

  it('sends --where filters as repeated where parameters (never a refusal)', async () => {
    const peer = await startHttpPeer(() => ({ body: { records: [] }, headers: API }));
    const records = remoteRecordStore(client(peer.url));
    expect(await records.list('deals', { where: FILTERS, limit: 5 })).toEqual([]);
    const url = new URL(peer.requests[0].url, peer.url);
    expect(url.pathname).toBe('/workspaces/acme/records');
    expect(url.searchParams.get('object')).toBe('deals');
    expect(url.searchParams.get('limit')).toBe('5');
    expect(url.searchParams.getAll('where').map((text) => parseFilter(text))).toEqual(FILTERS);
    await records.list('deals');
    expect(new URL(peer.requests[1].url, peer.url).searchParams.has('where')).toBe(false);
  });
});

describe('remote approve and reject', () => {
  it('carry the timeout as timeoutMs, capped at 120 s; none when not given', async () => {
    const outcome = { stepId: 's', stepKey: 's', decision: 'approve' };
    const peer = await startHttpPeer(() => ({ body: outcome, headers: API }));
    const backend = new RemoteBackend(client(peer.url));
    await backend.approve('run_1', { by: 'ann', timeoutMs: 2000 });
    await backend.reject('run_1', { by: 'ann', timeoutMs: 300_000, comment: 'no' });
    await backend.approve('run_1', { by: 'ann' });
    await backend.approve('run_1', { by: 'ann', timeoutMs: Number.NaN });
    expect(peer.requests.map((r) => [r.url, r.json])).toEqual([
      ['/workspaces/acme/runs/run_1/approve', { by: 'ann', timeoutMs: 2000 }],
      ['/workspaces/acme/runs/run_1/reject', { by: 'ann', comment: 'no', timeoutMs: 120_000 }],
      ['/workspaces/acme/runs/run_1/approve', { by: 'ann' }],
      ['/workspaces/acme/runs/run_1/approve', { by: 'ann' }],
    ]);
  });
});
