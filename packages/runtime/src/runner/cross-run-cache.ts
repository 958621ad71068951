import type { Client } from '@headwater/client';
import { type Cached, deserializeState, type RunnerHooks, type State } from '@headwater/core';

/**
 * Cross-run caching for a run process: a task with `cacheFor` is offered the Cached states
 * other runs stored under its cache key (any flow of the tenant, newest first; its cache
 * validator picks one), and the reporter learns under which key a Cached state is stored and
 * from which task run a reused one came. Each state carries its result as the result handler
 * wrote it, so the value is read back through that handler.
 *
 * @example
 * ```ts
 * const cache = new CrossRunCache(client);
 * const hooks: RunnerHooks = { cachedStates: cache.cachedStates };
 * ```
 */
export class CrossRunCache {
  readonly #client: Client;
  /** The task run each state handed out came from. */
  readonly #sources = new WeakMap<State, string>();

  constructor(client: Client) {
    this.#client = client;
  }

  /** The `cachedStates` hook; it also records the key in the task run's context (`cacheKey`). */
  readonly cachedStates: NonNullable<RunnerHooks['cachedStates']> = async ({ context, cacheKey }) => {
    context.cacheKey = cacheKey;
    // Without an answer the task computes its result, as it would with an empty cache.
    const stored = await this.#client.cachedTaskRunStates(cacheKey).catch(() => []);
    const states: Cached[] = [];
    for (const entry of stored) {
      if (entry.taskRunId === context.taskRunId) continue;
      const state = deserializeState(entry.serializedState);
      if (!state.isCached()) continue;
      this.#sources.set(state, entry.taskRunId);
      states.push(state as Cached);
    }
    return states;
  };

  /** The task run a Cached state handed out by {@link cachedStates} came from. */
  sourceOf(state: State): string | undefined {
    return this.#sources.get(state);
  }
}
