import type { Executor } from '../contracts/executor.js';
import { HeadwaterError } from '../errors/headwater-error.js';

/** Options of {@link LocalConcurrentExecutor}. */
export interface LocalConcurrentExecutorOptions {
  /**
   * Most pieces of work in flight at once.
   * @default 10
   */
  maxConcurrency?: number;
}

/**
 * Runs independent tasks concurrently in this process (async I/O overlaps), at most
 * `maxConcurrency` at a time.
 *
 * @example
 * ```ts
 * new RemoteEnvironment({ executor: 'LocalConcurrentExecutor', executorKwargs: { maxConcurrency: 4 } });
 * ```
 */
export class LocalConcurrentExecutor implements Executor {
  readonly specificationVersion = 'v1' as const;
  readonly name = '@headwater/core:LocalConcurrentExecutor';
  readonly maxConcurrency: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(options: LocalConcurrentExecutorOptions = {}) {
    const max = options.maxConcurrency ?? 10;
    if (!Number.isInteger(max) || max < 1) {
      throw new HeadwaterError({
        code: 'INVALID_EXECUTOR_OPTIONS',
        message: `maxConcurrency must be a whole number ≥ 1; got ${String(options.maxConcurrency)}.`,
      });
    }
    this.maxConcurrency = max;
  }

  async submit<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.maxConcurrency)
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running += 1;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      // Hand the slot straight to the next waiter; otherwise free it.
      if (next === undefined) this.#running -= 1;
      else next();
    }
  }

  map<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
    return Promise.all(items.map((item, i) => this.submit(() => work(item, i))));
  }

  wait<T>(futures: readonly Promise<T>[]): Promise<T[]> {
    return Promise.all(futures);
  }
}
