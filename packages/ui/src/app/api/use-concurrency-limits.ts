import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  CONCURRENCY_LIMITS_QUERY,
  type ConcurrencyLimit,
  DELETE_CONCURRENCY_LIMIT,
  SET_CONCURRENCY_LIMIT,
} from './limit-documents.js';
import { useApiQuery, useApiRequest } from './use-api.js';

const QUERY_KEY = ['concurrency-limits'];

/** What a limit is on: a task tag, or a flow (any version of it, or its flow group). */
export type LimitTarget = { tag: string } | { flowId: string } | { flowGroupId: string };

/** The API's key for an existing limit. */
export function targetOf(limit: ConcurrencyLimit): LimitTarget {
  return limit.kind === 'TASK_TAG' ? { tag: limit.tag ?? '' } : { flowGroupId: limit.flowGroupId ?? '' };
}

/** Every concurrency limit of the tenant, with the slots taken now. */
export function useConcurrencyLimits() {
  return useApiQuery<{ concurrencyLimits: ConcurrencyLimit[] }>(QUERY_KEY, CONCURRENCY_LIMITS_QUERY);
}

/**
 * Sets (creates or changes) a limit; stays pending until the limits are loaded again, so the
 * page never shows the old slots after the change went through.
 */
export function useSetConcurrencyLimit() {
  const queryClient = useQueryClient();
  const request = useApiRequest();
  return useMutation<unknown, Error, LimitTarget & { slots: number }>({
    mutationFn: (input) => request(SET_CONCURRENCY_LIMIT, { input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: QUERY_KEY }),
  });
}

/** Deletes a limit; pending until the limits are loaded again. */
export function useDeleteConcurrencyLimit() {
  const queryClient = useQueryClient();
  const request = useApiRequest();
  return useMutation<unknown, Error, LimitTarget>({
    mutationFn: (input) => request(DELETE_CONCURRENCY_LIMIT, { input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: QUERY_KEY }),
  });
}
