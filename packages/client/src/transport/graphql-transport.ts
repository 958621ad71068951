import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLClient } from 'graphql-request';
import { graphqlEndpoint, normalizeApiUrl } from '../api-url.js';
import { nodeHttpFetch } from './http/node-http-fetch.js';
import {
  isConnectionRefused,
  isNetworkError,
  isRetryableStatus,
  isTimeout,
  toClientError,
} from './to-client-error.js';

/** How requests that are safe to repeat are retried after a lost answer. */
export interface RetryOptions {
  /** Further attempts after the first one. @default 4 */
  retries?: number;
  /** Delay before the first retry; doubles each time, with jitter. @default 250 */
  minDelayMs?: number;
  /** Upper bound of one delay. @default 4000 */
  maxDelayMs?: number;
}

export interface GraphQLTransportOptions {
  /** API base URL; GraphQL is served at `<api>/graphql`. */
  api: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  retry?: RetryOptions;
  /** Per-attempt timeout. @default 30000 */
  timeoutMs?: number;
  /** Further headers, read before every request (an agent names itself once registered). */
  headers?: () => Record<string, string>;
  /** The fetch implementation. @default {@link nodeHttpFetch} (starts faster than the global fetch) */
  fetch?: typeof fetch;
}

/** Options of one GraphQL request. */
export interface GraphQLRequestOptions {
  /**
   * The operation may be sent again when its answer was lost (network error, timeout,
   * HTTP 502/503/504): queries, and mutations that are idempotent (heartbeats, or creations
   * carrying an idempotency key). Everything else is sent at most once (a refused connection,
   * which never reached the server, is retried for every request).
   * @default false
   */
  idempotent?: boolean;
  /** Name used in error messages. @default the first field of the document */
  operation?: string;
  signal?: AbortSignal;
}

/**
 * Sends GraphQL requests to a Headwater API (graphql-request underneath), turns failures
 * into {@link ClientError}s, and retries with backoff the requests that are safe to repeat.
 */
export class GraphQLTransport {
  readonly api: string;
  readonly endpoint: string;
  readonly hasToken: boolean;
  readonly #client: GraphQLClient;
  readonly #retries: number;
  readonly #minDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #timeoutMs: number;

  constructor(options: GraphQLTransportOptions) {
    this.api = normalizeApiUrl(options.api);
    this.endpoint = graphqlEndpoint(this.api);
    this.hasToken = Boolean(options.token);
    this.#retries = options.retry?.retries ?? 4;
    this.#minDelayMs = options.retry?.minDelayMs ?? 250;
    this.#maxDelayMs = options.retry?.maxDelayMs ?? 4000;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#client = new GraphQLClient(this.endpoint, {
      headers: () => ({
        ...options.headers?.(),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      }),
      fetch: options.fetch ?? nodeHttpFetch,
    });
  }

  async request<T>(
    document: string,
    variables: Record<string, unknown> = {},
    options: GraphQLRequestOptions = {},
  ): Promise<T> {
    const operation = options.operation ?? firstFieldName(document);
    for (let attempt = 0; ; attempt++) {
      options.signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(this.#timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      try {
        return await this.#client.request<T>({ document, variables, signal });
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        const transient = isNetworkError(error) || isTimeout(error) || isRetryableStatus(error);
        const retryable = (options.idempotent && transient) || isConnectionRefused(error);
        if (!(retryable && attempt < this.#retries)) {
          throw toClientError(error, { api: this.api, operation, timeoutMs: this.#timeoutMs });
        }
        await sleep(this.#delay(attempt), undefined, { signal: options.signal });
      }
    }
  }

  #delay(attempt: number): number {
    const ceiling = Math.min(this.#maxDelayMs, this.#minDelayMs * 2 ** attempt);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }
}

function firstFieldName(document: string): string {
  const body = document.slice(document.indexOf('{') + 1);
  return /^\s*([_A-Za-z][_0-9A-Za-z]*)/.exec(body)?.[1] ?? 'request';
}
