import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthorizationError } from '../errors/authorization-error.js';
import { ClientError } from '../errors/client-error.js';
import { GraphQLTransport } from './graphql-transport.js';

/** A stand-in for a proxy in front of the API: answers with scripted statuses, for faults a real server cannot produce on demand. */
async function scriptedServer(script: (requestNumber: number, body: string) => [number, string]) {
  const bodies: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      bodies.push(body);
      const [status, text] = script(bodies.length, body);
      response.writeHead(status, { 'content-type': text.startsWith('{') ? 'application/json' : 'text/html' });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { api, bodies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The error `promise` rejects with; fails the test when it resolves. */
function failure(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );
}

const ok = JSON.stringify({ data: { hello: 'wave' } });
const fast = { retries: 3, minDelayMs: 1, maxDelayMs: 5 };

describe('GraphQLTransport', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('retries an idempotent request through 502, 503 and 504 and returns the answer', async () => {
    const statuses = [502, 503, 504];
    const server = await scriptedServer((n) =>
      n <= 3 ? [statuses[n - 1]!, '<html>bad gateway</html>'] : [200, ok],
    );
    close = server.close;
    const transport = new GraphQLTransport({ api: server.api, retry: fast });
    const data = await transport.request<{ hello: string }>('query { hello }', {}, { idempotent: true });
    expect(data.hello).toBe('wave');
    expect(server.bodies).toHaveLength(4);
  });

  it('sends a non-idempotent request once and reports the HTTP status', async () => {
    const server = await scriptedServer(() => [503, 'Service Unavailable']);
    close = server.close;
    const transport = new GraphQLTransport({ api: server.api, retry: fast });
    const error = await failure(transport.request('mutation { createProject(input: { name: "x" }) { id } }'));
    expect(ClientError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 503, operation: 'createProject' });
    expect(server.bodies).toHaveLength(1);
  });

  it('gives up after the configured retries', async () => {
    const server = await scriptedServer(() => [502, 'Bad Gateway']);
    close = server.close;
    const transport = new GraphQLTransport({ api: server.api, retry: fast });
    await expect(transport.request('query { hello }', {}, { idempotent: true })).rejects.toMatchObject({
      code: 'HTTP_ERROR',
      status: 502,
    });
    expect(server.bodies).toHaveLength(4);
  });

  it('does not retry a GraphQL error answer, and maps its extensions.code', async () => {
    const answer = JSON.stringify({
      errors: [{ message: 'Unknown token.', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    const server = await scriptedServer(() => [200, answer]);
    close = server.close;
    const transport = new GraphQLTransport({ api: server.api, token: 'hw_wrong', retry: fast });
    const error = await failure(transport.request('query { authInfo { scope } }', {}, { idempotent: true }));
    expect(AuthorizationError.isInstance(error)).toBe(true);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/Unknown token\. Log in with `headwater auth login/);
    expect(server.bodies).toHaveLength(1);
  });

  it('retries a refused connection even for a mutation, then says how to start a server', async () => {
    const server = await scriptedServer(() => [200, ok]);
    const api = server.api;
    await server.close();
    const transport = new GraphQLTransport({ api, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 } });
    const error = await failure(transport.request('mutation { createProject(input: { name: "x" }) { id } }'));
    expect(error).toMatchObject({ code: 'API_UNREACHABLE' });
    expect(error.message).toContain(`Could not reach the Headwater API at ${api}`);
    expect(error.message).toContain('headwater server start');
  });

  it('sends a JSON POST with the token and further headers, through a given fetch when there is one', async () => {
    const server = await scriptedServer(() => [200, ok]);
    close = server.close;
    const seen: Headers[] = [];
    const recording: typeof fetch = (input, init) => {
      seen.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    let calls = 0;
    const headers = () => ({ 'x-call': String(++calls) });
    for (const options of [{}, { fetch: recording, headers }]) {
      const transport = new GraphQLTransport({ api: server.api, token: 'hw_secret', ...options });
      const data = await transport.request<{ hello: string }>('query hi($x: Int) { hello }', { x: 1 });
      expect(data.hello).toBe('wave');
    }
    expect(server.bodies.map((body) => JSON.parse(body))).toEqual([
      { operationName: 'hi', query: 'query hi($x: Int) { hello }', variables: { x: 1 } },
      { operationName: 'hi', query: 'query hi($x: Int) { hello }', variables: { x: 1 } },
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.get('authorization')).toBe('Bearer hw_secret');
    expect(seen[0]!.get('x-call')).toBe('1');
  });

  it('reports an answer that is not GraphQL with its body', async () => {
    const server = await scriptedServer(() => [200, '<html>a login page</html>']);
    close = server.close;
    const error = await failure(new GraphQLTransport({ api: server.api }).request('query { hello }'));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(error.message).toContain('<html>a login page</html>');
  });

  it('stops waiting when the caller aborts', async () => {
    const server = await scriptedServer(() => [503, 'busy']);
    close = server.close;
    const transport = new GraphQLTransport({
      api: server.api,
      retry: { retries: 50, minDelayMs: 50, maxDelayMs: 50 },
    });
    const controller = new AbortController();
    const pending = transport.request('query { hello }', {}, { idempotent: true, signal: controller.signal });
    controller.abort(new Error('stopped by the caller'));
    await expect(pending).rejects.toThrow('stopped by the caller');
  });
});
