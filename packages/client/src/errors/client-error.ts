import { HeadwaterError } from '@headwater/core/base';

const marker = 'headwater.client.error';
const symbol = Symbol.for(marker);

/** Where a failed request went and what came back, kept on every {@link ClientError}. */
export interface ClientErrorDetails {
  /** What failed, why, and what to do next. */
  message: string;
  /**
   * The server's `extensions.code` (`BAD_USER_INPUT`, `INTERNAL`, …), or one of the client's own:
   * `API_UNREACHABLE` (no answer), `HTTP_ERROR` (an answer that is not GraphQL),
   * `INVALID_RESPONSE` (GraphQL without the expected data).
   */
  code: string;
  /** The GraphQL operation, e.g. `createProject`. */
  operation?: string;
  /** HTTP status of the answer, when there was one. */
  status?: number;
  /** Path of the failing field in the GraphQL answer. */
  path?: readonly (string | number)[];
  /** The server's own error message(s), without the client's advice around them. */
  serverMessage?: string;
  cause?: unknown;
}

/**
 * A request to the Headwater API failed. `code` is the server's `extensions.code`, so
 * callers can branch on it; the subclasses mark the codes that need their own handling.
 *
 * @example
 * ```ts
 * try { await client.createProject({ projectName: 'etl' }) } catch (e) {
 *   if (ClientError.isInstance(e) && e.code === 'BAD_USER_INPUT') console.error(e.message);
 * }
 * ```
 */
export class ClientError extends HeadwaterError {
  readonly [symbol] = true;
  readonly operation: string | undefined;
  readonly status: number | undefined;
  readonly path: readonly (string | number)[] | undefined;
  readonly serverMessage: string | undefined;

  constructor({ message, code, operation, status, path, serverMessage, cause }: ClientErrorDetails) {
    super({ code, message, cause });
    this.name = 'ClientError';
    this.operation = operation;
    this.status = status;
    this.path = path;
    this.serverMessage = serverMessage;
  }

  /** True for any ClientError (and its subclasses), from any copy of `@headwater/client`. */
  static override isInstance(error: unknown): error is ClientError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
