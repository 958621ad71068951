import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchHeaders } from './fetch-headers.js';
import { nodeHttpFetch } from './node-http-fetch.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

async function listen(handler: Handler) {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => handler(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url, close };
}

describe('nodeHttpFetch', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('sends method, headers and body, and reads status, headers and text', async () => {
    const server = await listen((request, body, response) => {
      response.writeHead(201, 'Made', {
        'content-type': 'application/json',
        'x-echo': request.headers['x-token'],
      });
      response.end(
        JSON.stringify({ method: request.method, body, length: request.headers['content-length'] }),
      );
    });
    close = server.close;
    const answer = await nodeHttpFetch(`${server.url}/graphql`, {
      method: 'POST',
      // What graphql-request passes inside the bundle, where its `Headers` is FetchHeaders.
      headers: new FetchHeaders({ 'X-Token': 'abc' }) as unknown as HeadersInit,
      body: 'héllo',
    });
    expect(answer.ok).toBe(true);
    expect(answer.status).toBe(201);
    expect(answer.statusText).toBe('Made');
    expect(answer.headers.get('Content-Type')).toBe('application/json');
    expect(answer.headers.get('x-echo')).toBe('abc');
    expect(await answer.json()).toEqual({ method: 'POST', body: 'héllo', length: '6' });
  });

  it('follows a redirect with the same method and body', async () => {
    const server = await listen((request, body, response) => {
      if (request.url === '/old') {
        response.writeHead(301, { location: '/graphql' }).end();
      } else {
        response.writeHead(200).end(`${request.method} ${request.url} ${body}`);
      }
    });
    close = server.close;
    const answer = await nodeHttpFetch(`${server.url}/old`, { method: 'POST', body: '{}' });
    expect(await answer.text()).toBe('POST /graphql {}');
  });

  it('fails like fetch: a refused connection is a TypeError with the cause, an abort rejects with its reason', async () => {
    const server = await listen((_request, _body, response) => {
      setTimeout(() => response.end('late'), 5_000).unref();
    });
    const url = server.url;
    const timeout = nodeHttpFetch(url, { signal: AbortSignal.timeout(50) });
    await expect(timeout).rejects.toMatchObject({ name: 'TimeoutError' });
    await server.close();
    const refused = await nodeHttpFetch(url).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as TypeError).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('FetchHeaders', () => {
  it('behaves like the Fetch API Headers for the calls graphql-request makes', () => {
    const init = { Accept: 'a', 'X-List': ['1', '2'] };
    const ours = new FetchHeaders(init);
    const theirs = new Headers({ Accept: 'a', 'X-List': '1, 2' });
    ours.append('accept', 'b');
    theirs.append('accept', 'b');
    ours.set('Content-Type', 'application/json');
    theirs.set('Content-Type', 'application/json');
    expect([...ours]).toEqual([...theirs]);
    expect(ours.has('CONTENT-TYPE')).toBe(true);
    expect(new Headers([...ours]).get('accept')).toBe('a, b');
    ours.delete('x-list');
    expect(ours.get('X-List')).toBeNull();
  });
});
