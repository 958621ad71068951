import { fromJson } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import type { Store } from './store.js';

/** A Cached task-run state another run may reuse. */
export interface CachedTaskRunStateModel {
  taskRunId: string;
  flowRunId: string;
  serializedState: Record<string, unknown>;
  timestamp: string;
}

const MAX_CACHED_STATES = 100;

/** When a serialized Cached state expires; null when it never does. */
function expiration(state: Record<string, unknown>): number | null {
  const value = state.cached_result_expiration;
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

/**
 * The newest unexpired Cached task-run states of the tenant stored under `cacheKey` (by any
 * flow), newest first. The caller's cache validator decides which one, if any, it reuses.
 */
export async function cachedTaskRunStates(
  store: Store,
  tenantId: string,
  cacheKey: string,
  first: number,
): Promise<CachedTaskRunStateModel[]> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_CACHED_STATES) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `first must be between 1 and ${MAX_CACHED_STATES}.`,
    });
  }
  if (cacheKey === '') throw new ApiError({ code: 'BAD_USER_INPUT', message: 'cacheKey must not be empty.' });
  const rows = await store.db
    .selectFrom('task_run')
    .select(['id', 'flow_run_id', 'serialized_state', 'state_timestamp'])
    .where('tenant_id', '=', tenantId)
    .where('cache_key', '=', cacheKey)
    .where('state', '=', 'Cached')
    .orderBy('state_timestamp', 'desc')
    .limit(first)
    .execute();
  const now = Date.now();
  return rows
    .map((row) => ({
      taskRunId: row.id,
      flowRunId: row.flow_run_id,
      serializedState: fromJson<Record<string, unknown>>(row.serialized_state),
      timestamp: row.state_timestamp,
    }))
    .filter((cached) => {
      const expires = expiration(cached.serializedState);
      return expires === null || expires > now;
    });
}
