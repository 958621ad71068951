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
  #tail: Promise<unknown> = Promise.resolve();

  submit<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work);
    this.#tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
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
