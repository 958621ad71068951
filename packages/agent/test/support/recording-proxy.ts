import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One GraphQL request that went through a {@link RecordingProxy}. */
export interface RecordedRequest {
  /** The operation's name as its document declares it (`query flowRunInfo(…)` → `flowRunInfo`). */
  operation: string | undefined;
  variables: Record<string, unknown>;
}

/** An HTTP proxy in front of a real API that records the GraphQL operations sent through it. */
export interface RecordingProxy {
  /** The API URL to hand agents instead of the server's. */
  api: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a proxy on loopback forwarding everything to `target` (responses streamed, so the
 * queue's Server-Sent Events pass too), recording each POSTed GraphQL operation.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      if (incoming.method === 'POST') requests.push(recorded(body));
      const forwarded = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: incoming.url,
          method: incoming.method,
          headers: { ...incoming.headers, host: upstream.host },
        },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      outgoing.on('close', () => forwarded.destroy());
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api: `http://127.0.0.1:${port}${upstream.pathname === '/' ? '' : upstream.pathname}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function recorded(body: Buffer): RecordedRequest {
  try {
    const { query, variables } = JSON.parse(body.toString('utf8')) as {
      query?: string;
      variables?: Record<string, unknown>;
    };
    return {
      operation: /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(query ?? '')?.[1],
      variables: variables ?? {},
    };
  } catch {
    return { operation: undefined, variables: {} };
  }
}
