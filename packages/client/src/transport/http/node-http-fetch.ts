import type * as Http from 'node:http';
import { FetchHeaders } from './fetch-headers.js';

/**
 * The `fetch` the client sends its GraphQL requests through by default: one request over
 * `node:http`/`node:https`, with the parts of the Fetch API graphql-request uses.
 *
 * Written here rather than taken from a library because start-up time is the point: the global
 * `fetch` loads undici (≈70 ms before the first byte on a small machine, a third of a short
 * CLI command such as `headwater get flows`), and so does an ESM `import` of `node:http` on
 * Node 22+, whose namespace evaluates its lazy `WebSocket`-family getters (node-fetch pays that
 * too). `process.getBuiltinModule` loads the plain module in a few milliseconds.
 *
 * Failures look like the global fetch's, so error handling does not care which one ran: a
 * network failure rejects with `TypeError('fetch failed', { cause })`, an abort with the
 * signal's reason. Redirects (301/302/303/307/308) are followed, at most 5, keeping the method
 * and body: a GraphQL POST answered with a redirect means "the API lives there".
 */
export const nodeHttpFetch: typeof fetch = async (input, init = {}) => {
  // Not `instanceof Request`: touching the global `Request` loads undici.
  let url = new URL(typeof input === 'object' && 'url' in input ? input.url : String(input));
  for (let hop = 0; ; hop++) {
    const answer = await send(url, init);
    const location = answer.headers.get('location');
    if (!REDIRECTS.has(answer.status) || !location || hop === MAX_REDIRECTS)
      return answer as unknown as Response;
    url = new URL(location, url);
  }
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** The answer to one request: what graphql-request and the transport read from a `Response`. */
class HttpAnswer {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: FetchHeaders,
    readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }
  async text(): Promise<string> {
    return this.body.toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

function send(url: URL, init: RequestInit): Promise<HttpAnswer> {
  const { signal } = init;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const http = process.getBuiltinModule(
    url.protocol === 'https:' ? 'node:https' : 'node:http',
  ) as typeof Http;
  const body = requestBody(init.body);
  const headers = Object.fromEntries(new FetchHeaders(init.headers));
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? 'GET', headers });
    const onAbort = () => request.destroy(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const fail = (error: Error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
    };
    request.on('error', fail);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        const { statusCode = 0, statusMessage = '' } = response;
        resolve(
          new HttpAnswer(
            url.href,
            statusCode,
            statusMessage,
            new FetchHeaders(response.headers),
            Buffer.concat(chunks),
          ),
        );
      });
    });
    request.end(body);
  });
}

function requestBody(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  throw new TypeError('The Headwater client sends string or byte request bodies only.');
}
