import type { Executor } from '../contracts/executor.js';

/** Work waiting for its turn, and who hears how it ended. */
interface Queued {
  work: () => Promise<unknown>;
  fulfilled: (value: any) => void;
  rejected: (reason: unknown) => void;
}

const ignore = () => {};

/**
 * The engine's way into a {@link LocalExecutor}: runs `work` in its turn and calls back with
 * its outcome, without the promise `submit` makes for each piece of work.
 */
export const runInTurn = Symbol('LocalExecutor.runInTurn');

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
  /** The work running now; undefined when idle. */
  #current: Queued | undefined;

  readonly #fulfilled = (value: unknown) => {
    const current = this.#current!;
    this.#startNext();
    current.fulfilled(value);
  };

  readonly #rejected = (reason: unknown) => {
    const current = this.#current!;
    this.#startNext();
    current.rejected(reason);
  };

  submit<T>(work: () => Promise<T>): Promise<T> {
    // Idle: the work starts at once and its own promise is the answer.
    if (this.#current === undefined) {
      const queued: Queued = { work, fulfilled: ignore, rejected: ignore };
      return this.#start(queued) as Promise<T>;
    }
    return new Promise<T>((fulfilled, rejected) => {
      this.#queue.push({ work, fulfilled, rejected });
    });
  }

  [runInTurn]<T>(
    work: () => Promise<T>,
    fulfilled: (value: T) => void,
    rejected: (reason: unknown) => void,
  ): void {
    const queued: Queued = { work, fulfilled, rejected };
    if (this.#current === undefined) this.#start(queued);
    else this.#queue.push(queued);
  }

  #start(queued: Queued): Promise<unknown> {
    this.#current = queued;
    let running: Promise<unknown>;
    try {
      running = queued.work();
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(this.#fulfilled, this.#rejected);
    return running;
  }

  #startNext(): void {
    const queued = this.#queue[this.#next];
    if (queued === undefined) {
      this.#queue = [];
      this.#next = 0;
      this.#current = undefined;
      return;
    }
    this.#queue[this.#next] = undefined as unknown as Queued;
    this.#next += 1;
    this.#start(queued);
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
