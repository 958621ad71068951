/** The `extensions.code` values the Headwater API returns, plus the two failures of the transport itself. */
export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'VERSION_LOCKING_ERROR'
  | 'CONFLICT'
  | 'INTERNAL'
  | 'NETWORK'
  | 'BAD_RESPONSE';

/** A failed API call, with a message written for the person using the UI. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly serverMessage?: string,
  ) {
    super(message);
  }
}

const KNOWN_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'VERSION_LOCKING_ERROR',
  'CONFLICT',
  'INTERNAL',
]);

/** Turns one GraphQL error into words a user can act on; the server's own text is kept where it helps. */
export function toApiRequestError(code: string | undefined, serverMessage: string): ApiRequestError {
  const known = (code && KNOWN_CODES.has(code) ? code : 'INTERNAL') as ApiErrorCode;
  switch (known) {
    case 'UNAUTHENTICATED':
      return new ApiRequestError(
        known,
        'The server did not accept your API token: it is unknown, expired or has been revoked. Sign in again with a valid token.',
        serverMessage,
      );
    case 'FORBIDDEN':
      return new ApiRequestError(
        known,
        'Your token is not allowed to do this. RUNNER tokens are for agents; sign in with a USER token to manage Headwater.',
        serverMessage,
      );
    case 'VERSION_LOCKING_ERROR':
      return new ApiRequestError(
        known,
        'Someone else changed this run at the same moment, so nothing was changed. The page now shows its latest state; try again if you still need to.',
        serverMessage,
      );
    case 'INTERNAL':
      return new ApiRequestError(
        known,
        `The server failed to do this (${serverMessage}). Try again; if it keeps failing, look at the server's log.`,
        serverMessage,
      );
    default:
      return new ApiRequestError(known, serverMessage, serverMessage);
  }
}
