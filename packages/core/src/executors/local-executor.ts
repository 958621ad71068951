import type { Executor } from '../contracts/executor.js';

/** Work waiting for its turn, with the settling functions of the promise `submit` returned. */
interface Queued {
  work: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

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
  #queue: Queued[] = [];
  /** Index of the next queued work: an index instead of shift(), a fan-out queues thousands. */
  #next = 0;
  #busy = false;
  /** Starts the next queued work once the current one settled. */
  readonly #settled = () => {
    const queued = this.#queue[this.#next];
    if (queued === undefined) {
      this.#queue = [];
      this.#next = 0;
      this.#busy = false;
      return;
    }
    this.#queue[this.#next] = undefined as unknown as Queued;
    this.#next += 1;
    this.#start(queued.work).then(queued.resolve, queued.reject);
  };

  submit<T>(work: () => Promise<T>): Promise<T> {
    // Idle: the work starts at once and its own promise is the answer (no wrapper per task).
    if (!this.#busy) {
      this.#busy = true;
      return this.#start(work);
    }
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  #start<T>(work: () => Promise<T>): Promise<T> {
    let running: Promise<T>;
    try {
      running = work();
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(this.#settled, this.#settled);
    return running;
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
