import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthorizationError } from '../errors/authorization-error.js';
import { ClientError } from '../errors/client-error.js';
import { GraphQLTransport } from './graphql-transport.js';

/**
 * A stand-in for a proxy in front of the API: answers with scripted statuses, for faults a real
 * server cannot produce on demand. Status 0 resets the connection after reading the request
 * (a replica killed before it answered).
 */
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
      if (status === 0) {
        request.socket.destroy();
        return;
      }
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

const versionLocked = JSON.stringify({
  errors: [{ message: 'version 3 is stale', extensions: { code: 'VERSION_LOCKING_ERROR' } }],
});
const mutation = 'mutation { setFlowRunStates(input: { states: [] }) { states { id } } }';

describe('GraphQLTransport with several API URLs', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });
  async function replica(script: (requestNumber: number, body: string) => [number, string]) {
    const server = await scriptedServer(script);
    closers.push(server.close);
    return server;
  }

  it('sends even a mutation to the next URL when the first refuses the connection, and stays there', async () => {
    const down = await scriptedServer(() => [200, ok]);
    await down.close();
    const up = await replica(() => [200, ok]);
    const transport = new GraphQLTransport({ api: `${down.api}, ${up.api}`, retry: fast });
    expect(transport.apis).toEqual([down.api, up.api]);
    await transport.request('mutation { createProject(input: { name: "x" }) { id } }');
    expect(transport.api).toBe(up.api);
    await transport.request('query { hello }');
    expect(up.bodies).toHaveLength(2);
  });

  it('fails over on a 5xx and on a reset connection for requests safe to repeat', async () => {
    const resets = await replica(() => [0, '']);
    const failing = await replica(() => [500, 'Internal Server Error']);
    const up = await replica(() => [200, ok]);
    const transport = new GraphQLTransport({ api: [resets.api, failing.api, up.api], retry: fast });
    const data = await transport.request<{ hello: string }>('query { hello }', {}, { idempotent: true });
    expect(data.hello).toBe('wave');
    expect([resets.bodies.length, failing.bodies.length, up.bodies.length]).toEqual([1, 1, 1]);
  });

  it('never fails over on a 4xx or a GraphQL error answer, nor sends a plain mutation again after a lost answer', async () => {
    const refusing = await replica((n) =>
      n === 1
        ? [401, 'Unauthorized']
        : [200, JSON.stringify({ errors: [{ message: 'no', extensions: { code: 'BAD_USER_INPUT' } }] })],
    );
    const resets = await replica(() => [0, '']);
    const other = await replica(() => [200, ok]);
    const transport = new GraphQLTransport({ api: [refusing.api, other.api], retry: fast });
    await expect(transport.request('query { hello }', {}, { idempotent: true })).rejects.toMatchObject({
      status: 401,
    });
    await expect(transport.request('query { hello }', {}, { idempotent: true })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(other.bodies).toHaveLength(0);
    const lossy = new GraphQLTransport({ api: [resets.api, other.api], retry: fast });
    await expect(
      lossy.request('mutation { createProject(input: { name: "x" }) { id } }'),
    ).rejects.toMatchObject({
      code: 'API_UNREACHABLE',
    });
    expect(other.bodies).toHaveLength(0);
  });

  it('sends a version-locked write again after a lost answer, and asks whether a refused repeat had applied', async () => {
    const resets = await replica(() => [0, '']);
    const stale = await replica(() => [200, versionLocked]);
    let verified = 0;
    const transport = new GraphQLTransport({ api: [resets.api, stale.api], retry: fast });
    const applied = { setFlowRunStates: { states: [{ id: 'run' }] } };
    const verify = async () => {
      verified++;
      return applied;
    };
    await expect(transport.request(mutation, {}, { versionLocked: { verify } })).resolves.toBe(applied);
    expect([resets.bodies.length, stale.bodies.length, verified]).toEqual([1, 1, 1]);

    // The refusal stands when the state at the next version is another writer's.
    const fresh = new GraphQLTransport({ api: [resets.api, stale.api], retry: fast });
    const error = await failure(
      fresh.request(mutation, {}, { versionLocked: { verify: async () => undefined } }),
    );
    expect(error.code).toBe('VERSION_LOCKING_ERROR');
  });

  it('takes a stale-version answer as it is when no answer was lost before it', async () => {
    const stale = await replica(() => [200, versionLocked]);
    let verified = 0;
    const transport = new GraphQLTransport({ api: [stale.api], retry: fast });
    const error = await failure(
      transport.request(mutation, {}, { versionLocked: { verify: async () => ++verified } }),
    );
    expect(error.code).toBe('VERSION_LOCKING_ERROR');
    expect(verified).toBe(0);
  });
});
