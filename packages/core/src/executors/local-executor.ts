import type { Executor } from '../contracts/executor.js';

/**
 * Runs one piece of work at a time, in the order submitted. The default executor.
 *
 * @example
 * ```ts
 * await flow.run({ executor: new LocalExecutor() });
 * ```
 */
export class LocalExecutor implements Executor {
  readonly specificationVersion = 'v1' as const;
  readonly name = '@headwater/core:LocalExecutor';
  #queue: (() => Promise<void>)[] = [];
  #draining = false;

  submit<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push(() => work().then(resolve, reject));
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      // An index instead of shift(): a fan-out can queue thousands of tasks at once.
      for (let i = 0; i < this.#queue.length; i += 1) await this.#queue[i]!();
    } finally {
      this.#queue = [];
      this.#draining = false;
    }
  }

  async map<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const results: R[] = [];
    for (let i = 0; i < items.length; i += 1) results.push(await this.submit(() => work(items[i]!, i)));
    return results;
  }

  wait<T>(futures: readonly Promise<T>[]): Promise<T[]> {
    return Promise.all(futures);
  }
}
