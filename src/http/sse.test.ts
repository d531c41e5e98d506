// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { readEventStream, type SseEvent } from './sse';

function streamOf(chunks: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? encoder.encode(c) : c);
      controller.close();
    },
  });
}

async function read(chunks: Array<string | Uint8Array>): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  await readEventStream(streamOf(chunks), (e) => events.push(e));
  return events;
}

describe('readEventStream', () => {
  it('given named events with ids, should dispatch each on its blank line', async () => {
    expect(await read(['retry: 1000\n\nid: a-1\nevent: logs\ndata: [1]\n\nevent: end\ndata: {}\n\n'])).toEqual([
      { event: 'logs', data: '[1]', id: 'a-1' },
      { event: 'end', data: '{}' },
    ]);
  });

  it('given CRLF, CR and LF line ends split across chunks, should parse the same events', async () => {
    expect(await read(['data: one\r', '\n\r\ndata: two\r\rdata: thr', 'ee\n', '\n'])).toEqual([
      { event: 'message', data: 'one' },
      { event: 'message', data: 'two' },
      { event: 'message', data: 'three' },
    ]);
  });

  it('given multi-line data, comments, fields without a space and an unterminated last event, should follow the spec', async () => {
    expect(await read([': ping\n\ndata:a\ndata: b\nunknown: x\n\ndata: never dispatched'])).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('given a multi-byte character split between chunks, and an id with NUL, should decode the text and ignore the id', async () => {
    const bytes = new TextEncoder().encode('id: ok\ndata: é\n\nid: bad\0\ndata: x\n\n');
    const cut = bytes.indexOf(0xc3) + 1;
    expect(await read([bytes.slice(0, cut), bytes.slice(cut)])).toEqual([
      { event: 'message', data: 'é', id: 'ok' },
      { event: 'message', data: 'x' },
    ]);
  });
});
