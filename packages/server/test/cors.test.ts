import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/index.js';
import { backends, startTestServer, type TestServer } from './helpers.js';

const sqlite = backends[0]!;
const ALLOWED = 'https://ops.example.com';

/** A GraphQL POST (or its preflight) from a page on `origin`, as a browser sends it. */
function fromPage(t: TestServer, origin: string, method: 'POST' | 'OPTIONS' = 'POST') {
  const headers: Record<string, string> =
    method === 'OPTIONS'
      ? {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        }
      : { origin, 'content-type': 'application/json', authorization: `Bearer ${t.token}` };
  return fetch(t.server.graphqlUrl, {
    method,
    headers,
    ...(method === 'POST' ? { body: JSON.stringify({ query: '{ hello }' }) } : {}),
  });
}

const corsHeaders = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.startsWith('access-control-')).sort();

describe('CORS', () => {
  let closed: TestServer;
  let open: TestServer;
  beforeAll(async () => {
    closed = await startTestServer(sqlite);
    open = await startTestServer(sqlite, { corsOrigins: [`${ALLOWED}/`, 'http://127.0.0.1:5173'] });
  });
  afterAll(async () => {
    await closed?.close();
    await open?.close();
  });

  it('by default gives no page of another origin CORS headers, preflight or request', async () => {
    for (const origin of [ALLOWED, 'http://127.0.0.1:5173', 'null']) {
      const preflight = await fromPage(closed, origin, 'OPTIONS');
      const request = await fromPage(closed, origin);
      expect({ origin, preflight: corsHeaders(preflight), request: corsHeaders(request) }).toEqual({
        origin,
        preflight: [],
        request: [],
      });
      expect(request.headers.get('vary')).toMatch(/Origin/);
    }
  });

  it('answers a listed origin, without credentials mode, and no other', async () => {
    const preflight = await fromPage(open, ALLOWED, 'OPTIONS');
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    const request = await fromPage(open, ALLOWED);
    expect(request.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(request.headers.get('access-control-allow-credentials')).toBeNull();
    expect(await request.json()).toMatchObject({ data: { hello: expect.any(String) } });
    expect((await fromPage(open, 'http://127.0.0.1:5173')).headers.get('access-control-allow-origin')).toBe(
      'http://127.0.0.1:5173',
    );
    for (const origin of ['https://evil.example.com', 'https://ops.example.com.evil.test', 'null']) {
      expect({ origin, headers: corsHeaders(await fromPage(open, origin)) }).toEqual({ origin, headers: [] });
      expect({ origin, headers: corsHeaders(await fromPage(open, origin, 'OPTIONS')) }).toEqual({
        origin,
        headers: [],
      });
    }
  });

  it('refuses an allow-list entry that is not an origin, naming the option', async () => {
    await expect(
      startServer({ port: 0, databaseUrl: ':memory:', services: false, corsOrigins: ['*'], print: () => {} }),
    ).rejects.toThrow(/corsOrigins: "\*" is not a web origin/);
  });
});
