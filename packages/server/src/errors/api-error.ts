import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.server.api-error';
const symbol = Symbol.for(marker);

/** The `extensions.code` values of the Headwater API. */
export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'VERSION_LOCKING_ERROR'
  | 'CONFLICT'
  | 'NOT_CONFIGURED'
  | 'INTERNAL';

/**
 * An error the API returns to its caller as a GraphQL error with `extensions.code`, plus
 * `extensions.limit` when a size limit refused the request and `extensions.details` for data.
 *
 * @example
 * ```ts
 * throw new ApiError({ code: 'NOT_FOUND', message: `Flow ${id} was not found in this tenant.` });
 * ```
 */
export class ApiError extends HeadwaterError {
  readonly [symbol] = true;
  declare readonly code: ApiErrorCode;
  /** Which limit refused the request (e.g. `pageSize`), if one did. */
  readonly limit: string | undefined;
  /** Data for the caller, e.g. `{ id, expectedVersion, actualVersion }`. */
  readonly details: Record<string, unknown> | undefined;

  constructor(options: {
    code: ApiErrorCode;
    message: string;
    limit?: string;
    details?: Record<string, unknown>;
    cause?: unknown;
  }) {
    super({ code: options.code, message: options.message, cause: options.cause });
    this.name = 'ApiError';
    this.limit = options.limit;
    this.details = options.details;
  }

  static override isInstance(error: unknown): error is ApiError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
