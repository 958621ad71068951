import {
  type QueryKey,
  type UseQueryOptions,
  type UseQueryResult,
  useMutation,
  useQuery,
} from '@tanstack/react-query';
import { useCallback } from 'react';
import { useSessionContext } from '../auth/session.js';
import { ApiRequestError } from './api-request-error.js';
import { graphqlRequest } from './graphql-request.js';

type Variables = Record<string, unknown>;

/**
 * A request function bound to the signed-in token. A token the server no longer accepts (revoked,
 * expired) signs the user out with the reason.
 */
export function useApiRequest(): <T>(query: string, variables?: Variables) => Promise<T> {
  const { state, signOut } = useSessionContext();
  const token = state.status === 'signed-in' ? state.session.token : null;
  return useCallback(
    async <T>(query: string, variables?: Variables): Promise<T> => {
      try {
        return await graphqlRequest<T>(token, query, variables);
      } catch (error) {
        if (error instanceof ApiRequestError && error.code === 'UNAUTHENTICATED') signOut(error.message);
        throw error;
      }
    },
    [token, signOut],
  );
}

type QueryOptions<T> = Omit<UseQueryOptions<T, Error, T, QueryKey>, 'queryKey' | 'queryFn'>;

export function useApiQuery<T>(
  key: QueryKey,
  query: string,
  variables?: Variables,
  options?: QueryOptions<T>,
): UseQueryResult<T, Error> {
  const request = useApiRequest();
  return useQuery<T, Error>({
    queryKey: [...key, variables],
    queryFn: () => request<T>(query, variables),
    ...options,
  });
}

export function useApiMutation<T, V extends Variables>(query: string) {
  const request = useApiRequest();
  return useMutation<T, Error, V>({ mutationFn: (variables) => request<T>(query, variables) });
}

/** Retries only failures that may pass on a second try (a network blip, a server fault). */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  return !(error instanceof ApiRequestError) || error.code === 'NETWORK' || error.code === 'INTERNAL';
}
