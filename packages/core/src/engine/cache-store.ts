import type { Cached } from '../states/state.js';

/** Cached states by cache key, kept for the life of the process (like a flow runner's memory). */
export class CacheStore {
  readonly #entries = new Map<string, Cached[]>();

  get(key: string): readonly Cached[] {
    return this.#entries.get(key) ?? [];
  }

  add(key: string, state: Cached): void {
    const list = this.#entries.get(key);
    if (list === undefined) this.#entries.set(key, [state]);
    else list.unshift(state);
  }
}

/** The process-wide store `flow.run` uses unless given another. */
export const processCache = new CacheStore();
