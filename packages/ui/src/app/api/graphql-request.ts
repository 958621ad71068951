import { ApiRequestError, toApiRequestError } from './api-request-error.js';

/** Same origin as the UI: the server serves both. */
export const GRAPHQL_ENDPOINT = '/graphql';

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Sends one GraphQL operation with the token as a bearer credential. Every failure becomes an
 * `ApiRequestError` whose message is meant to be shown as it is.
 */
export async function graphqlRequest<T>(
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: signal ?? null,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiRequestError(
      'NETWORK',
      `Could not reach the Headwater server at ${window.location.origin}. Check that it is running (\`headwater server start\`) and reload the page.`,
      error instanceof Error ? error.message : String(error),
    );
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw new ApiRequestError(
      'BAD_RESPONSE',
      `The server answered with HTTP ${response.status} and no readable result. Check that this page is served by a Headwater server.`,
    );
  }
  const first = body.errors?.[0];
  if (first) throw toApiRequestError(first.extensions?.code, first.message);
  if (body.data == null) {
    throw new ApiRequestError(
      'BAD_RESPONSE',
      `The server answered with HTTP ${response.status} and no data.`,
    );
  }
  return body.data;
}
