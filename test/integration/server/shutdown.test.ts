/**
 * Closing the server (what SIGINT/SIGTERM of `aexy serve` does): event streams are ended, a request
 * in flight still gets its answer, and close() returns promptly.
 */
import { expect, it } from 'vitest';
import { startTestServer } from './server-fixture.js';

it('ends open streams, lets a request in flight finish, then closes', async () => {
  const t = await startTestServer();
  const slow = t.acme.store;
  const state = slow.state.bind(slow);
  slow.state = async () => {
    await new Promise((r) => setTimeout(r, 400));
    return state();
  };
  const auth = { authorization: `Bearer ${t.tokens.acme.read}` };
  const stream = await fetch(`${t.url}/workspaces/acme/runs/stream`, { headers: auth });
  const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
  await reader.read(); // the stream's opening comment
  const inFlight = fetch(`${t.url}/workspaces/acme/state`, { headers: auth });
  await new Promise((r) => setTimeout(r, 100));
  const started = Date.now();
  await t.close();
  expect(Date.now() - started).toBeLessThan(3000);
  expect((await inFlight).status).toBe(200);
  let ended = false;
  for (let i = 0; i < 10 && !ended; i++) ended = (await reader.read()).done;
  expect(ended).toBe(true);
});
