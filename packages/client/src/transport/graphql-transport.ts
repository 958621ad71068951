import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLClient } from 'graphql-request';
import { graphqlEndpoint, parseApiUrls } from '../api-url.js';
import { VersionLockError } from '../errors/version-lock-error.js';
import { nodeHttpFetch } from './http/node-http-fetch.js';
import { isAnswerLost, isConnectionRefused, toClientError } from './to-client-error.js';

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
  /**
   * API base URL (GraphQL is served at `<api>/graphql`), or several URLs of replicas of one
   * API — an array, or a comma-separated list — to fail over between.
   */
  api: string | readonly string[];
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
  /**
   * The request is a version-locked state write: it cannot apply twice (the repeat names a
   * version the first one already moved on), so it is sent again after a lost answer too. When
   * the repeat is refused with `VERSION_LOCKING_ERROR`, `verify` says whether the lost attempt
   * applied: it resolves to the answer that attempt would have had, or `undefined` when the
   * refusal stands.
   */
  versionLocked?: { verify: () => Promise<unknown> };
  /** Name used in error messages. @default the first field of the document */
  operation?: string;
  signal?: AbortSignal;
}

/**
 * Sends GraphQL requests to a Headwater API (graphql-request underneath), turns failures
 * into {@link ClientError}s, and sends again, with backoff, the requests that are safe to
 * repeat. Given several API URLs it stays on the one that answers and moves to the next on a
 * refused connection, a lost answer (reset, timeout, HTTP 5xx that is no GraphQL answer) —
 * never on a 4xx or a GraphQL error answer, which every replica would give alike.
 */
export class GraphQLTransport {
  /** Every API URL, the primary first. */
  readonly apis: readonly string[];
  readonly hasToken: boolean;
  readonly #clients: GraphQLClient[];
  readonly #retries: number;
  readonly #minDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #timeoutMs: number;
  #current = 0;

  constructor(options: GraphQLTransportOptions) {
    this.apis = parseApiUrls(options.api);
    this.hasToken = Boolean(options.token);
    this.#retries = options.retry?.retries ?? 4;
    this.#minDelayMs = options.retry?.minDelayMs ?? 250;
    this.#maxDelayMs = options.retry?.maxDelayMs ?? 4000;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    const headers = () => ({
      ...options.headers?.(),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    });
    const fetch = options.fetch ?? nodeHttpFetch;
    this.#clients = this.apis.map((api) => new GraphQLClient(graphqlEndpoint(api), { headers, fetch }));
  }

  /** The API URL requests go to now: the primary, until it fails and another answers. */
  get api(): string {
    return this.apis[this.#current]!;
  }

  /** The GraphQL endpoint of {@link api}. */
  get endpoint(): string {
    return graphqlEndpoint(this.api);
  }

  async request<T>(
    document: string,
    variables: Record<string, unknown> = {},
    options: GraphQLRequestOptions = {},
  ): Promise<T> {
    const operation = options.operation ?? firstFieldName(document);
    const repeatable = options.idempotent === true || options.versionLocked !== undefined;
    // Every URL gets `retries + 1` attempts; backoff only after a round over all of them.
    const attempts = (this.#retries + 1) * this.apis.length;
    let answerLost = false;
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      const index = this.#current;
      const timeout = AbortSignal.timeout(this.#timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      try {
        return await this.#clients[index]!.request<T>({ document, variables, signal });
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        const lost = isAnswerLost(error);
        const again = isConnectionRefused(error) || (repeatable && lost);
        if (!(again && attempt < attempts)) {
          const failure = toClientError(error, {
            api: this.apis[index]!,
            operation,
            timeoutMs: this.#timeoutMs,
          });
          if (answerLost && options.versionLocked && VersionLockError.isInstance(failure)) {
            const applied = await options.versionLocked.verify();
            if (applied !== undefined) return applied as T;
          }
          throw failure;
        }
        answerLost ||= lost;
        // Concurrent requests may have moved on already; only the first failure moves.
        if (this.#current === index) this.#current = (index + 1) % this.apis.length;
        if (attempt % this.apis.length === 0)
          await sleep(this.#delay(attempt / this.apis.length - 1), undefined, { signal: options.signal });
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
