import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpHandler, type HttpHandlerOptions } from './http-handler.js';

/** A server whose `/graphql` answers with `respond`, recording the signal each request got. */
async function serve(respond: () => Response) {
  const signals: AbortSignal[] = [];
  const yoga = {
    fetch: async (_url: string, init: { signal: AbortSignal }) => {
      signals.push(init.signal);
      return respond();
    },
  } as unknown as HttpHandlerOptions['yoga'];
  const handler = createHttpHandler({ yoga, bodyLimit: 1024, health: async () => {}, onError: () => {} });
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, signals, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

describe('createHttpHandler', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('leaves the operation of a finished response alone, and aborts a stream whose client went away', async () => {
    let endless = false;
    const served = await serve(() =>
      endless
        ? new Response(
            new ReadableStream({
              // One chunk, so the answer starts, then nothing more.
              start: (stream) => stream.enqueue(new TextEncoder().encode(': open\n\n')),
              pull: () => new Promise(() => {}),
            }),
            { status: 200, headers: { 'content-type': 'text/event-stream' } },
          )
        : Response.json({ data: { hello: 'x' } }),
    );
    server = served.server;
    const done = await fetch(served.url, { method: 'POST', body: '{}' });
    // A whole result goes out in one piece, with its length.
    expect(done.headers.get('content-length')).toBe(String(JSON.stringify({ data: { hello: 'x' } }).length));
    expect(await done.json()).toEqual({ data: { hello: 'x' } });
    endless = true;
    const client = new AbortController();
    const open = await fetch(served.url, { method: 'POST', body: '{}', signal: client.signal });
    expect(open.status).toBe(200);
    const [finished, abandoned] = served.signals;
    const aborted = new Promise<void>((resolve) => abandoned!.addEventListener('abort', () => resolve()));
    client.abort();
    await aborted;
    expect(abandoned!.aborted).toBe(true);
    expect(finished!.aborted).toBe(false);
  });
});
