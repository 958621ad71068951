import { ClientError as GraphQLRequestError } from 'graphql-request';
import { AuthorizationError } from '../errors/authorization-error.js';
import { ClientError, type ClientErrorDetails } from '../errors/client-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { VersionLockError } from '../errors/version-lock-error.js';

/** What the transport knew about a request that failed. */
export interface FailedRequest {
  api: string;
  operation: string;
  timeoutMs: number;
}

/**
 * Turns whatever a request threw (a GraphQL error answer, an HTTP error, a network
 * failure, a timeout) into the matching {@link ClientError} subclass.
 */
export function toClientError(error: unknown, request: FailedRequest): ClientError {
  if (ClientError.isInstance(error)) return error;
  const { api, operation } = request;
  if (error instanceof GraphQLRequestError) {
    const status = error.response.status;
    const first = error.response.errors?.[0];
    if (first) {
      const code = String(first.extensions?.code ?? 'INTERNAL');
      const serverMessage = (error.response.errors ?? []).map((e) => e.message).join('; ');
      const details = { code, operation, status, path: first.path, serverMessage, cause: error };
      switch (code) {
        case 'UNAUTHENTICATED':
          return new AuthorizationError({
            ...details,
            message: `The Headwater API at ${api} refused the credentials for ${operation}: ${serverMessage} Log in with \`headwater auth login --token <token>\` or set HEADWATER__CLOUD__AUTH_TOKEN.`,
          });
        case 'FORBIDDEN':
          return new AuthorizationError({
            ...details,
            message: `${operation} is not allowed with this token: ${serverMessage}`,
          });
        case 'NOT_FOUND':
          return new NotFoundError({ ...details, message: serverMessage });
        case 'VERSION_LOCKING_ERROR':
          return new VersionLockError({ ...details, message: `${operation} was refused: ${serverMessage}` });
        default:
          return new ClientError({ ...details, message: `${operation} failed: ${serverMessage}` });
      }
    }
    const body = error.response.body?.trim().slice(0, 200);
    const details: ClientErrorDetails = {
      code: 'HTTP_ERROR',
      operation,
      status,
      cause: error,
      message: `The Headwater API at ${api} answered ${operation} with HTTP ${status}${body ? `: ${body}` : ''}. Check that HEADWATER__CLOUD__API points at a Headwater server.`,
    };
    return status === 401 || status === 403 ? new AuthorizationError(details) : new ClientError(details);
  }
  if (isTimeout(error)) {
    return new ClientError({
      code: 'API_UNREACHABLE',
      operation,
      cause: error,
      message: `The Headwater API at ${api} did not answer ${operation} within ${request.timeoutMs / 1000} s. Check that the server is running and reachable.`,
    });
  }
  if (isNetworkError(error)) {
    const reason = describeCause(error);
    return new ClientError({
      code: 'API_UNREACHABLE',
      operation,
      cause: error,
      message: `Could not reach the Headwater API at ${api}${reason ? ` (${reason})` : ''}. Start a server with \`headwater server start\`, or point HEADWATER__CLOUD__API at a running one.`,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ClientError({
    code: 'INVALID_RESPONSE',
    operation,
    cause: error,
    message: `${operation} failed: the answer from ${api} could not be read (${message}).`,
  });
}

/** The request got no usable answer: fetch itself failed (refused, reset, DNS…). */
export function isNetworkError(error: unknown): error is TypeError {
  return error instanceof TypeError && !(error instanceof GraphQLRequestError);
}

/** The connection was refused: the request never reached the server, so sending it again is always safe. */
export function isConnectionRefused(error: unknown): boolean {
  return isNetworkError(error) && (error.cause as { code?: string } | undefined)?.code === 'ECONNREFUSED';
}

export function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/**
 * HTTP 5xx with no GraphQL answer in its body: a proxy in front of a replica that is down, or
 * an overloaded server, saying "try again". A 5xx that carries GraphQL errors is the API's
 * answer, which another attempt or replica would repeat.
 */
export function isRetryableStatus(error: unknown): boolean {
  return (
    error instanceof GraphQLRequestError &&
    error.response.status >= 500 &&
    !(error.response.errors && error.response.errors.length > 0)
  );
}

/**
 * The request may have reached a server, but no answer came back (a reset connection, a
 * timeout, a 5xx in place of an answer): whether it applied is unknown.
 */
export function isAnswerLost(error: unknown): boolean {
  return (
    (isNetworkError(error) && !isConnectionRefused(error)) || isTimeout(error) || isRetryableStatus(error)
  );
}

function describeCause(error: Error): string {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.message ?? cause?.code ?? '';
}
