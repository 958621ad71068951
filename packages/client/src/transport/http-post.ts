/** An HTTP answer: its status and its body as text. */
export interface PostAnswer {
  status: number;
  ok: boolean;
  text: string;
}

/**
 * POSTs `body` to `url` with `node:http` or `node:https`. The transport's default instead of
 * `fetch`: a CLI command makes one request, and `fetch` costs the loading of its whole HTTP
 * client first (several times the request itself). Failures look like `fetch`'s: a network
 * error is a `TypeError` whose `cause` is the socket's error (`ECONNREFUSED`, …), and an
 * aborted request rejects with the signal's reason (a `TimeoutError` for `AbortSignal.timeout`).
 */
export async function httpPost(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string,
  signal: AbortSignal,
): Promise<PostAnswer> {
  signal.throwIfAborted();
  const { request } = url.startsWith('https:') ? await import('node:https') : await import('node:http');
  return new Promise<PostAnswer>((resolve, reject) => {
    const fail = (error: unknown) =>
      reject(signal.aborted ? signal.reason : new TypeError(`request to ${url} failed`, { cause: error }));
    const outgoing = request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, signal },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve({
            status,
            ok: status >= 200 && status < 300,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    outgoing.on('error', fail);
    outgoing.end(body);
  });
}
