/** The server-sent event parser of the runs stream: events split across chunks, CRLF, comments. */
import { describe, expect, it } from 'vitest';
import { parseSse } from '../../../src/remote/run-stream.js';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe('parseSse', () => {
  it('yields each event once, whatever the chunking, skipping ping comments', async () => {
    const text =
      ': ping\n\nevent: run\ndata: {"run":{"id":"r1"}}\n\r\nevent: run\r\ndata: {"a":\ndata: 1}\n\n: ping\n\n';
    for (const size of [1, 3, 7, text.length]) {
      const chunks = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
      const messages = [];
      for await (const m of parseSse(streamOf(chunks))) messages.push(m);
      expect(messages).toEqual([
        { event: 'run', data: '{"run":{"id":"r1"}}' },
        { event: 'run', data: '{"a":\n1}' },
      ]);
    }
  });
});
