import type { IncomingMessage, ServerResponse } from 'node:http';
import type { YogaServerInstance } from 'graphql-yoga';
import type { GraphQLContext } from '../graphql/context.js';
import { serveUi } from '../http/serve-ui.js';

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function tooLarge(res: ServerResponse, limit: number): void {
  sendJson(res, 413, {
    errors: [
      {
        message: `Request body is too large: the limit is ${limit} bytes. Send large flows with createFlowFromCompressedString, and logs in batches.`,
        extensions: { code: 'BAD_USER_INPUT', limit: 'bodySize' },
      },
    ],
  });
}

/** Whether yoga answers with a stream of results (a subscription, an incremental delivery). */
function isStream(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return type.startsWith('text/event-stream') || type.startsWith('multipart/');
}

/** Options of {@link createHttpHandler}. */
export interface HttpHandlerOptions {
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  bodyLimit: number;
  /** Answers `/health`; throws when the database is unreachable. */
  health: () => Promise<void>;
  onError: (error: unknown) => void;
}

/**
 * The node:http request handler: `/health`, and `/graphql` through yoga with the request body
 * read (and size-limited) first, so no oversized body is ever buffered whole.
 */
export function createHttpHandler(options: HttpHandlerOptions) {
  const { yoga, bodyLimit } = options;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/health') {
        try {
          await options.health();
          sendJson(res, 200, { status: 'ok' });
        } catch {
          sendJson(res, 503, { status: 'unavailable' });
        }
        return;
      }
      if (url.pathname !== '/graphql' && (await serveUi(req, res, url.pathname))) return;
      if (url.pathname !== '/graphql') {
        sendJson(res, 404, {
          errors: [{ message: 'Not found: the API is at /graphql.', extensions: { code: 'NOT_FOUND' } }],
        });
        return;
      }
      let body: Buffer | undefined;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        if (Number(req.headers['content-length'] ?? 0) > bodyLimit) {
          req.resume();
          tooLarge(res, bodyLimit);
          return;
        }
        try {
          body = await readBody(req, bodyLimit);
        } catch (error) {
          if (error instanceof BodyTooLarge) {
            tooLarge(res, bodyLimit);
            return;
          }
          throw error;
        }
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
      }
      const controller = new AbortController();
      // Only a response cut short (the client went away) aborts the operation: aborting costs an
      // error object with its stack, which a finished response does not need.
      res.on('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      const response = await yoga.fetch(
        url.href,
        {
          method: req.method,
          headers,
          body: body && body.length > 0 ? body : undefined,
          signal: controller.signal,
        },
        {},
      );
      if (response.status >= 400 && response.body === null) {
        // yoga answers some malformed requests (unsupported content type or method) without a body.
        sendJson(res, response.status, {
          errors: [
            {
              message: `The request was refused (HTTP ${response.status}): send POST with content-type application/json, or GET with a query parameter.`,
              extensions: { code: 'BAD_USER_INPUT' },
            },
          ],
        });
        return;
      }
      const responseHeaders = Object.fromEntries(response.headers);
      // CORS headers depend on the Origin of the request (see corsPolicy), so caches must too.
      responseHeaders.vary = responseHeaders.vary ? `${responseHeaders.vary}, Origin` : 'Origin';
      if (!isStream(response)) {
        // A whole result: read at once rather than chunk by chunk through a web stream.
        const whole = Buffer.from(await response.arrayBuffer());
        // Header names may come in any case: one length only.
        for (const name of Object.keys(responseHeaders)) {
          if (name.toLowerCase() === 'content-length') delete responseHeaders[name];
        }
        responseHeaders['content-length'] = String(whole.length);
        res.writeHead(response.status, responseHeaders);
        res.end(whole);
        return;
      }
      res.writeHead(response.status, responseHeaders);
      if (response.body) {
        const reader = response.body.getReader();
        controller.signal.addEventListener('abort', () => reader.cancel().catch(() => {}));
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          res.write(value);
        }
      }
      res.end();
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
      } else {
        options.onError(error);
        sendJson(res, 500, {
          errors: [
            {
              message: 'Unable to complete operation. An internal API error occurred.',
              extensions: { code: 'INTERNAL' },
            },
          ],
        });
      }
    }
  };
}
